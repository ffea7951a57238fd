import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyCorrections, runTask, type ProofreadCorrection } from '@hearth/sdk/tasks';
import { scoreProofread, type ProofreadCase } from './score-scribe.ts';

/**
 * Tunes the proofread pack's `minCorrectionMargin` for a model on the development sentences
 * (tools/train/eval/proofread-dev.jsonl: held out from training, and not the evaluation's own).
 * Each sentence is proofread once with every correction kept and its margin reported; each
 * candidate threshold then keeps the corrections at or above it.
 *
 *   npx tsx tools/src/train/tune-margin.ts models/hearth-scribe/hearth-scribe-17m-q8_0.gguf
 */
const EVAL_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'train', 'eval');

export function scoreThresholds(
  cases: readonly ProofreadCase[],
  answers: ReadonlyArray<readonly ProofreadCorrection[]>,
  thresholds: readonly number[],
): Array<{ threshold: number; fixedRate: number; cleanChangedRate: number }> {
  return thresholds.map((threshold) => {
    const texts = cases.map((c, i) =>
      applyCorrections(
        c.input,
        answers[i]!.filter((x) => x.margin === undefined || x.margin >= threshold),
      ),
    );
    const score = scoreProofread(cases, texts);
    return { threshold, fixedRate: score.fixedRate, cleanChangedRate: score.cleanChangedRate };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = resolve(process.argv[2] ?? 'models/hearth-scribe/hearth-scribe-17m-q8_0.gguf');
  const cases = readFileSync(join(EVAL_DIR, 'proofread-dev.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as ProofreadCase);
  const { NodeLlamaCppEngine } = await import('@hearth/sdk/node');
  const engine = new NodeLlamaCppEngine({ parallelSequences: 1 });
  await engine.load({ source: { type: 'path', path }, threads: 2 });
  const answers: ProofreadCorrection[][] = [];
  for (const c of cases) answers.push((await runTask(engine, 'proofread', c.input, { temperature: 0, minCorrectionMargin: -1 })).corrections);
  await engine.unload();
  const unscored = answers.flat().filter((x) => x.margin === undefined).length;
  process.stdout.write(`${answers.flat().length} corrections, ${unscored} without a margin\n`);
  for (const row of scoreThresholds(cases, answers, [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8])) {
    process.stdout.write(`margin >= ${row.threshold}: fixed ${(row.fixedRate * 100).toFixed(1)}%, clean changed ${(row.cleanChangedRate * 100).toFixed(1)}%\n`);
  }
}
