import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gatewayEnv, startGateway } from '@hearth/server';
import { MODEL_CACHE, resolveModel } from './resolve-model.ts';

const WEB_ROOT = join(MODEL_CACHE, '..', '..', 'apps', 'composer', 'dist');

export async function serveCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { model: { type: 'string' }, id: { type: 'string' } }, strict: true });
  const env = gatewayEnv();
  const model = await resolveModel(values.model ?? process.env['HEARTH_MODEL'], values.id ?? process.env['HEARTH_MODEL_ID']);
  const gateway = await startGateway({
    ...env,
    models: [model],
    ...(existsSync(WEB_ROOT) ? { webRoot: WEB_ROOT } : {}),
  });
  const shown = gateway.url.replace('127.0.0.1', 'localhost');
  process.stdout.write(`Hearth is running at ${shown}  (model: ${model.id})\n`);
  if (!existsSync(WEB_ROOT)) process.stdout.write('The composer page is not built: run `npm run build:web` to serve it at /.\n');
  const stop = (): void => {
    void gateway.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
