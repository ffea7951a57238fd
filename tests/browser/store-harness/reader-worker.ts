// A store in a Worker of its own reading a stored file through `ModelStore.openReader` into shared
// memory, as llama-wasm reads tensors into its wasm heap; answers with what it found.
import { openBrowserModelStore } from '@hearth/sdk/store';

const hex = (digest: ArrayBuffer): string => Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');

self.onmessage = async (event: MessageEvent<{ manifestUrl: string }>) => {
  try {
    const store = await openBrowserModelStore();
    const { files } = await store.ensureManifest(event.data.manifestUrl);
    const file = files[0]!;
    const first = await store.openReader(file.sha256);
    // Read-only handles: a second reader (another engine loading the same model) opens beside it.
    const second = await store.openReader(file.sha256);
    if (!first || !second) throw new Error(`no reader (first ${String(!!first)}, second ${String(!!second)})`);
    // Shared memory, as a threaded wasm heap is, at an offset, in reads of at most 64 KiB.
    const heap = new Uint8Array(new SharedArrayBuffer(file.size + 16));
    let at = 0;
    for (let n = 1; at < file.size && n > 0; at += n) n = first.read(heap.subarray(16 + at, 16 + Math.min(file.size, at + 65_536)), at);
    const digest = hex(await crypto.subtle.digest('SHA-256', heap.slice(16, 16 + file.size)));
    const deleteWhileOpen = await store.delete(file.sha256).then(
      () => 'deleted',
      (e: unknown) => (e instanceof Error ? e.name : String(e)),
    );
    first.close();
    second.close();
    await store.delete(file.sha256);
    const left = (await store.list()).filter((f) => f.sha256 === file.sha256).length;
    postMessage({ ok: true, sha256: file.sha256, size: first.size, read: at, digest, deleteWhileOpen, left });
  } catch (error) {
    postMessage({ ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
};
