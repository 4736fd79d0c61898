/**
 * `@foundation-telemetry/exporters/winston`: winston records tied to traces (and, optionally, sent
 * as OpenTelemetry logs through the telemetry's log processors).
 */
export type { LogBridgeOptions } from './logs/bridgeTelemetry.ts'
export type { WinstonFormat, WinstonInfo } from './logs/winstonBridge.ts'
export { winstonSeverity, winstonTelemetry } from './logs/winstonBridge.ts'
