// `@hearth/tools/testing`: real local parts for tests and the bench (no mocks): headless Chromium,
// gateways that record or count what they serve, a proxy that cuts connections, a logger to read.
export { launchChromium } from './chromium.ts';
export { captureLogger } from './capture-logger.ts';
export { startRecordingGateway, type RecordedRequest } from './recording-gateway.ts';
export { startCountingGateway, type ServedRequest } from './store-counting-gateway.ts';
export { startCuttingProxy } from './store-cutting-proxy.ts';
