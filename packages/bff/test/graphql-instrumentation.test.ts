import { describe, expect, it } from 'vitest';
import { registerGraphqlInstrumentation } from '../src/graphql/register-instrumentation.js';

describe('registerGraphqlInstrumentation', () => {
  it('builds the OpenTelemetry GraphQL instrumentation without recording variable values', () => {
    const instrumentation = registerGraphqlInstrumentation({ enabled: false });
    expect(instrumentation.instrumentationName).toBe('@opentelemetry/instrumentation-graphql');
    expect(instrumentation.getConfig()).toMatchObject({ allowValues: false, mergeItems: true, ignoreTrivialResolveSpans: true });
  });
});
