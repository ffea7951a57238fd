import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { NodeLlamaCppEngine } from '@hearth/sdk/node';
import { repoRoot, tinyModelPath } from '../support/models.ts';

let model: string;
beforeAll(async () => {
  model = await tinyModelPath();
});

function hearth(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npx', ['tsx', 'packages/cli/src/bin.ts', ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('hearth run', () => {
  it('streams the same greedy answer the engine gives, with the usage on stderr', async () => {
    const prompt = 'The meeting notes say that';
    const engine = new NodeLlamaCppEngine({ parallelSequences: 1 });
    await engine.load({ source: { type: 'path', path: model }, threads: 1 });
    const expected = await engine.doGenerate({ prompt: { type: 'text', text: prompt }, maxTokens: 12, temperature: 0 });
    await engine.unload();

    const r = hearth(['run', '--model', model, '--raw', '--temperature', '0', '--max-tokens', '12', '--threads', '1', prompt]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${expected.text}\n`);
    expect(r.stderr).toMatch(/12 tokens, [\d.]+ tok\/s, first after \d+ ms, length/);
  });

  it('honours stop sequences and chat mode', () => {
    const free = hearth(['run', '--model', model, '--temperature', '0', '--max-tokens', '16', '--threads', '1', 'hello there']);
    expect(free.status).toBe(0);
    const words = free.stdout.trim().split(' ').filter(Boolean);
    const stop = words[2]!;
    const stopped = hearth(['run', '--model', model, '--temperature', '0', '--max-tokens', '16', '--threads', '1', '--stop', stop, 'hello there']);
    expect(stopped.stdout.length).toBeLessThan(free.stdout.length);
    expect(stopped.stdout).not.toContain(stop);
    expect(stopped.stderr).toMatch(/, stop\]/);
  });

  it('says what is wrong, and how to fix it, on bad input', () => {
    // Exit 2: a bad command or option (hearth --help lists the exit codes).
    const none = hearth(['run', '--model', model]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('No prompt given');
    const nan = hearth(['run', '--model', model, '--temperature', 'hot', 'x']);
    expect(nan.status).toBe(2);
    expect(nan.stderr).toContain('--temperature is "hot", not a number');
  });
});
