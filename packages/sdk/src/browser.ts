// The browser bundle's entry: `packages/sdk/vite.browser.config.ts` builds it into one ES module,
// `dist-browser/hearth.js`, which the gateway serves at `/sdk/hearth.js` for pages that use no
// bundler. Such a page has no subpaths to import, so the bundle carries the root entry and every
// browser-safe subpath's names; `./node`, `./test` and `./http`'s Node users are not here.
export * from './index.ts';
export * from './entries/engines.ts';
export * from './entries/planner.ts';
export * from './entries/store.ts';
export * from './entries/hub.ts';
export * from './entries/structured.ts';
export * from './entries/tasks.ts';
export * from './entries/privacy.ts';
export * from './entries/eval.ts';
export * from './entries/gguf.ts';
export * from './entries/openai.ts';
