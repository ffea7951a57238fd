/**
 * File names of a gguf-split model, as llama.cpp's `llama_split_path` makes them:
 * `<prefix>-00001-of-00003.gguf`. `path` may end in `.gguf` (it is dropped to form the prefix).
 *
 * @example splitShardPaths('/m/tiny.gguf', 2) // ['/m/tiny-00001-of-00002.gguf', '/m/tiny-00002-of-00002.gguf']
 */
export function splitShardPaths(path: string, count: number): string[] {
  const prefix = path.replace(/\.gguf$/i, '');
  const pad = (n: number) => String(n).padStart(5, '0');
  return Array.from({ length: count }, (_, i) => `${prefix}-${pad(i + 1)}-of-${pad(count)}.gguf`);
}
