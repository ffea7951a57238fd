import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { repoRoot } from '../support/models.ts';

// What a new user does: `npm start`, open the page, type, press the button.
let server: ChildProcess;
let url: string;
let output = '';
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  server = spawn('npm', ['start'], { cwd: repoRoot, env: { ...process.env, PORT: '0', HEARTH_LOG_LEVEL: 'debug' }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  server.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = once(server, 'exit').then(() => {
    throw new Error(`npm start exited early:\n${output}`);
  });
  const started = new Promise<string>((resolve) => {
    const timer = setInterval(() => {
      const m = /Hearth is running at (http:\/\/\S+)/.exec(output);
      if (m?.[1]) {
        clearInterval(timer);
        resolve(m[1]);
      }
    }, 100);
  });
  url = await Promise.race([started, exited]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (server?.pid) process.kill(-server.pid, 'SIGTERM');
});

describe('npm start', () => {
  it('serves the composer, which asks first, then streams an answer from llama-wasm on the device and says so from the answer', async () => {
    const page = await browser.context.newPage();
    const posted: string[] = [];
    page.on('request', (r) => {
      if (r.method() !== 'GET') posted.push(`${r.method()} ${r.url()}`);
    });
    await page.goto(url);
    // Nothing is downloaded before the person says yes, by keyboard here.
    const yes = page.getByRole('button', { name: 'Download and run here' });
    await yes.waitFor({ timeout: 120_000 });
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Download and run here');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#run').isEnabled(), { timeout: 120_000 }).toBe(true);
    await expect.poll(() => page.locator('#status').textContent()).toContain('runs on this device (llama-wasm)');
    expect(await page.locator('#demo-warning').isVisible()).toBe(true);
    const secret = `Please tighten this reply to Dana ${crypto.randomUUID()}`;
    await page.fill('#prompt', secret);

    // Count how the answer grows: a streamed answer arrives in several steps, not at once.
    await page.evaluate(() => {
      const out = document.getElementById('answer')!;
      (window as unknown as { steps: number }).steps = 0;
      new MutationObserver(() => (window as unknown as { steps: number }).steps++).observe(out, { childList: true, characterData: true, subtree: true });
    });
    await page.click('#run');
    await expect.poll(() => page.locator('hearth-where-ran').textContent(), { timeout: 120_000 }).toContain('On this device · llama-wasm');
    const answer = await page.locator('#answer').textContent();
    expect(answer!.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { steps: number }).steps)).toBeGreaterThan(2);
    expect(posted).toEqual([]);
    // The gateway logged every request at debug level; the user's text is in none of it.
    expect(output).toContain('"level":"info"');
    expect(output).not.toContain(secret);
    await page.close();
  });

  it('declined, in a new browser: the answer comes from the gateway and the badge says so', async () => {
    const other = await launchChromium();
    try {
      const page = await other.context.newPage();
      await page.goto(url);
      await page.getByRole('button', { name: "Use this site's server" }).click({ timeout: 120_000 });
      await expect.poll(() => page.locator('#run').isEnabled(), { timeout: 120_000 }).toBe(true);
      await page.getByLabel('Write something').fill('Shorten: see you on Monday at ten.');
      await page.getByRole('button', { name: 'Continue my text' }).click();
      await expect.poll(() => page.locator('hearth-where-ran').textContent(), { timeout: 120_000 }).toContain("On the app owner's server · remote");
      expect(await page.locator('hearth-where-ran').getAttribute('data-route')).toBe('self-hosted');
    } finally {
      await other.close();
    }
  });
});
