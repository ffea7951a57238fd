#!/usr/bin/env node
import { HearthError } from '@hearth/spec';
import { newApiKey } from '@hearth/server';
import { runCommand, RUN_USAGE } from './commands/run.ts';
import { serveCommand, SERVE_USAGE } from './commands/serve.ts';
import { EXIT_CODES_HELP, exitCodeFor, formatCliError } from './cli-error.ts';
import { pullCommand, PULL_USAGE } from './commands/pull.ts';
import { doctorCommand, DOCTOR_USAGE } from './commands/doctor.ts';
import { modelsCommand, MODELS_USAGE } from './commands/models.ts';

const USAGE = `hearth <command> [options]      (hearth <command> --help for its options)

  serve    run the gateway: OpenAI-compatible API, model files and pages for browsers
  run      stream one answer from a model in the terminal
  pull     download a model (catalog id, GGUF URL, manifest URL) into the local store, resumably
  models   the model catalog, with whether each model fits this machine
  doctor   this machine's profile, and where requests would run and why
  key      make an API key (the gateway keeps only its sha256)
  bench    the benchmark (in a checkout of the repository)

  --verbose  with any command: on failure, print the cause behind the one-line error

${EXIT_CODES_HELP}`;

const KEY_USAGE = `hearth key

  Prints a new API key and its sha256. Put the sha256 in the gateway config's auth.apiKeys;
  give the key to the client. The gateway never stores the key itself.
`;

const BENCH_USAGE = `hearth bench [--quick] [--only <suites>]

  The benchmark (tools/src/bench), in a checkout of the repository; writes bench/report.{json,md}.
  --quick  a subset in about 2 minutes (written to bench/out/partial/)
`;

const COMMAND_USAGE: Record<string, string> = {
  serve: SERVE_USAGE,
  run: RUN_USAGE,
  pull: PULL_USAGE,
  doctor: DOCTOR_USAGE,
  models: MODELS_USAGE,
  key: KEY_USAGE,
  bench: BENCH_USAGE,
};

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const usage = command === undefined ? undefined : COMMAND_USAGE[command];
  if (usage !== undefined && (rest.includes('--help') || rest.includes('-h'))) {
    // The benchmark's own usage names its suites; it lives with them.
    process.stdout.write(command === 'bench' ? (await import('@hearth/tools/bench')).BENCH_USAGE : usage);
    return;
  }
  switch (command) {
    case 'serve':
      return serveCommand(rest);
    case 'pull':
      return pullCommand(rest);
    case 'run':
      return runCommand(rest);
    case 'doctor':
      return doctorCommand(rest);
    case 'models':
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
    case 'help':
      process.stdout.write(USAGE);
      return;
    default:
      throw new HearthError({ code: 'invalid_request', message: `Unknown command "${command}".`, hint: 'Run `hearth --help` for the list.' });
  }
}

// --verbose anywhere: the flag belongs to the error report, not to a command's options.
const args = process.argv.slice(2);
const verbose = args.includes('--verbose') || process.env['HEARTH_VERBOSE'] === '1';
main(args.filter((a) => a !== '--verbose')).catch((thrown: unknown) => {
  // node:util parseArgs throws plain TypeErrors for unknown or malformed options.
  const code = (thrown as { code?: unknown } | null)?.code;
  const error =
    typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')
      ? new HearthError({
          code: 'invalid_request',
          message: (thrown as Error).message.replace(/\. To specify a positional.*$/s, '.'),
          hint: `See hearth ${args[0] ?? ''} --help.`.replace('  ', ' '),
        })
      : thrown;
  process.stderr.write(formatCliError(error, verbose));
  process.exitCode = exitCodeFor(error);
});
