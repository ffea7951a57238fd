import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadGatewayConfig, startGateway } from '@hearth/server';
import { MODEL_CACHE, resolveModel } from './resolve-model.ts';

const WEB_ROOT = join(MODEL_CACHE, '..', '..', 'apps', 'composer', 'dist');
const HUB_ROOT = join(MODEL_CACHE, '..', '..', 'packages', 'sdk', 'src', 'hub', 'page', 'dist');
// Passed even before it is built: `/sdk/hearth.js` then answers 503 saying to run `npm run build:web`.
const SDK_ROOT = join(MODEL_CACHE, '..', '..', 'packages', 'sdk', 'dist-browser');

export const SERVE_USAGE = `hearth serve [options]

  Runs the gateway: the OpenAI-compatible API (/v1/chat/completions, /v1/models), the model files
  for browsers (/models/), the composer page and the browser SDK.

  --model <id|path|url>  a catalog id (hearth models), a GGUF path, a GGUF or manifest URL
                         (HEARTH_MODEL; default: hearth-scribe-17m, Hearth's own small
                         model, where its GGUF is in the checkout, else hearth-demo-tiny,
                         the random-weight fixture, which --model hearth-demo-tiny names)
  --quant <name>         the catalog variant (Q4_0, Q8_0…); default: the one that fits this machine
  --lora <ref>[:scale]   a LoRA adapter (path, URL or the catalog model's adapter id); repeatable
  --id <name>            the model id clients use (HEARTH_MODEL_ID; default from the model)
  --config <file.json>   gateway settings (HEARTH_CONFIG): models, upstreams, auth, limits
  --store <dir>          the model store (HEARTH_STORE; default ~/.cache/hearth/models)

  Environment: PORT, HOST, HEARTH_LOG_LEVEL, HEARTH_THREADS, HEARTH_CATALOG (catalog additions,
  JSON), HEARTH_MODEL_MIRROR (serve the catalog's URLs from this mirror instead).
`;

export async function serveCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string' },
      id: { type: 'string' },
      config: { type: 'string' },
      quant: { type: 'string' },
      lora: { type: 'string', multiple: true },
      store: { type: 'string' },
    },
    strict: true,
  });
  const config = await loadGatewayConfig({ file: values.config });
  const named = values.model ?? process.env['HEARTH_MODEL'];
  // A model named on the command line wins; a config with models or upstreams is used as is;
  // with neither, Hearth Scribe (or the demo model where it is not in the checkout).
  const resolved =
    named !== undefined || (config.models.length === 0 && config.upstreams.length === 0)
      ? await resolveModel(named, values.id ?? process.env['HEARTH_MODEL_ID'], {
          ...(values.quant ? { quant: values.quant } : {}),
          ...(values.lora ? { lora: values.lora } : {}),
          ...(values.store ? { store: { dir: values.store } } : {}),
        })
      : undefined;
  const models = resolved
    ? [{ id: resolved.id, paths: resolved.paths, ...(resolved.adapters.length > 0 ? { adapters: resolved.adapters } : {}) }]
    : config.models;
  const gateway = await startGateway({
    ...config,
    models,
    ...(existsSync(WEB_ROOT) ? { webRoot: WEB_ROOT } : {}),
    ...(existsSync(HUB_ROOT) ? { hubRoot: HUB_ROOT } : {}),
    sdkRoot: SDK_ROOT,
  });
  const shown = gateway.url.replace('127.0.0.1', 'localhost');
  process.stdout.write(`Hearth is running at ${shown}  (models: ${[...gateway.engines.keys()].join(', ')})\n`);
  if (!existsSync(WEB_ROOT)) process.stdout.write('The composer page is not built: run `npm run build:web` to serve it at /.\n');
  const stop = (): void => {
    void gateway.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
