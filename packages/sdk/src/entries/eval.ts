// `@hearth/sdk/eval`: evaluation on the device and private telemetry (local differential privacy,
// the device's budget, the reporter); the gateway debiases with the same functions.
export * from '../eval/index.ts';
