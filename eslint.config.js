import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Imports that cross a package boundary without going through the package's `exports`. */
export const PACKAGE_BOUNDARIES = [
  { regex: '^@hearth/[^/]+/src(/|$)', message: "Import the package's entry (its package.json exports), not its src/." },
  {
    regex: '^(\\.\\.?/)+(.+/)?src/',
    message: 'A relative path into a src/ folder reaches into another package: import it by name (@hearth/…) through its exports.',
  },
  {
    regex: '^(\\.\\.?/)+(.+/)?tests/',
    message: "Package code does not import the repository's tests/: move what it needs into a package (e.g. @hearth/tools/testing).",
  },
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/dist-browser/**', '.cache/**', 'bench/out/**'] },
  { ignores: ['packages/sdk/src/engines/llama-wasm/artifact/**'] }, // emscripten's generated glue
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // Packages meet only through each other's `exports` (ARCHITECTURE.md): no reaching into another
    // package's src/ by path or by name, and no package code built on the repository's tests/.
    files: ['packages/*/src/**/*.ts', 'apps/*/src/**/*.ts', 'tools/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: PACKAGE_BOUNDARIES }],
    },
  },
  {
    files: ['scripts/**/*.mjs', '*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
