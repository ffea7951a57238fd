// Vite emits these files as they are and gives their URL (`?url`), never a data: URL
// (`no-inline`): emscripten's glue loads its wasm and pthread Worker by URL.
declare module '*?url&no-inline' {
  const url: string;
  export default url;
}
