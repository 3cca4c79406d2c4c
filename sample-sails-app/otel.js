// Preloaded with `node --require ./otel.js` (ecosystem.config.js). Starts OpenTelemetry only when an
// OTLP endpoint is configured; Aspire sets OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL
// (grpc or http/protobuf), OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES. The SDK reads those itself
// and exports traces, metrics and logs over the configured protocol. Without an endpoint, nothing loads.
if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT) {
  const { NodeSDK } = require('@opentelemetry/sdk-node');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg');
  const { RedisInstrumentation } = require('@opentelemetry/instrumentation-redis');

  const PROBE_PATHS = new Set(['/healthz', '/readyz']);

  new NodeSDK({
    instrumentations: [
      // Health probes arrive every few seconds; tracing them would drown the real requests.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => PROBE_PATHS.has(req.url) }),
      // Sails' built-in middleware and its wildcard routes (`/*`: policies, CSRF, blueprints) are
      // about twenty layers of every request, each its own zero-length span; only the route's own
      // handler is kept. The server span still takes the route from Express (GET /api/messages).
      new ExpressInstrumentation({
        ignoreLayersType: ['middleware', 'router'],
        ignoreLayers: ['request handler - /*'],
      }),
      new PgInstrumentation(),
      new RedisInstrumentation(),
    ],
  }).start();
}
