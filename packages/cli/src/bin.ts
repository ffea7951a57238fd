#!/usr/bin/env node
import { HearthError } from '@hearth/spec';
import { newApiKey } from '@hearth/server';
import { runCommand, RUN_USAGE } from './commands/run.ts';
import { serveCommand } from './commands/serve.ts';
import { pullCommand, PULL_USAGE } from './commands/pull.ts';
import { doctorCommand, DOCTOR_USAGE } from './commands/doctor.ts';
import { modelsCommand, MODELS_USAGE } from './commands/models.ts';

const USAGE = `hearth <command>

  serve [--model <path|url>] [--id <name>] [--config <file.json>]
                          run the gateway (PORT, HOST, HEARTH_MODEL, HEARTH_CONFIG, HEARTH_LOG_LEVEL)
  run [options] "prompt"  stream an answer from a local GGUF path or URL (hearth run --help)
  key                     make an API key; put its sha256 in the config's auth.apiKeys
  pull <model id|url|path> [--dir <store>]
                          download a model into the local store, resumably and verified (pull --help)
  doctor [options]        this machine's profile and, per task, where requests would run and why (doctor --help)
  models [options]        the model catalog with a fits / does-not-fit verdict for this machine (models --help)
  bench [--quick]         the benchmark, in a checkout of the repository (bench --help)
`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serveCommand(rest);
    case 'pull':
      if (rest.includes('--help') || rest.includes('-h')) {
        process.stdout.write(PULL_USAGE);
        return;
      }
      return pullCommand(rest);
    case 'run':
      if (rest.includes('--help')) {
        process.stdout.write(RUN_USAGE);
        return;
      }
      return runCommand(rest);
    case 'doctor':
      if (rest.includes('--help') || rest.includes('-h')) {
        process.stdout.write(DOCTOR_USAGE);
        return;
      }
      return doctorCommand(rest);
    case 'models':
      if (rest.includes('--help') || rest.includes('-h')) {
        process.stdout.write(MODELS_USAGE);
        return;
      }
      return modelsCommand(rest);
    case 'bench': {
      // Imported on demand: the benchmark drives Chromium and Vite, which no other command needs.
      const { runBench } = await import('@hearth/tools/bench');
      process.exitCode = await runBench(rest);
      return;
    }
    case 'key': {
      const { key, sha256 } = newApiKey();
      process.stdout.write(`key:    ${key}\nsha256: ${sha256}\n(the gateway stores only the sha256; keep the key secret)\n`);
      return;
    }
    case undefined:
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return;
    default:
      throw new HearthError({ code: 'invalid_request', message: `Unknown command "${command}".`, hint: 'Run `hearth --help` for the list.' });
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const e = HearthError.from(error);
  process.stderr.write(`hearth: ${e.message}${e.hint ? `\n  ${e.hint}` : ''}\n`);
  process.exitCode = 1;
});
