export { createGateway, type GatewayDeps } from './create-gateway.ts';
export { startGateway, gatewayEnv, type GatewayOptions, type RunningGateway } from './start-gateway.ts';
export { ModelRegistry, sha256File, type ModelEntry, type RegisteredModel } from './models/model-registry.ts';
export { createJsonLogger, type Logger, type LogLevel } from './http/logger.ts';
export { toOpenAIError } from './http/openai-error.ts';
