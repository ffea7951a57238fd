import { parseArgs } from 'node:util';
import { HearthError, type GenerateRequest } from '@hearth/spec';
import { NodeLlamaCppEngine } from '@hearth/sdk/node';
import { resolveModel } from './resolve-model.ts';

export const RUN_USAGE = `hearth run [options] "prompt"

  --model <id|path|url>  a catalog id (hearth models), a GGUF path or URL (default: the bundled demo model)
  --quant <name>         the catalog variant (Q4_0, Q8_0…); default: the one that fits this machine
  --lora <ref>[:scale]   a LoRA adapter (path, URL or the catalog model's adapter id); repeatable
  --system <text>        system message (chat mode)
  --raw                  complete the text as is, without the chat template
  --max-tokens <n>       default 256
  --temperature <t>      0 is greedy; default 0.7
  --top-p <p>            --seed <n>    --stop <text> (repeatable)
  --threads <n>          --context <n>
`;

function number(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new HearthError({ code: 'invalid_request', message: `--${name} is "${value}", not a number.`, hint: RUN_USAGE });
  return n;
}

/** Streams one answer to stdout from a local model, with the same options as the API. */
export async function runCommand(argv: string[], out: NodeJS.WritableStream = process.stdout): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      model: { type: 'string' },
      quant: { type: 'string' },
      lora: { type: 'string', multiple: true },
      system: { type: 'string' },
      raw: { type: 'boolean' },
      'max-tokens': { type: 'string' },
      temperature: { type: 'string' },
      'top-p': { type: 'string' },
      seed: { type: 'string' },
      stop: { type: 'string', multiple: true },
      threads: { type: 'string' },
      context: { type: 'string' },
    },
  });
  const prompt = positionals.join(' ');
  if (prompt.trim() === '') throw new HearthError({ code: 'invalid_request', message: 'No prompt given.', hint: RUN_USAGE });
  const model = await resolveModel(values.model ?? process.env['HEARTH_MODEL'], undefined, {
    ...(values.quant ? { quant: values.quant } : {}),
    ...(values.lora ? { lora: values.lora } : {}),
  });
  const engine = new NodeLlamaCppEngine({ parallelSequences: 1 });
  const threads = number('threads', values.threads);
  const contextSize = number('context', values.context);
  await engine.load({
    source: { type: 'path', path: model.paths },
    ...(threads === undefined ? {} : { threads }),
    ...(contextSize === undefined ? {} : { contextSize }),
    ...(model.adapters.length > 0 ? { adapters: model.adapters.map((a) => ({ source: { type: 'path' as const, path: a.path }, scale: a.scale })) } : {}),
  });
  const request: GenerateRequest = {
    prompt: values.raw
      ? { type: 'text', text: prompt }
      : { type: 'chat', messages: [...(values.system ? [{ role: 'system' as const, content: values.system }] : []), { role: 'user', content: prompt }] },
    maxTokens: number('max-tokens', values['max-tokens']) ?? 256,
    temperature: number('temperature', values.temperature) ?? 0.7,
  };
  const topP = number('top-p', values['top-p']);
  const seed = number('seed', values.seed);
  if (topP !== undefined) request.topP = topP;
  if (seed !== undefined) request.seed = seed;
  if (values.stop) request.stop = values.stop;
  // Ctrl-C stops generation cleanly instead of killing the process mid-write.
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  request.signal = controller.signal;
  try {
    for await (const part of engine.doStream(request)) {
      if (part.type === 'text-delta') out.write(part.text);
      else if (part.type === 'error') {
        if (part.error.code === 'aborted') break;
        throw HearthError.fromJSON(part.error);
      } else if (part.type === 'finish') {
        out.write('\n');
        process.stderr.write(
          `[${model.id}: ${part.usage.completionTokens} tokens, ${part.usage.decodeTokensPerSecond} tok/s, first after ${Math.round(part.usage.timeToFirstTokenMs)} ms, ${part.finishReason}]\n`,
        );
      }
    }
  } finally {
    process.off('SIGINT', onSigint);
    await engine.unload();
  }
}
