import { describe, expect, it } from 'vitest';
import { HearthError } from '@hearth/spec';
import chatml from './packs/chatml.json' with { type: 'json' };
import { buildTaskPrompt } from './build-task-prompt.ts';
import { KNOWN_PROMPT_FAMILIES, PROMPT_TASKS, type PromptPackInput, type PromptTask } from './prompt-pack-schema.ts';
import { parsePromptPack, PromptPacks } from './prompt-packs.ts';

/** A copy of a shipped pack to edit, as an app would start its own. */
function shippedPack(task: PromptTask, family = 'chatml'): PromptPackInput {
  const pack = PromptPacks.shipped().get(task, family);
  if (!pack) throw new Error(`no ${task} pack for ${family}`);
  return structuredClone(pack);
}

function errorOf(work: () => unknown): HearthError {
  try {
    work();
  } catch (error) {
    if (HearthError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a HearthError');
}

describe('shipped prompt packs', () => {
  it('every task has a valid pack for every known family', () => {
    const packs = PromptPacks.shipped();
    for (const family of KNOWN_PROMPT_FAMILIES) {
      for (const task of PROMPT_TASKS) {
        const pack = packs.get(task, family);
        expect(pack, `${task} for ${family}`).toBeDefined();
        expect(pack).toMatchObject({ id: `${family}/${task}`, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
      }
    }
    expect(packs.list()).toHaveLength(KNOWN_PROMPT_FAMILIES.length * PROMPT_TASKS.length);
    expect(packs.list().every((p) => p.source === 'shipped')).toBe(true);
  });

  it('families whose templates have no system role get the instructions in the first user turn', () => {
    const packs = PromptPacks.shipped();
    for (const family of ['gemma', 'mistral']) {
      const { messages } = buildTaskPrompt(packs.get('proofread', family)!, { input: 'teh cat' });
      expect(messages.map((m) => m.role)).not.toContain('system');
      expect(messages[0]?.content).toMatch(/^You proofread text\./);
    }
    const { messages } = buildTaskPrompt(packs.get('proofread', 'llama3')!, { input: 'teh cat' });
    expect(messages[0]?.role).toBe('system');
  });
});

describe('selecting a pack', () => {
  const packs = PromptPacks.shipped();

  it('by the family the caller names', () => {
    expect(packs.select('summarize', { family: 'gemma' }).ref).toEqual({
      id: 'gemma/summarize',
      version: '1.0.0',
      task: 'summarize',
      family: 'gemma',
      source: 'shipped',
      selectedBy: 'explicit',
    });
  });

  it('by the model: chat template, then architecture, then name', () => {
    expect(
      packs.select('rewrite', { model: { chatTemplate: '{% for m in messages %}<|start_header_id|>{{ m.role }}<|end_header_id|>{% endfor %}' } }).ref,
    ).toMatchObject({ family: 'llama3', selectedBy: 'model' });
    expect(packs.select('rewrite', { model: { architecture: 'gemma2' } }).ref).toMatchObject({ family: 'gemma', selectedBy: 'model' });
    expect(packs.select('rewrite', { model: { name: 'Phi-3.5-mini-instruct' } }).ref).toMatchObject({ family: 'phi', selectedBy: 'model' });
    // The demo model's template is ChatML, but its name picks its own short packs.
    expect(packs.select('rewrite', { model: { name: 'hearth-tiny', chatTemplate: '<|im_start|>' } }).ref).toMatchObject({
      family: 'hearth-demo',
      selectedBy: 'model',
    });
  });

  it('falls back to ChatML when nothing identifies the model, and says so', () => {
    expect(packs.select('classify').ref).toMatchObject({ family: 'chatml', selectedBy: 'fallback' });
    expect(packs.select('classify', { model: { architecture: 'rwkv6', name: 'some-model' } }).ref).toMatchObject({ family: 'chatml', selectedBy: 'fallback' });
  });

  it('refuses a named family that has no pack rather than substitute one', () => {
    const error = errorOf(() => packs.select('summarize', { family: 'lama3' }));
    expect(error).toMatchObject({ code: 'invalid_request', data: { field: 'family' } });
    expect(error.hint).toContain('llama3');
  });
});

describe('overriding packs', () => {
  it('an app pack replaces the shipped one for its task and family, and results name it', () => {
    const packs = PromptPacks.shipped();
    const mine = {
      ...shippedPack('summarize', 'llama3'),
      id: 'acme/llama3-summary',
      version: '2.1.0',
      system: 'Summarize for Acme support agents. {{type}} {{length}} {{format}}',
    };
    packs.register(mine);
    const { pack, ref } = packs.select('summarize', { model: { name: 'Llama-3.2-1B-Instruct' } });
    expect(ref).toEqual({ id: 'acme/llama3-summary', version: '2.1.0', task: 'summarize', family: 'llama3', source: 'app', selectedBy: 'model' });
    expect(buildTaskPrompt(pack, { input: 'x', options: { type: 'tldr', length: 'short', format: 'plain-text' } }).messages[0]?.content).toBe(
      'Summarize for Acme support agents. Write a short, to-the-point overview of the text for a busy reader. Use one sentence. Use plain text, not Markdown.',
    );
  });

  it('an override stays in its registry: other registries and the default are untouched', () => {
    const mine = PromptPacks.shipped();
    mine.register({ ...shippedPack('proofread'), id: 'acme/proofread', version: '9.0.0' });
    expect(PromptPacks.shipped().select('proofread', { family: 'chatml' }).ref).toMatchObject({ id: 'chatml/proofread', source: 'shipped' });
  });

  it('an app can add a family of its own', () => {
    const packs = PromptPacks.shipped();
    packs.registerFile({ packFormat: 1, packs: [{ ...shippedPack('classify'), id: 'acme/command-r/classify', family: 'command-r' }] });
    expect(packs.select('classify', { family: 'command-r' }).ref).toMatchObject({ id: 'acme/command-r/classify', family: 'command-r', source: 'app' });
    expect(packs.families()).toContain('command-r');
  });

  it('refuses an id already used by another task or family', () => {
    const packs = PromptPacks.shipped();
    expect(errorOf(() => packs.register({ ...shippedPack('proofread'), id: 'llama3/proofread' }))).toMatchObject({
      code: 'invalid_request',
      data: { field: 'id' },
    });
  });
});

describe('validation at load names the bad field', () => {
  const cases: Array<[string, (p: PromptPackInput) => unknown, RegExp]> = [
    [
      'a missing option value',
      (p) => ({ ...p, options: { ...p.options, length: { short: { text: 'Short.' }, medium: { text: 'Medium.' } } } }),
      /options\.length\.long: missing/,
    ],
    [
      'an option value the task does not have',
      (p) => ({ ...p, options: { ...p.options, type: { ...p.options?.['type'], bullet: { text: 'x' } } } }),
      /options\.type\.bullet: not a type of summarize/,
    ],
    ['an unknown placeholder', (p) => ({ ...p, system: 'Summarize. {{tone}}' }), /system: unknown placeholder \{\{tone\}\}/],
    ['a user template without the input', (p) => ({ ...p, user: 'Summarize it.' }), /user: must contain \{\{input\}\}/],
    ['a version that is not semantic', (p) => ({ ...p, version: 'v1' }), /version: use a semantic version/],
    ['an unknown field (a typo)', (p) => ({ ...p, sytem: 'x' }), /sytem|Unrecognized key/],
    [
      'a budget below its base',
      (p) => ({ ...p, generation: { temperature: 0, maxTokens: { base: 500, max: 100 } } }),
      /generation\.maxTokens\.base: must not exceed max/,
    ],
    [
      'a text that depends on an axis that does not exist',
      (p) => ({ ...p, options: { ...p.options, length: { ...p.options?.['length'], short: { text: { dependsOn: 'tone', byValue: {} } } } } }),
      /options\.length\.short\.text\.dependsOn/,
    ],
  ];
  for (const [name, edit, message] of cases) {
    it(name, () => {
      const error = errorOf(() => PromptPacks.shipped().register(edit(shippedPack('summarize'))));
      expect(error.code).toBe('invalid_request');
      expect(error.message).toMatch(message);
    });
  }

  it('extract and classify examples must be JSON of the right shape', () => {
    const classify = shippedPack('classify');
    expect(errorOf(() => parsePromptPack({ ...classify, examples: [{ labels: ['a', 'b'], input: 'x', output: 'a' }] })).message).toMatch(
      /examples\[0\]\.output: must be JSON/,
    );
    expect(errorOf(() => parsePromptPack({ ...classify, examples: [{ labels: ['a', 'b'], input: 'x', output: '{"label": "c"}' }] })).message).toMatch(
      /one of the example's labels/,
    );
    expect(errorOf(() => parsePromptPack({ ...shippedPack('extract'), examples: [{ input: 'x', output: '{}' }] })).message).toMatch(/examples\[0\]\.schema/);
  });

  it('a pack file with two packs for one task and family is refused', () => {
    const pack = shippedPack('write');
    expect(errorOf(() => PromptPacks.shipped().registerFile({ packFormat: 1, packs: [pack, { ...pack, id: 'other' }] })).message).toMatch(/packs\[1\] repeats/);
  });

  it('the shipped files are the data the registry holds (nothing is patched in code)', () => {
    const file = chatml as { packs: Array<{ id: string; system: string }> };
    expect(PromptPacks.shipped().get('summarize', 'chatml')?.system).toBe(file.packs.find((p) => p.id === 'chatml/summarize')?.system);
  });
});
