import { spawn } from 'node:child_process';
import { repoRoot } from './models.ts';

export interface SpawnedHearth {
  url: string;
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

/** `hearth serve` as its own process, the way it runs for real; resolves once it listens. */
export async function spawnHearth(args: string[], env: Record<string, string> = {}): Promise<SpawnedHearth> {
  return spawnUntilListening('npx', ['tsx', 'packages/cli/src/bin.ts', 'serve', ...args], env);
}

/** `npm start` exactly as the README says (the web build, then the gateway); resolves once it listens. */
export async function npmStart(env: Record<string, string> = {}): Promise<SpawnedHearth> {
  return spawnUntilListening('npm', ['start'], env);
}

async function spawnUntilListening(command: string, args: string[], env: Record<string, string>): Promise<SpawnedHearth> {
  const child = spawn(command, args, { cwd: repoRoot, env: { ...process.env, PORT: '0', ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    void exited.then((code) => reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output}`)));
    const timer = setInterval(() => {
      const m = /Hearth is running at (http:\/\/\S+)/.exec(output);
      if (m?.[1]) {
        clearInterval(timer);
        resolve(m[1]);
      }
    }, 50);
  });
  return {
    url,
    pid: child.pid!,
    output: () => output,
    async stop() {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        return;
      }
      await exited;
    },
  };
}

/** Resident memory of a process tree's node process, in bytes (Linux). */
export async function residentBytes(pid: number): Promise<number> {
  const { readFile, readdir } = await import('node:fs/promises');
  // npx → tsx → node: the server is the deepest node process in the group.
  let total = 0;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const status = await readFile(`/proc/${entry}/status`, 'utf8').catch(() => '');
    const pgid = await readFile(`/proc/${entry}/stat`, 'utf8').then(
      (s) => Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[2]),
      () => -1,
    );
    if (pgid !== pid) continue;
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    if (rss) total = Math.max(total, Number(rss[1]) * 1024);
  }
  return total;
}
