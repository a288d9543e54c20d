import { createRequire } from 'node:module';
import { trace, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ConsoleSpanExporter, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Config } from '../config.js';
import { registerGraphqlInstrumentation } from '../graphql/register-instrumentation.js';

export interface Tracing {
  /** What the BFF's own spans (tile request, cache lookup, Martin fetch) are made with. */
  tracer: Tracer;
  /** Flushes spans still queued; call on shutdown. */
  shutdown(): Promise<void>;
}

/** Requests that would only add noise: probes and scrapes. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics', '/health']);

/**
 * Registers the OpenTelemetry trace SDK: once, at the entry point, before
 * `start-bff` (and with it node:http's users, ioredis and graphql) is
 * imported, so the instrumentations can patch those modules as they load.
 *
 * Parts: a `NodeTracerProvider` (AsyncLocalStorage context, W3C
 * `traceparent`/`baggage` propagation, sampler from `OTEL_TRACES_SAMPLER`),
 * a batching OTLP/HTTP protobuf exporter (endpoint and headers from the
 * standard `OTEL_EXPORTER_OTLP_*` variables) or the console, and the http,
 * ioredis and graphql instrumentations. Not `@opentelemetry/sdk-node`: it
 * brings gRPC, logs and metrics exporters the BFF does not use.
 */
export function startTracing(config: Config['tracing']): Tracing | undefined {
  if (!config.exporter) return undefined;
  const resource = resourceFromAttributes({ 'service.name': 'map-bff', 'service.version': config.serviceVersion })
    // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win over the defaults above.
    .merge(detectResources({ detectors: [envDetector] }));
  const exporter = config.exporter === 'console' ? new ConsoleSpanExporter() : new OTLPTraceExporter();
  const provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(exporter)] });
  provider.register();

  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => QUIET_PATHS.has((req.url ?? '').split('?')[0]!),
        ignoreOutgoingRequestHook: (req) => QUIET_PATHS.has(String(req.path ?? '').split('?')[0]!),
      }),
      // Only commands made for a request: not reconnects or the breaker's probes.
      new IORedisInstrumentation({ requireParentSpan: true }),
      registerGraphqlInstrumentation(),
    ],
  });
  // The instrumentations patch modules through require hooks. The BFF is ESM,
  // and an ESM import of a CommonJS package does not go through `require`, so
  // load each one here once: the patched exports are what the later imports get
  // (node:http's exports object and the CommonJS module cache are shared).
  const require = createRequire(import.meta.url);
  for (const id of ['node:http', 'node:https', 'ioredis', 'graphql']) require(id);

  return { tracer: trace.getTracer('@org/map-bff', config.serviceVersion), shutdown: () => provider.shutdown() };
}
