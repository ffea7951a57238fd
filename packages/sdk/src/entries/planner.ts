// `@hearth/sdk/planner`: what the device can do (`probeDevice`), which models exist (the catalog),
// and `plan()`, the pure function from both to ordered routes and reasons.
export { plan, type PlanInput, type RemoteTarget } from '../planner/plan.ts';
export { REJECTION_REASONS, ROUTE_REASONS, because } from '../planner/plan-reasons.ts';
export { probeDevice, type ProbeDeviceOptions, type EngineBenchmarkHook } from '../probe/probe-device.ts';
export { probeWebGpu, type WebGpuNavigator } from '../probe/probe-webgpu.ts';
export { detectWasmSupport } from '../probe/wasm-support.ts';
export { PROFILE_CACHE_KEY, type ProfileCacheStorage } from '../probe/device-profile-cache.ts';
export { parseCatalog, shippedCatalog, mergeCatalog, type MergeCatalogOptions } from '../catalog/load-catalog.ts';
export {
  catalogSchema,
  catalogModelSchema,
  type Catalog,
  type CatalogModel,
  type CatalogModelInput,
  type CatalogVariant,
  type CatalogMlcBuild,
  type CatalogFile,
  type CatalogAdapter,
} from '../catalog/catalog-schema.ts';
export {
  estimateMemoryFromHeaders,
  estimateMemoryFromCatalog,
  computeBufferBytes,
  kvCacheBytes,
  shapeFromHeader,
  type MemoryEstimate,
  type MemoryEstimateOptions,
  type ModelShape,
} from '../planner/memory-estimate.ts';
export { readModelEstimate, type ReadModelEstimateOptions } from '../planner/read-model-estimate.ts';
export { estimateDecodeSpeed, engineThreads, type SpeedEstimate } from '../planner/speed-estimate.ts';
export { TASK_DEFAULTS, TASK_NAMES, type TaskDefaults } from '../planner/task-defaults.ts';
export { describePlan, describeProfile } from '../planner/describe-plan.ts';
export { formatSize } from '../planner/format-size.ts';
export { REFERENCE_DEVICES, type ReferenceDeviceName } from '../planner/reference-devices.ts';
