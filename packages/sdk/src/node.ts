// Node entry: engines and helpers that need Node (native llama.cpp, the file system).
export { NodeLlamaCppEngine, type NodeLlamaCppEngineOptions } from './engines/node-llama-cpp/node-llama-cpp-engine.ts';
