export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/**
 * The gateway's only way to log. Fields are metadata (paths, statuses, timings, error codes);
 * callers never pass request or response bodies, at any level.
 */
export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, string | number | boolean | null>): void;
}

const ORDER: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export function createJsonLogger(level: LogLevel, write: (line: string) => void = (line) => process.stderr.write(line + '\n')): Logger {
  return {
    log(at, message, fields) {
      if (ORDER[at] > ORDER[level]) return;
      write(JSON.stringify({ time: new Date().toISOString(), level: at, message, ...fields }));
    },
  };
}
