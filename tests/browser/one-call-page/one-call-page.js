/* global window, navigator */
// The page's code, from a file: the gateway serves its pages with a strict CSP (no inline script).
// The page keeps a list of the Workers it starts, so a test can kill one from outside the
// way a browser kills a Worker that ran out of memory: silently, with no error event.
const started = [];
const NativeWorker = window.Worker;
window.Worker = class extends NativeWorker {
  constructor(url, options) {
    super(url, options);
    started.push({ name: options?.name ?? '', worker: this });
  }
};
window.startedWorkers = started;
// What this origin keeps in OPFS, as "path:size": where model bytes would stay behind.
window.opfsFiles = async () => {
  const names = [];
  const walk = async (dir, prefix) => {
    for await (const [name, handle] of dir.entries()) {
      if (handle.kind === 'directory') await walk(handle, `${prefix}${name}/`);
      else names.push(`${prefix}${name}:${(await handle.getFile()).size}`);
    }
  };
  await walk(await navigator.storage.getDirectory(), '');
  return names;
};
window.sdk = await import('/sdk/hearth.js');
window.pageReady = true;
