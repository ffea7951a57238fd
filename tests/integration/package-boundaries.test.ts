import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/models.ts';

// Packages meet only through their package.json `exports`: every entry there is a real file, every
// package declares what it imports, and the lint step refuses an import that goes around both.

interface PackageJson {
  name: string;
  exports?: Record<string, string | Record<string, string>>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const workspaces = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
const manifest = (ws: string): PackageJson => JSON.parse(readFileSync(join(repoRoot, ws, 'package.json'), 'utf8')) as PackageJson;

/** Imports a package may leave undeclared, each with its reason. */
const UNDECLARED_OK: Record<string, string> = {
  vitest: "the repository's test runner, a root devDependency: tests beside the code use it",
  vite: 'build configuration files (*.config.ts) run by the root devDependency',
  'hearth-dictionary-fr': "the composer's Vite alias for dictionary-fr's files (apps/composer/vite.config.ts)",
};

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|mjs|js)$/.test(e.name) && !e.parentPath.includes('node_modules') && !e.parentPath.includes('/artifact'))
    .map((e) => join(e.parentPath, e.name));
}

/** The package names a file imports (static and dynamic imports of string literals). */
function importedPackages(source: string): string[] {
  const specifiers = [...source.matchAll(/^\s*(?:import|export)\s(?:[^;'"]*?\sfrom\s)?\s*'([^']+)'/gm), ...source.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)].map(
    (m) => m[1]!,
  );
  return specifiers
    .filter((s) => !s.startsWith('.') && !s.startsWith('/') && !s.startsWith('node:') && !builtinModules.includes(s))
    .map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!));
}

describe('package boundaries', () => {
  for (const ws of workspaces) {
    it(`${ws}: every exports entry points at a file that exists`, () => {
      const pkg = manifest(ws);
      expect(pkg.exports, `${ws} has an exports map`).toBeDefined();
      const missing: string[] = [];
      for (const [key, target] of Object.entries(pkg.exports ?? {})) {
        for (const path of typeof target === 'string' ? [target] : Object.values(target)) {
          if (!existsSync(join(repoRoot, ws, path))) missing.push(`${key} → ${path}`);
        }
      }
      expect(missing).toEqual([]);
    });

    it(`${ws}: declares every package it imports`, () => {
      const pkg = manifest(ws);
      const declared = new Set([
        pkg.name,
        ...Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.peerDependencies }),
        ...Object.keys(UNDECLARED_OK),
      ]);
      const undeclared = new Set<string>();
      for (const file of [...sourceFiles(join(repoRoot, ws, 'src')), ...sourceFiles(join(repoRoot, ws, 'bin'))]) {
        for (const name of importedPackages(readFileSync(file, 'utf8'))) if (!declared.has(name)) undeclared.add(`${name} (${relative(repoRoot, file)})`);
      }
      expect([...undeclared]).toEqual([]);
    });
  }
});

describe('the lint rule on package boundaries', () => {
  const eslint = new ESLint({ cwd: repoRoot });
  const lint = async (filePath: string, code: string): Promise<string[]> => {
    const [result] = await eslint.lintText(code, { filePath: join(repoRoot, filePath) });
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  };
  const used = 'export const used = x;\n';

  it.each([
    ['a relative path into another package’s src/', 'packages/server/src/planted.ts', "import { x } from '../../sdk/src/hearth/create-hearth.ts';"],
    ['another package’s src/ by name', 'packages/ui/src/planted.ts', "import { x } from '@hearth/sdk/src/planner/plan.ts';"],
    ['the repository’s tests/ from package code', 'tools/src/bench/planted.ts', "import { x } from '../../../tests/support/chromium.ts';"],
  ])('fails on %s', async (_what, file, line) => {
    expect(await lint(file, `${line}\n${used}`)).toHaveLength(1);
  });

  it('passes imports through exports and relative imports inside a package', async () => {
    expect(
      await lint(
        'packages/server/src/planted.ts',
        `import { x } from '@hearth/sdk/planner';\nimport { y } from './routes/openai-endpoints.ts';\n${used}export const z = y;\n`,
      ),
    ).toEqual([]);
  });

  it('leaves tests free to use their own support files', async () => {
    expect(await lint('tests/integration/planted.test.ts', `import { x } from '../support/models.ts';\n${used}`)).toEqual([]);
  });
});
