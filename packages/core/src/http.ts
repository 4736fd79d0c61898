/**
 * `@foundation-telemetry/core/http`: HTTP spans and metrics from Node's `diagnostics_channel`,
 * with no monkey-patching, and route naming for Express, Fastify and Hono.
 */
export { instrumentHttp } from './http/instrumentHttp.ts'
export type { HttpTelemetry, InstrumentHttpOptions, OutgoingRequestInfo } from './http/options.ts'
export { expressRoute, fastifyRoute, honoRoute, nameHttpRoute, routeOf } from './http/route.ts'
export { HTTP_SERVER_REQUEST_DURATION } from './http/semconv.ts'
