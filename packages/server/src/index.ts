export { createGateway, type GatewayDeps } from './create-gateway.ts';
export { startGateway, type GatewayOptions, type RunningGateway } from './start-gateway.ts';
export { loadGatewayConfig, parseGatewayConfig, gatewayConfigSchema, type GatewayConfig, type GatewayConfigInput, type Scope } from './config/gateway-config.ts';
export { AccessControl, newApiKey } from './access/access-control.ts';
export { UpstreamPool } from './upstream/upstream-pool.ts';
export { Metrics } from './http/metrics.ts';
export { ModelRegistry, sha256File, type ModelEntry, type RegisteredModel } from './models/model-registry.ts';
export { createJsonLogger, type Logger, type LogLevel } from './http/logger.ts';
export { toOpenAIError } from './http/openai-error.ts';
