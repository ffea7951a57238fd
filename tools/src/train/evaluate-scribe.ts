import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineV1 } from '@hearth/spec';
import { runTask } from '@hearth/sdk/tasks';
import { scoreProofread, scoreSubjects, type ProofreadCase, type ProofreadScore, type SubjectCase, type SubjectScore } from './score-scribe.ts';

const EVAL_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'train', 'eval');

function readJsonl<T>(name: string): T[] {
  return readFileSync(join(EVAL_DIR, name), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

/** The held-out split (tools/train/eval): never seen in training. */
export function heldOutCases(): { proofread: ProofreadCase[]; subjects: SubjectCase[] } {
  return { proofread: readJsonl<ProofreadCase>('proofread-test.jsonl'), subjects: readJsonl<SubjectCase>('subject-test.jsonl') };
}

/** The composer's subject call: the summarize task, one short headline. */
export const SUBJECT_OPTIONS = { type: 'headline', length: 'short', format: 'plain-text' } as const;

export interface ScribeAnswers {
  proofread: string[];
  subjects: string[];
}

/**
 * Every held-out case through the SDK's own task calls (the pack the engine's model picks), one
 * at a time, greedy: the same answers wherever the same model runs the same kernels' maths.
 */
export async function answerHeldOut(engine: EngineV1, cases = heldOutCases()): Promise<ScribeAnswers> {
  const proofread: string[] = [];
  for (const c of cases.proofread) proofread.push((await runTask(engine, 'proofread', c.input, { temperature: 0 })).correctedInput);
  const subjects: string[] = [];
  for (const c of cases.subjects) subjects.push((await runTask(engine, 'summarize', c.body, { ...SUBJECT_OPTIONS, temperature: 0 })).text.trim());
  return { proofread, subjects };
}

export function scoreAnswers(answers: ScribeAnswers, cases = heldOutCases()): { proofread: ProofreadScore; subjects: SubjectScore } {
  return { proofread: scoreProofread(cases.proofread, answers.proofread), subjects: scoreSubjects(cases.subjects, answers.subjects) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = resolve(process.argv[2] ?? 'models/hearth-scribe/hearth-scribe-q8_0.gguf');
  const { NodeLlamaCppEngine } = await import('@hearth/sdk/node');
  const engine = new NodeLlamaCppEngine({ parallelSequences: 1 });
  await engine.load({ source: { type: 'path', path }, threads: 2 });
  const started = Date.now();
  const answers = await answerHeldOut(engine);
  const score = scoreAnswers(answers);
  await engine.unload();
  process.stdout.write(`${JSON.stringify({ ...score, seconds: (Date.now() - started) / 1000 }, null, 2)}\n`);
  const cases = heldOutCases();
  for (let i = 0; i < 6; i++) process.stdout.write(`  ${cases.proofread[i]!.input}\n→ ${answers.proofread[i]}\n`);
  for (let i = 0; i < 6; i++) process.stdout.write(`  [${cases.subjects[i]!.subject}] → ${answers.subjects[i]}\n`);
}
