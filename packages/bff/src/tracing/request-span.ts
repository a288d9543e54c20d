import type { IncomingMessage } from 'node:http';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';

export interface RequestSpan {
  span: Span;
  /** The context to run the request in (the span is active in it). */
  context: Context;
  /** Sets the outcome and ends the span, if this module started it. */
  end(status: number): void;
}

/**
 * The server span of one request. When the http instrumentation is loaded it
 * has already started one (from the incoming `traceparent`): this only names
 * it after the route (`GET /tiles/{source}/{z}/{x}/{y}`, never the URL) and
 * the instrumentation ends it. Otherwise (the instrumentation could not patch
 * node:http, or a test registered only a provider) it starts the span itself,
 * continuing the caller's W3C trace context.
 */
export function startRequestSpan(tracer: Tracer, req: IncomingMessage, route: string | undefined): RequestSpan {
  const method = req.method ?? 'GET';
  const name = route ? `${method} ${route}` : method;
  const active = trace.getSpan(context.active());
  if (active) {
    active.updateName(name);
    if (route) active.setAttribute('http.route', route);
    return { span: active, context: context.active(), end: () => {} };
  }
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const span = tracer.startSpan(name, { kind: SpanKind.SERVER, attributes: { 'http.request.method': method, ...(route ? { 'http.route': route } : {}) } }, parent);
  return {
    span,
    context: trace.setSpan(parent, span),
    end(status) {
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    },
  };
}
