// Node entry: engines and helpers that need Node (native llama.cpp, the file system).
export { NodeLlamaCppEngine, type NodeLlamaCppEngineOptions } from './engines/node-llama-cpp/node-llama-cpp-engine.ts';
export { openNodeModelStore, defaultNodeStoreDir } from './store/open-node-model-store.ts';
export { NodeFsBackend } from './store/node-fs-backend.ts';
export { JsonFileStoreIndex } from './store/json-file-store-index.ts';
export { sha256File, sha256FileAndChunks } from './files/sha256-file.ts';
export { probeNodeDevice, type ProbeNodeDeviceOptions } from './probe/probe-node-device.ts';
