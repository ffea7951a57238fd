import { HearthError } from '@hearth/spec';
import type { z } from 'zod';
import chatml from './packs/chatml.json' with { type: 'json' };
import gemma from './packs/gemma.json' with { type: 'json' };
import hearthDemo from './packs/hearth-demo.json' with { type: 'json' };
import hearthScribe from './packs/hearth-scribe.json' with { type: 'json' };
import llama3 from './packs/llama3.json' with { type: 'json' };
import mistral from './packs/mistral.json' with { type: 'json' };
import phi from './packs/phi.json' with { type: 'json' };
import { detectPromptFamily, type ModelHints } from './detect-prompt-family.ts';
import { promptPackFileSchema, promptPackSchema, type PromptPack, type PromptTask } from './prompt-pack-schema.ts';

const SHIPPED_FILES: ReadonlyArray<readonly [string, unknown]> = [
  ['packs/chatml.json', chatml],
  ['packs/llama3.json', llama3],
  ['packs/mistral.json', mistral],
  ['packs/phi.json', phi],
  ['packs/gemma.json', gemma],
  ['packs/hearth-demo.json', hearthDemo],
  ['packs/hearth-scribe.json', hearthScribe],
];

/**
 * The family used when nothing identifies the model. ChatML's wording is plain instructions with
 * a system message, which every chat template Hearth knows accepts or folds into the first turn;
 * the engine still formats the turns with the model's own template.
 */
export const FALLBACK_PROMPT_FAMILY = 'chatml';

/** Which pack produced a result, and how it was chosen. */
export interface PromptPackRef {
  id: string;
  version: string;
  task: PromptTask;
  family: string;
  /** `shipped` with Hearth, or registered by the `app`. */
  source: 'shipped' | 'app';
  /** `explicit`: the caller named the family; `model`: detected from the model; `fallback`: nothing identified it. */
  selectedBy: 'explicit' | 'model' | 'fallback';
}

export interface PackSelection {
  /** A family name (`chatml`, `llama3`, `mistral`, `phi`, `gemma`, `hearth-demo`, or one the app registered). */
  family?: string;
  /** Used to detect the family when none is named. */
  model?: ModelHints;
}

export interface SelectedPack {
  pack: PromptPack;
  ref: PromptPackRef;
}

interface Entry {
  pack: PromptPack;
  source: 'shipped' | 'app';
}

let shippedCache: readonly PromptPack[] | undefined;

function shippedPacks(): readonly PromptPack[] {
  shippedCache ??= SHIPPED_FILES.flatMap(([origin, json]) => parsePromptPackFile(json, origin));
  return shippedCache;
}

/**
 * A set of prompt packs, one per task and model family. Each registry is its own: an app's
 * overrides never leak into another registry (there is no global pack table).
 *
 * @example
 * const packs = PromptPacks.shipped();
 * packs.register({ ...myPack, task: 'summarize', family: 'llama3' }); // replaces the shipped one
 * const summarizer = await Summarizer.create({ engine, packs, model: { name: 'Llama-3.2-1B-Instruct' } });
 */
export class PromptPacks {
  private readonly entries = new Map<string, Entry>();

  /** A registry holding the packs Hearth ships (packages/sdk/src/tasks/packs/*.json), validated. */
  static shipped(): PromptPacks {
    const packs = new PromptPacks();
    for (const pack of shippedPacks()) packs.put(pack, 'shipped');
    return packs;
  }

  /**
   * Adds a pack, or replaces the one for the same task and family, after validating it exactly as
   * the shipped packs are. Throws HearthError `invalid_request` naming the first bad field.
   */
  register(pack: unknown): PromptPack {
    const parsed = parsePromptPack(pack, 'app pack');
    this.put(parsed, 'app');
    return parsed;
  }

  /** Registers every pack of a pack file (`{ packFormat: 1, packs: [...] }`), validated first as a whole. */
  registerFile(file: unknown, origin = 'app pack file'): PromptPack[] {
    const packs = parsePromptPackFile(file, origin);
    for (const pack of packs) this.put(pack, 'app');
    return packs;
  }

  get(task: PromptTask, family: string): PromptPack | undefined {
    return this.entries.get(key(task, family))?.pack;
  }

  /** Every pack, with where it came from. */
  list(): Array<Omit<PromptPackRef, 'selectedBy'>> {
    return [...this.entries.values()].map(({ pack, source }) => ({ id: pack.id, version: pack.version, task: pack.task, family: pack.family, source }));
  }

  /** Families with at least one pack. */
  families(): string[] {
    return [...new Set([...this.entries.values()].map((e) => e.pack.family))];
  }

  /**
   * The pack for a task: the named family's, else the family detected from the model, else the
   * fallback family's. A named family with no pack for the task is an error (likely a typo),
   * never a silent substitute.
   */
  select(task: PromptTask, selection: PackSelection = {}): SelectedPack {
    if (selection.family !== undefined) {
      const entry = this.entries.get(key(task, selection.family));
      if (!entry) {
        throw new HearthError({
          code: 'invalid_request',
          message: `No ${task} prompt pack for the family "${selection.family}".`,
          hint: `Use one of ${this.familiesFor(task).join(', ')}, or register a pack for "${selection.family}".`,
          data: { field: 'family', task, family: selection.family },
        });
      }
      return selected(entry, 'explicit');
    }
    const detected = selection.model ? detectPromptFamily(selection.model) : undefined;
    const entry = detected === undefined ? undefined : this.entries.get(key(task, detected));
    if (entry) return selected(entry, 'model');
    const fallback = this.entries.get(key(task, FALLBACK_PROMPT_FAMILY));
    if (!fallback) {
      throw new HearthError({
        code: 'invalid_request',
        message: `No ${task} prompt pack for ${detected === undefined ? 'this model' : `the family "${detected}"`}, and none for the fallback family "${FALLBACK_PROMPT_FAMILY}".`,
        hint: 'Register a pack for the task, or name a family that has one.',
        data: { task, family: detected ?? null },
      });
    }
    return selected(fallback, 'fallback');
  }

  private familiesFor(task: PromptTask): string[] {
    return [...this.entries.values()].filter((e) => e.pack.task === task).map((e) => e.pack.family);
  }

  private put(pack: PromptPack, source: 'shipped' | 'app'): void {
    const slot = key(pack.task, pack.family);
    for (const [other, entry] of this.entries) {
      if (other !== slot && entry.pack.id === pack.id) {
        throw new HearthError({
          code: 'invalid_request',
          message: `The prompt pack id "${pack.id}" is already used by the ${entry.pack.task} pack for "${entry.pack.family}".`,
          hint: 'Give each pack its own id; a pack replaces another only for the same task and family.',
          data: { field: 'id', id: pack.id },
        });
      }
    }
    this.entries.set(slot, { pack, source });
  }
}

function key(task: PromptTask, family: string): string {
  return `${task}\u0000${family}`;
}

function selected(entry: Entry, selectedBy: PromptPackRef['selectedBy']): SelectedPack {
  const { pack, source } = entry;
  return { pack, ref: { id: pack.id, version: pack.version, task: pack.task, family: pack.family, source, selectedBy } };
}

/**
 * Validates one prompt pack. Throws HearthError `invalid_request` naming the first bad field,
 * e.g. `app pack: options.length.long: missing`.
 */
export function parsePromptPack(value: unknown, origin = 'prompt pack'): PromptPack {
  const result = promptPackSchema.safeParse(value);
  if (!result.success) throw packError(origin, result.error);
  return result.data;
}

/** Validates a pack file (`{ packFormat: 1, packs: [...] }`); ids must be unique within it. */
export function parsePromptPackFile(value: unknown, origin = 'prompt pack file'): PromptPack[] {
  const result = promptPackFileSchema.safeParse(value);
  if (!result.success) throw packError(origin, result.error);
  const seen = new Set<string>();
  for (const [i, pack] of result.data.packs.entries()) {
    const slot = key(pack.task, pack.family);
    if (seen.has(pack.id) || seen.has(slot)) {
      throw new HearthError({
        code: 'invalid_request',
        message: `${origin}: packs[${i}] repeats the id "${pack.id}" or the ${pack.task} pack for "${pack.family}".`,
        hint: 'One pack per id, and one per task and family in a file.',
        data: { field: `packs[${i}]` },
      });
    }
    seen.add(pack.id);
    seen.add(slot);
  }
  return result.data.packs;
}

function packError(origin: string, error: z.ZodError): HearthError {
  const issue = error.issues[0];
  const path = issue ? issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('') : '';
  return new HearthError({
    code: 'invalid_request',
    message: `${origin}: ${path || '(the pack)'}: ${issue?.message ?? 'invalid'}`,
    hint: 'Fix the prompt pack; see packages/sdk/src/tasks/prompt-pack-schema.ts for the format.',
    data: { field: path, issues: error.issues.slice(0, 10).map((i) => ({ path: i.path.map(String), message: i.message })) },
  });
}
