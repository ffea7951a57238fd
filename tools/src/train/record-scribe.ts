import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { renderSvgPlot } from '../bench/svg-plot.ts';
import { exportScribeGguf } from './export-scribe-gguf.ts';

/**
 * After a training run: the GGUF (Q8_0, through the project's writer), the loss curve as SVG,
 * the tokenizer, and training-record.json (the GPU, steps, tokens, final loss, settings, the
 * sources with their licenses and SHA-256, and the GGUF's SHA-256), all in models/hearth-scribe/.
 *
 *   npx tsx tools/src/train/record-scribe.ts --from .train/run [--corpus .train/corpus]
 */
/** train.py's command line that makes this run again: every setting as an explicit flag. */
export function trainCommand(settings: Record<string, unknown>): string {
  const flags = Object.entries(settings).flatMap(([key, value]) => {
    const flag = `--${key.replaceAll('_', '-')}`;
    if (value === false || value === null) return [];
    return value === true ? [flag] : [flag, String(value)];
  });
  return ['python3 tools/train/train.py --corpus .train/corpus --out .train/run', ...flags].join(' ');
}

export async function recordScribe(from: string, corpus: string, out: string): Promise<{ gguf: string; sha256: string }> {
  mkdirSync(out, { recursive: true });
  const log = JSON.parse(readFileSync(join(from, 'train-log.json'), 'utf8')) as {
    gpu: string;
    torch: string;
    parameters: number;
    steps: number;
    tokens: number;
    train_seconds: number;
    final_loss: number;
    settings: Record<string, unknown>;
    loss_curve: Array<[number, number]>;
    held_out: Array<Record<string, number>>;
    greedy_proofread_check: unknown;
    pools: Record<string, number>;
    calls?: unknown[];
  };
  const id = `hearth-scribe-${Math.round(log.parameters / 1e6)}m`;
  const gguf = join(out, `${id}-q8_0.gguf`);
  await exportScribeGguf({ from, path: gguf, type: 'q8_0', name: id });
  const sha256 = createHash('sha256').update(readFileSync(gguf)).digest('hex');
  copyFileSync(join(from, 'tokenizer.json'), join(out, 'tokenizer.json'));
  writeFileSync(
    join(out, 'loss.svg'),
    `${renderSvgPlot(`${id}: training loss (${log.gpu})`, log.loss_curve, { x: 'step', y: 'loss (masked cross-entropy)' })}\n`,
  );
  // Settings tried side by side on the GPU (tools/train/sweep.py), where the run came from one.
  const sweepPath = join(from, 'sweep-logs.json');
  const sweep = existsSync(sweepPath)
    ? Object.fromEntries(
        Object.entries(
          JSON.parse(readFileSync(sweepPath, 'utf8')) as Record<
            string,
            {
              settings: Record<string, unknown>;
              steps: number;
              held_out: unknown[];
              greedy_proofread_check: { corrupted_exact: number; clean_unchanged: number } | null;
            }
          >,
        ).map(([name, run]) => [
          name,
          {
            command: trainCommand(run.settings),
            steps: run.steps,
            heldOutLosses: run.held_out.at(-1),
            greedyCheck: run.greedy_proofread_check
              ? { correctedExactly: run.greedy_proofread_check.corrupted_exact, cleanUnchanged: run.greedy_proofread_check.clean_unchanged }
              : null,
          },
        ]),
      )
    : undefined;
  const corpusRecord = JSON.parse(readFileSync(join(corpus, 'record.json'), 'utf8')) as unknown;
  const record = {
    id,
    gguf: { file: basename(gguf), sha256, quantization: 'Q8_0' },
    training: {
      gpu: log.gpu,
      torch: log.torch,
      parameters: log.parameters,
      steps: log.steps,
      tokens: log.tokens,
      trainSeconds: log.train_seconds,
      finalLoss: log.final_loss,
      settings: log.settings,
      examplePools: log.pools,
      heldOutLosses: log.held_out,
      greedyProofreadCheck: log.greedy_proofread_check,
      calls: log.calls,
      ...(sweep ? { sweep } : {}),
      command: trainCommand(log.settings),
    },
    corpus: corpusRecord,
    lossCurve: 'loss.svg',
  };
  writeFileSync(join(out, 'training-record.json'), `${JSON.stringify(record, null, 2)}\n`);
  return { gguf, sha256 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, fallback: string): string => {
    const at = process.argv.indexOf(name);
    return resolve(at > 0 ? process.argv[at + 1]! : fallback);
  };
  recordScribe(arg('--from', '.train/run'), arg('--corpus', '.train/corpus'), arg('--out', 'models/hearth-scribe')).then(
    (r) => process.stdout.write(`wrote ${r.gguf} (sha256 ${r.sha256})\n`),
    (error: unknown) => {
      process.stderr.write(`record-scribe: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
