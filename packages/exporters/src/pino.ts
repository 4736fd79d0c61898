/**
 * `@foundation-telemetry/exporters/pino`: pino records tied to traces (and, optionally, sent as
 * OpenTelemetry logs through the telemetry's log processors).
 */
export type { LogBridgeOptions } from './logs/bridgeTelemetry.ts'
export type { PinoTelemetryOptions } from './logs/pinoBridge.ts'
export { pinoSeverity, pinoTelemetry } from './logs/pinoBridge.ts'
