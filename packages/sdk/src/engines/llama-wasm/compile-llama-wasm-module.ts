/**
 * Compiles the module's wasm file. Streaming where the server sends `application/wasm`, else from
 * the whole file (a server with another MIME type makes `compileStreaming` refuse).
 */
export async function compileWasm(url: string): Promise<WebAssembly.Module> {
  const get = async (): Promise<Response> => {
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
    return response;
  };
  try {
    return await WebAssembly.compileStreaming(get());
  } catch {
    return WebAssembly.compile(await (await get()).arrayBuffer());
  }
}

const compiled = new Map<string, Promise<WebAssembly.Module | undefined>>();

/**
 * The module of `url`, compiled once per page and kept for every later engine Worker: a Worker
 * that gets it by postMessage instantiates it without compiling, and since V8 shares one module's
 * code between the Workers it is posted to, the optimized code that earlier engines' work produced
 * comes with it, so a later load's warm-up token does not run on the baseline compiler's code.
 * The price is the compiled code's memory, held while the page lives. `undefined` when the compile
 * fails: the Worker then compiles by itself and reports the error as its load's.
 */
export function compiledLlamaWasmModule(url: string): Promise<WebAssembly.Module | undefined> {
  let module = compiled.get(url);
  if (!module) {
    module = compileWasm(url).catch(() => {
      compiled.delete(url);
      return undefined;
    });
    compiled.set(url, module);
  }
  return module;
}
