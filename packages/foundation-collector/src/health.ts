/**
 * `@foundation-telemetry/foundation-collector/health`: health checks as telemetry, and a `/health`
 * handler.
 */
export type {
  CheckOptions,
  CheckReport,
  CheckResult,
  HealthCheck,
  HealthRegistry,
  HealthRegistryOptions,
  HealthReport,
  HealthResponse,
  HealthStatus,
} from './healthRegistry.ts'
export { createHealthRegistry } from './healthRegistry.ts'
