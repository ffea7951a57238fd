// `npm test`: every tier, in order of cost. Lint and types first (seconds), then the web build the
// browser tests load, then Vitest's unit, integration and browser projects.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function run(cmd, args, extraEnv = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  if (r.status !== 0) {
    console.error(`\n✗ ${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status ?? 1);
  }
}

/** Real-browser tests need Chromium: find it, install Debian's as root, or say exactly what to do. */
function ensureChromium() {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (found) return found;
  const debian = existsSync('/etc/debian_version');
  const root = process.getuid?.() === 0;
  if (debian && root) {
    console.log("Chromium is missing: installing Debian's chromium package (apt-get)…");
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', 'chromium']);
    if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  }
  console.error(
    'The browser tests need Chromium and none was found.\n' +
      (debian ? '  Install it:  sudo apt-get install -y chromium\n' : '  Install Chromium or Chrome.\n') +
      '  Or point CHROME_PATH at an existing Chromium/Chrome binary: CHROME_PATH=/path/to/chrome npm test',
  );
  process.exit(1);
}

const chrome = ensureChromium();
run('npx', ['eslint', '.']);
// The formatter: a file Prettier would change fails here (.prettierrc.json; generated files in .prettierignore).
run('npx', ['prettier', '--check', '--log-level', 'warn', '.']);
run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
run('npm', ['run', '--silent', 'build:web']);

// Projects run one after another: browser engines and native llama.cpp both want every core,
// and llama.cpp's spinning threads slow down badly when they share them.
const dir = mkdtempSync(join(tmpdir(), 'hearth-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
let status = 0;
for (const project of ['unit', 'integration', 'browser']) {
  console.log(`\n=== ${project} tests ===`);
  const report = join(dir, `${project}.json`);
  const vitest = spawnSync(
    'npx',
    ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      env: { ...process.env, CHROME_PATH: chrome },
    },
  );
  if (vitest.status !== 0) status = vitest.status ?? 1;
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests;
    totals.skipped += r.numPendingTests + r.numTodoTests;
  } else if (vitest.status !== 0) {
    totals.failed += 1;
  }
}
// A plain closing line that any CI can read.
console.log(`\nTests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(status);
