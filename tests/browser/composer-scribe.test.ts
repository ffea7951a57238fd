import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dictionary from 'dictionary-en';
import nspell from 'nspell';
import { launchChromium } from '../support/chromium.ts';
import { SCRIBE_PATH } from '../../packages/cli/src/commands/resolve-model.ts';
import { repoRoot } from '../support/models.ts';
import { npmStart, type SpawnedHearth } from '../support/spawn-hearth.ts';

// The composer on `npm start`'s default model, Hearth Scribe, as a person uses it: a fixed email
// with five planted errors is proofread on the device, and a subject is suggested. The model's
// suggestions (its own, or ones harper made identically) must fix at least three of the five, and the subject must be
// English: at least 95% of its words in Hunspell's en_US dictionary. Screenshots show both.

const SHOTS = join(repoRoot, 'test-results', 'composer-scribe');
mkdirSync(SHOTS, { recursive: true });

const PLANTED =
  "Thank you for you're note. I read teh report yesterday and it look good. We should meet on Monday to discus the next steps. I will send the agenda before meeting.";
/** Each planted error: what the model must replace, and the words the fixed text has there. */
const ERRORS = [
  { wrong: "you're note", right: 'your note' },
  { wrong: 'teh report', right: 'the report' },
  { wrong: 'it look good', right: 'it looks good' },
  { wrong: 'to discus the', right: 'to discuss the' },
  { wrong: 'before meeting', right: 'before the meeting' },
];

let server: SpawnedHearth;
let browser: Awaited<ReturnType<typeof launchChromium>>;

// Hearth Scribe's GGUF is committed (models/hearth-scribe/); a checkout without it skips this
// and says so.
const trained = existsSync(SCRIBE_PATH);

describe.skipIf(!trained)("the composer on npm start's default model, Hearth Scribe", () => {
  beforeAll(async () => {
    server = await npmStart();
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('proofreads a fixed email with five planted errors (the model fixes three or more) and suggests an English subject, on the device', async () => {
    expect(server.output()).toContain('models: hearth-scribe-17m');
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Download and run here' }).click({ timeout: 120_000 });
    await page.waitForFunction(() => document.body.dataset['ready'] === 'true', null, { timeout: 120_000 });
    await expect.poll(() => page.locator('#status').textContent(), { timeout: 60_000 }).toContain('runs on this device (llama-wasm)');
    // A real model: the demo model's warning stays hidden.
    expect(await page.locator('#demo-warning').isHidden()).toBe(true);

    const body = page.getByLabel('Message');
    await body.fill(PLANTED);
    await page.getByRole('button', { name: 'Proofread' }).click();
    await page.waitForFunction(() => document.querySelector('hearth-assist')?.getAttribute('aria-busy') === 'false', null, { timeout: 120_000 });
    // The model's suggestions: its own, and those it proposed exactly as the grammar check did
    // ("grammar check and model"), which the list shows once.
    const fromModel = page.getByRole('button', { name: /^Accept: .* \((?:.+ and )?model\)$/ });
    await expect.poll(() => fromModel.count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'proofread-suggestions.png'), fullPage: true });

    // Accept every suggestion of the model's, one at a time, as a person would.
    while ((await fromModel.count()) > 0) await fromModel.first().click();
    const fixedText = await body.inputValue();
    const fixed = ERRORS.filter((e) => !fixedText.includes(e.wrong) && fixedText.includes(e.right));
    await page.screenshot({ path: join(SHOTS, 'proofread-accepted.png'), fullPage: true });
    expect(fixed.length, `fixed: ${fixed.map((e) => e.right).join(', ')}; text: ${fixedText}`).toBeGreaterThanOrEqual(3);
    // The rest rejected: the status says the list is done, not that the text has nothing left to fix
    // (the model keeps only corrections it is sure of, so some planted errors may remain).
    const rejects = page.getByRole('button', { name: /^Reject: / });
    while ((await rejects.count()) > 0) await rejects.first().click();
    expect(await body.inputValue()).toBe(fixedText);
    const status = page.locator('hearth-assist').getByRole('status');
    await expect.poll(() => status.textContent()).toBe('Every suggestion handled. Proofread again to check the new text.');
    await page.screenshot({ path: join(SHOTS, 'proofread-handled.png'), fullPage: true });

    // The summary, as a subject line.
    await body.fill(`${fixedText}\n\nThe budget numbers are in the shared folder, and Sam will join us by phone.`);
    await page.getByRole('button', { name: 'Suggest a subject' }).click();
    await expect.poll(() => page.locator('#subject-status').textContent(), { timeout: 120_000 }).toContain('Subject suggested');
    const subject = await page.getByRole('textbox', { name: 'Subject' }).inputValue();
    await page.screenshot({ path: join(SHOTS, 'subject.png'), fullPage: true });
    const spell = nspell(Buffer.from(dictionary.aff), Buffer.from(dictionary.dic));
    const words = subject.match(/[A-Za-z]+(?:'[a-z]+)?/g) ?? [];
    expect(words.length, `subject: ${subject}`).toBeGreaterThan(0);
    const known = words.filter((w) => spell.correct(w)).length;
    expect(known / words.length, `subject: ${subject}`).toBeGreaterThanOrEqual(0.95);
    await expect.poll(() => page.locator('hearth-where-ran').getAttribute('data-route')).toBe('device');
  });
});
