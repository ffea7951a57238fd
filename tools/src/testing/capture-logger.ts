import { createJsonLogger, type Logger } from '@hearth/server';

/** The gateway's real JSON logger at its most verbose level, writing into memory for inspection. */
export function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createJsonLogger('debug', (line) => lines.push(line)), lines };
}
