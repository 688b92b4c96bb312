/**
 * OpenTelemetry traces, on only when OTEL_EXPORTER_OTLP_ENDPOINT is set. Then spans for incoming HTTP,
 * Express routing, GraphQL parse/validate/execute and resolvers, and PostgreSQL queries are exported over
 * OTLP/HTTP (JSON) to `<endpoint>/v1/traces`; the standard OTEL_* variables (OTEL_SERVICE_NAME,
 * OTEL_EXPORTER_OTLP_HEADERS, OTEL_BSP_SCHEDULE_DELAY, OTEL_TRACES_SAMPLER, …) apply as usual.
 *
 * The SDK is loaded with require() inside the function, never imported at the top: with the variable
 * unset not one OpenTelemetry module is loaded, so start-up time does not grow. It must run before
 * express, http, graphql and pg are loaded, so main.ts imports this file first.
 */
export interface Tracing {
  shutdown(): Promise<void>;
}

/** Whether traces are asked for: an OTLP endpoint is set. */
export const tracingRequested = (env: NodeJS.ProcessEnv = process.env): boolean =>
  Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);

export function startTracing(env: NodeJS.ProcessEnv = process.env): Tracing | undefined {
  if (!tracingRequested(env)) return undefined;
  // Traces only: the hub's metrics are on /metrics, its logs are pino's JSON lines.
  env.OTEL_METRICS_EXPORTER ??= 'none';
  env.OTEL_LOGS_EXPORTER ??= 'none';
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation } =
    require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  const { GraphQLInstrumentation } =
    require('@opentelemetry/instrumentation-graphql') as typeof import('@opentelemetry/instrumentation-graphql');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? 'mom-hub',
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes would drown the traces that matter.
        ignoreIncomingRequestHook: (req) => /^\/(healthz|readyz|metrics)\b/.test(req.url ?? ''),
      }),
      new ExpressInstrumentation(),
      // Trivial field resolvers (a property read) would be a span each; only resolvers that do work are kept.
      new GraphQLInstrumentation({ ignoreTrivialResolveSpans: true, mergeItems: true }),
      new PgInstrumentation(),
    ],
  });
  sdk.start();
  return {
    async shutdown() {
      // Sends what is still buffered; a collector that is gone must not hold the shutdown up.
      await Promise.race([sdk.shutdown().catch(() => undefined), new Promise((r) => setTimeout(r, 3000).unref())]);
    },
  };
}

/** Started as this module loads, so importing it first in main.ts instruments everything after it. */
export const tracing = startTracing();
