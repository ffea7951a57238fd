import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (found by `npm test`, or CHROME_PATH), headless, with a fresh profile. */
export async function launchChromium(
  options: {
    webgpu?: boolean;
    /** Chromium's own log (--enable-logging), for a hang's evidence. */ logFile?: string;
    /** More command-line switches (a browser configuration a test needs, e.g. WebAssembly off). */ extraArgs?: readonly string[];
  } = {},
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const executablePath = process.env['CHROME_PATH'] ?? '/usr/bin/chromium';
  const profile = await mkdtemp(join(tmpdir(), 'hearth-chromium-'));
  const args = ['--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  if (options.webgpu) args.push('--enable-unsafe-webgpu');
  if (options.extraArgs) args.push(...options.extraArgs);
  if (options.logFile) args.push('--enable-logging', `--log-file=${options.logFile}`, '--v=0');
  const context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
