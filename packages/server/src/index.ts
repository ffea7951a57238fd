export { createGateway, type GatewayDeps } from './create-gateway.ts';
export { startGateway, type GatewayOptions, type RunningGateway } from './start-gateway.ts';
export {
  loadGatewayConfig,
  parseGatewayConfig,
  gatewayConfigSchema,
  type GatewayConfig,
  type GatewayConfigInput,
  type Scope,
} from './config/gateway-config.ts';
export { AccessControl, newApiKey } from './access/access-control.ts';
export { UpstreamPool } from './upstream/upstream-pool.ts';
export { Metrics } from './http/metrics.ts';
export { ModelRegistry, type ModelEntry, type RegisteredModel } from './models/model-registry.ts';
export { createJsonLogger, type Logger, type LogLevel } from './http/logger.ts';
export { toOpenAIError } from './http/openai-error.ts';
export { TelemetryHost } from './telemetry/telemetry-routes.ts';
export { TelemetryStore, type TelemetryStoreOptions } from './telemetry/telemetry-store.ts';
export { telemetryBatchSchema, MAX_REPORTS_PER_BATCH, MAX_BATCH_BYTES } from './telemetry/telemetry-schema.ts';
export { estimateShares, predictedHalfWidth, type NoisedCount, type ShareEstimate } from './telemetry/estimate.ts';
export {
  buildDashboardSummary,
  loadAggregates,
  type DashboardSummary,
  type DashboardAggregates,
  type EstimateCell,
  type CountCell,
  type PassRate,
  type Distribution,
} from './dashboard/dashboard-summary.ts';
