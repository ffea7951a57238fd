import { HearthError, type HearthErrorCode } from '@hearth/spec';

/**
 * The `hearth` command's exit statuses, one per kind of failure a script may want to tell apart.
 * Listed in `hearth --help` and the README.
 */
export const EXIT_CODES = {
  ok: 0,
  /** Anything not below (a bug, an engine crash). */
  failed: 1,
  /** A bad command, option or argument. */
  usage: 2,
  /** A server could not be reached or answered an error (offline, HTTP 5xx). */
  network: 3,
  /** No such model, or not a model: HTTP 404, an HTML page, a file that is not GGUF. */
  notAModel: 4,
  /** A file's SHA-256 differs from what was published for it (tampered or corrupt). */
  integrity: 5,
  /** Not enough disk space for the download. */
  noRoom: 6,
  /** Stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it). */
  interrupted: 130,
} as const satisfies Record<string, number>;

const BY_CODE: Partial<Record<HearthErrorCode, number>> = {
  invalid_request: EXIT_CODES.usage,
  network: EXIT_CODES.network,
  upstream: EXIT_CODES.network,
  timeout: EXIT_CODES.network,
  model_not_found: EXIT_CODES.notAModel,
  invalid_model: EXIT_CODES.notAModel,
  integrity_mismatch: EXIT_CODES.integrity,
  quota_exceeded: EXIT_CODES.noRoom,
  aborted: EXIT_CODES.interrupted,
};

export const EXIT_CODES_HELP = `Exit status: 0 done · 1 failed · 2 bad command or option · 3 network (offline, server error)
  · 4 no such model or not a GGUF file · 5 SHA-256 mismatch · 6 no disk room · 130 interrupted
`;

export function exitCodeFor(error: unknown): number {
  return HearthError.isInstance(error) ? (BY_CODE[error.code] ?? EXIT_CODES.failed) : EXIT_CODES.failed;
}

/**
 * One line a person can act on: what went wrong and what to do. With `verbose`, the causes
 * follow, one per line, and the stack of the first.
 */
export function formatCliError(error: unknown, verbose: boolean): string {
  const e = HearthError.from(error);
  const line = `hearth: ${e.message.replace(/\s*\n\s*/g, ' ')}${e.hint ? ` ${e.hint.replace(/\s*\n\s*/g, ' ')}` : ''}`;
  if (!verbose) return `${line}${hasCause(e) ? ' (--verbose shows the cause)' : ''}\n`;
  const lines = [line, `  code: ${e.code}`];
  let cause: unknown = e.cause;
  for (let depth = 0; cause !== undefined && depth < 8; depth++) {
    lines.push(`  caused by: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`);
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  if (e.stack) lines.push(e.stack.split('\n').slice(1, 8).join('\n'));
  return `${lines.join('\n')}\n`;
}

function hasCause(e: HearthError): boolean {
  return e.cause !== undefined;
}
