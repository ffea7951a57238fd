import { HearthError, parseHashEtag, parsePublishedSha256 } from '@hearth/spec';
import { httpStatusError, readBodyPrefix } from '@hearth/sdk/http';

/** What the first bytes of a GGUF URL told, before committing to the rest. */
export interface ProbedGguf {
  /** The URL as given: downloads go through it again, so an expiring CDN link never matters. */
  url: string;
  /** Where the redirects ended. */
  finalUrl: string;
  /** The file name, from the URL's last path segment. */
  name: string;
  size: number;
  /**
   * The SHA-256 its host published: Hugging Face's `X-Linked-ETag` on the redirect from
   * `resolve/` to its CDN (a Git LFS object's ETag is its SHA-256), or a Hearth gateway's ETag.
   */
  publishedSha256?: string;
}

const GGUF_MAGIC = [0x47, 0x47, 0x55, 0x46]; // "GGUF"
const MAX_REDIRECTS = 10;

/** What the one-line errors below suggest instead of a download that cannot happen. */
export interface ProbeContext {
  /** e.g. "qwen2.5-0.5b-instruct (Q4_0, 353 MB)"; default the URL's file name. */
  what?: string;
  /** The size the catalog promises, for the offline message. */
  expectedSize?: number;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/**
 * Reads the first bytes of a model URL, following redirects one at a time (to read each hop's
 * headers), and refuses what cannot be a GGUF file with its own error: offline, HTTP 404, an HTML
 * page, a file without the GGUF magic, a server that will not say the size.
 *
 * @example const probe = await probeGgufUrl('https://huggingface.co/org/repo/resolve/main/model.gguf')
 */
export async function probeGgufUrl(url: string, context: ProbeContext = {}): Promise<ProbedGguf> {
  const fetchImpl = context.fetch ?? fetch;
  const name = fileNameOf(url);
  const what = context.what ?? name;
  let current = url;
  let published: string | undefined;
  let linkedSize: number | undefined;
  for (let hop = 0; ; hop++) {
    let response: Response;
    try {
      response = await fetchImpl(current, {
        headers: { Range: 'bytes=0-15' },
        redirect: 'manual',
        cache: 'no-store',
        ...(context.signal ? { signal: context.signal } : {}),
      });
    } catch (cause) {
      if (context.signal?.aborted) throw cause;
      throw offline(url, current, what, context.what === undefined ? context.expectedSize : undefined, cause);
    }
    const linked = response.headers.get('X-Linked-ETag');
    published ??= parsePublishedSha256(linked);
    const size = Number(response.headers.get('X-Linked-Size') ?? NaN);
    if (Number.isSafeInteger(size) && size > 0) linkedSize ??= size;
    if (response.status >= 300 && response.status < 400 && response.headers.has('Location')) {
      await response.body?.cancel().catch(() => {});
      if (hop >= MAX_REDIRECTS) throw new HearthError({ code: 'network', message: `${url} redirects more than ${MAX_REDIRECTS} times.` });
      current = new URL(response.headers.get('Location') ?? '', current).href;
      continue;
    }
    return await inspect(url, current, name, response, published, linkedSize);
  }
}

async function inspect(
  url: string,
  finalUrl: string,
  name: string,
  response: Response,
  published: string | undefined,
  linkedSize: number | undefined,
): Promise<ProbedGguf> {
  if (response.status !== 200 && response.status !== 206) {
    await response.body?.cancel().catch(() => {});
    const { status } = response;
    if (status === 404 || status === 410) {
      throw httpStatusError(status, {
        url,
        resource: 'file',
        message: `${url} answered HTTP ${status}: there is no file there.`,
        hint: 'Check the URL (for Hugging Face, the repository, revision and file name).',
        data: { reason: 'not-found' },
      });
    }
    const hint =
      status === 401 || status === 403
        ? 'The file needs permission (a gated or private repository): download it yourself and pass its path.'
        : 'Try again later, or pass a local file with --model /path/to/model.gguf.';
    throw httpStatusError(status, { url, resource: 'file', hint });
  }
  const head = await readBodyPrefix(response, 16);
  const type = response.headers.get('Content-Type') ?? '';
  const text = new TextDecoder().decode(head).trimStart().toLowerCase();
  if (type.includes('text/html') || text.startsWith('<!doctype') || text.startsWith('<html') || text.startsWith('<')) {
    throw new HearthError({
      code: 'invalid_model',
      message: `${url} is a web page (HTML), not a GGUF file.`,
      hint: /\/blob\//.test(url) ? 'Use the download link: replace /blob/ with /resolve/ in the URL.' : 'Use the direct download link of the .gguf file.',
      data: { url, reason: 'html' },
    });
  }
  if (head.length < 4 || GGUF_MAGIC.some((b, i) => head[i] !== b)) {
    const shown = [...head.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new HearthError({
      code: 'invalid_model',
      message: `${url} is not a GGUF file: it starts with ${shown || 'nothing'}, not "GGUF".`,
      hint: "Hearth runs llama.cpp GGUF models; convert other formats with llama.cpp's convert_hf_to_gguf.py.",
      data: { url, reason: 'not-gguf' },
    });
  }
  const range = /^bytes \d+-\d+\/(\d+)$/.exec(response.headers.get('Content-Range') ?? '');
  const size = range?.[1] !== undefined ? Number(range[1]) : response.status === 200 ? Number(response.headers.get('Content-Length') ?? NaN) : NaN;
  if (!Number.isSafeInteger(size) || size <= 0) {
    throw new HearthError({
      code: 'network',
      message: `${url} does not say how large the file is.`,
      hint: 'Download it yourself and pass its path.',
      data: { url },
    });
  }
  if (linkedSize !== undefined && linkedSize !== size) {
    throw new HearthError({
      code: 'integrity_mismatch',
      message: `${url} is ${size} bytes where its host said ${linkedSize}.`,
      hint: 'Try again; the file may be changing on the server.',
      data: { url, expected: linkedSize, actual: size },
    });
  }
  // A Hearth gateway's strong ETag is the file's SHA-256.
  const etag = parseHashEtag(response.headers.get('ETag'));
  const publishedSha256 = published ?? etag;
  return { url, finalUrl, name, size, ...(publishedSha256 === undefined ? {} : { publishedSha256 }) };
}

function offline(url: string, current: string, what: string, size: number | undefined, cause: unknown): HearthError {
  const reason = cause instanceof Error && cause.cause instanceof Error ? cause.cause.message : cause instanceof Error ? cause.message : String(cause);
  const sized = size === undefined ? '' : ` (${formatMB(size)})`;
  return new HearthError({
    code: 'network',
    message: `Cannot download ${what}${sized}: ${current} is unreachable (${reason}).`,
    hint: `Offline? Fetch ${url} on a connected machine and pass the file: --model /path/to/${fileNameOf(url)} (or set HEARTH_MODEL_MIRROR to a reachable mirror).`,
    cause,
    data: { url, reason: 'offline' },
  });
}

export function fileNameOf(url: string): string {
  const last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
  return last === '' ? 'model.gguf' : last.replace(/[^A-Za-z0-9._-]/g, '_');
}

function formatMB(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${Math.round(bytes / 1e6)} MB`;
}
