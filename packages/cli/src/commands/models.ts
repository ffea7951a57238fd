import { parseArgs } from 'node:util';
import type { CatalogModel, CatalogVariant } from '@hearth/sdk/planner';
import { formatSize, TASK_DEFAULTS } from '@hearth/sdk/planner';
import type { RejectionCode, Route, TaskName } from '@hearth/spec';
import { loadCatalogOption, planOrRejections, profileOption } from './doctor.ts';

export const MODELS_USAGE = `hearth models [options]

  Lists the model catalog with a verdict for this machine: does each model fit, on which engine,
  and if not, why.

  --device <name>        judge for a reference device instead (hearth doctor --device list)
  --catalog <file.json>  add the app's own models
  --context <n>          context to plan for (default: the model's first task's)
  --no-native            skip node-llama-cpp's GPU probe
  --json                 print the verdicts as JSON
`;

interface Verdict {
  id: string;
  name: string;
  license: string;
  parameters: number;
  demo: boolean;
  variants: Array<{ id: string; quantization: string; sizeBytes: number }>;
  fits: boolean;
  /** Fits, but decodes slower than the task wants. */
  slow: boolean;
  route?: Route;
  reasons: string[];
}

/** `hearth models`: the catalog, each model with fits / does not fit on this machine and why. */
export async function modelsCommand(argv: string[], out: NodeJS.WritableStream = process.stdout): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      device: { type: 'string' },
      catalog: { type: 'string' },
      context: { type: 'string' },
      'no-native': { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  const catalog = await loadCatalogOption(values.catalog);
  const { profile, deviceName } = await profileOption(values.device, !values['no-native']);
  const contextSize = values.context === undefined ? undefined : Number(values.context);
  const verdicts: Verdict[] = catalog.models.map((model) => {
    // On the device only, with consent: the question is whether it fits, not whether the user agreed.
    const task: TaskName = model.goodFor.includes('chat') ? 'chat' : (model.goodFor[0] ?? 'chat');
    const result = planOrRejections({
      task,
      profile,
      catalog,
      models: [model.id],
      policy: 'device-only',
      consent: 'granted',
      // The task's usual context, or less for a model trained on less: the verdict is about memory.
      contextSize: contextSize !== undefined && Number.isFinite(contextSize) ? contextSize : Math.min(TASK_DEFAULTS[task].contextSize, model.contextLength),
    });
    const base = {
      id: model.id,
      name: model.name,
      license: model.license,
      parameters: model.parameters,
      demo: model.demo === true,
      variants: model.variants.map(variantSummary),
    };
    if ('plan' in result) {
      const route = result.plan.routes[0];
      const slow = route?.tokensPerSecond !== undefined && route.tokensPerSecond.value < TASK_DEFAULTS[task].minTokensPerSecond;
      return { ...base, fits: route !== undefined, slow, ...(route ? { route } : {}), reasons: route ? [route.reason] : [] };
    }
    // What the device could not hold first; engines that are out everywhere last.
    const reasons = result.rejected
      .flatMap((r) =>
        r.reasons.map((x) => ({ code: x.code, text: `${r.engine ? `${r.engine}/${r.backend ?? ''} ` : ''}${r.variantId ? `${r.variantId}: ` : ''}${x.text}` })),
      )
      .filter((r) => r.code !== 'slower' && r.code !== 'policy' && r.code !== 'not-configured')
      .sort((a, b) => REASON_ORDER.indexOf(a.code) - REASON_ORDER.indexOf(b.code));
    return { ...base, fits: false, slow: false, reasons: firstReasons(reasons.map((r) => r.text)) };
  });
  if (values.json) {
    out.write(`${JSON.stringify({ device: deviceName ?? 'this machine', models: verdicts }, null, 2)}\n`);
    return;
  }
  out.write(`Models for ${deviceName ? `${deviceName} (reference profile)` : 'this machine'}:\n`);
  for (const v of verdicts) {
    const sizes = v.variants.map((x) => `${x.quantization} ${formatSize(x.sizeBytes)}`).join(', ');
    out.write(
      `\n${(v.fits ? (v.slow ? 'fits, slow' : 'fits') : 'does not fit').padEnd(12)}  ${v.id}${v.demo ? ' (demo, random weights)' : ''} — ${v.name}, ${formatParameters(v.parameters)}, ${v.license}; ${sizes}\n`,
    );
    for (const reason of v.reasons) out.write(`              ${reason}\n`);
  }
}

const REASON_ORDER: RejectionCode[] = [
  'wasm-memory',
  'device-memory',
  'buffer-limit',
  'storage',
  'context',
  'task',
  'consent',
  'feature-missing',
  'software-gpu',
  'no-build',
  'engine-unavailable',
  'slower',
  'policy',
  'not-configured',
];

function variantSummary(v: CatalogVariant): { id: string; quantization: string; sizeBytes: number } {
  return { id: v.id, quantization: v.quantization, sizeBytes: v.sizeBytes };
}

/** The first few distinct reasons: enough to say why, short enough to read. */
function firstReasons(reasons: string[]): string[] {
  const unique = [...new Set(reasons)];
  return unique.length > 4 ? [...unique.slice(0, 4), `… and ${unique.length - 4} more (hearth doctor --model <id>)`] : unique;
}

function formatParameters(n: CatalogModel['parameters']): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(2)}B` : n >= 1e6 ? `${Math.round(n / 1e6)}M` : `${Math.round(n / 1e3)}K`;
}
