import { parseArgs } from 'node:util';
import { ensureModel } from './ensure-model.ts';
import { MODEL_PRESETS, modelSpec, type LlamaModelSpec, type ModelPresetName } from './llama-model-spec.ts';
import { MODEL_QUANTIZATIONS } from './tensor-encoding.ts';
import { writeLlamaGguf } from './write-llama-gguf.ts';

const USAGE = `Usage: tsx tools/src/gguf/cli.ts --model <${Object.keys(MODEL_PRESETS).join('|')}> [--type <${MODEL_QUANTIZATIONS.join('|')}>] [--shards N] [--seed N] [--out path]
Writes a fixture GGUF model (into the cache unless --out is given) and prints its path (the first shard's, when sharded).`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string', default: 'tiny' },
      type: { type: 'string' },
      shards: { type: 'string', default: '1' },
      seed: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    console.log(USAGE);
    return;
  }
  if (!(values.model in MODEL_PRESETS)) throw new Error(`Unknown --model ${values.model}.\n${USAGE}`);
  const overrides: Partial<LlamaModelSpec> = {};
  if (values.type !== undefined) {
    const type = MODEL_QUANTIZATIONS.find((t) => t === values.type);
    if (type === undefined) throw new Error(`Unknown --type ${values.type}.\n${USAGE}`);
    overrides.type = type;
  }
  if (values.seed !== undefined) overrides.seed = Number(values.seed);
  const spec = modelSpec(values.model as ModelPresetName, overrides);
  const shards = Number(values.shards);

  const started = performance.now();
  const path = values.out === undefined ? await ensureModel(spec, { shards }) : (await writeLlamaGguf(spec, values.out, { shards })).paths[0];
  console.error(`ready in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  console.log(path);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
