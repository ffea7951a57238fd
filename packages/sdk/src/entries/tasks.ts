// `@hearth/sdk/tasks`: the task APIs on any EngineV1 (the classes are in the root entry too),
// extraction and classification, proofreading's diff, and prompt packs as data.
export * from '../tasks/index.ts';
