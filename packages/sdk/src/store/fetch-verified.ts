import { HearthError } from '@hearth/spec';
import { httpStatusError } from '../http/http-retry.ts';

/**
 * Fetches a file whole and checks its SHA-256 before anyone can use it. The resumable, cached
 * downloader replaces this for large models; the guarantee (no unverified byte reaches an
 * engine) stays the same.
 */
export async function fetchVerified(url: string, sha256: string | undefined, fetchImpl: typeof fetch = globalThis.fetch): Promise<Blob> {
  let response: Response;
  try {
    response = await fetchImpl(url);
  } catch (cause) {
    throw new HearthError({ code: 'network', message: `Could not fetch ${url}.`, cause, hint: 'Check the network and that the model URL is reachable.' });
  }
  if (!response.ok) throw httpStatusError(response.status, { url, resource: 'file', message: `Fetching ${url} answered HTTP ${response.status}.` });
  const bytes = await response.arrayBuffer();
  if (sha256 !== undefined) {
    const actual = await sha256Hex(bytes);
    if (actual !== sha256.toLowerCase()) {
      throw new HearthError({
        code: 'integrity_mismatch',
        message: `${url} has SHA-256 ${actual}; its manifest says ${sha256}.`,
        hint: 'The file on the server changed or is corrupt; the model was not loaded.',
        data: { url, expected: sha256, actual },
      });
    }
  }
  return new Blob([bytes]);
}

export async function sha256Hex(bytes: ArrayBuffer | Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
