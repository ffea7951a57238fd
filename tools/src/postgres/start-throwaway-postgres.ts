import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ThrowawayPostgres {
  /** postgres://hearth@127.0.0.1:<port>/postgres (trust auth, loopback only). */
  url: string;
  /** The cluster's data folder (for tests that search it). */
  dataDir: string;
  stop(): Promise<void>;
}

/** Debian's PostgreSQL server binaries (`apt-get install -y postgresql`), newest version first. */
function findBinaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql. Install them: sudo apt-get install -y postgresql');
  return join(root, versions[0], 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * A real PostgreSQL cluster of its own, for one test or bench run: initdb in a temporary folder,
 * listening on a free loopback port, fsync off (nothing here must survive a crash), stopped and
 * deleted by `stop()`. PostgreSQL refuses to run as root, so as root it runs as the `postgres` user.
 */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = findBinaries();
  const dir = await mkdtemp(join(tmpdir(), 'hearth-pg-'));
  const dataDir = join(dir, 'data');
  const root = process.getuid?.() === 0;
  const as = async (file: string, args: string[]): Promise<void> => {
    await (root ? run('runuser', ['-u', 'postgres', '--', join(bin, file), ...args]) : run(join(bin, file), args));
  };
  if (root) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  await chmod(dir, 0o700);
  await as('initdb', ['-D', dataDir, '-U', 'hearth', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  await as('pg_ctl', [
    '-D',
    dataDir,
    '-w',
    '-l',
    join(dir, 'server.log'),
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
    'start',
  ]);
  return {
    url: `postgres://hearth@127.0.0.1:${port}/postgres`,
    dataDir,
    async stop() {
      await as('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
