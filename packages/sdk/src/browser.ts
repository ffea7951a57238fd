// The browser bundle's entry: `packages/sdk/vite.browser.config.ts` builds it into one ES module,
// `dist-browser/hearth.js`, which the gateway serves at `/sdk/hearth.js` for pages that use no
// bundler. Everything the browser-safe entry exports, nothing more.
export * from './index.ts';
