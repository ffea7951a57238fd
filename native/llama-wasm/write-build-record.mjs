// Writes build-record.json beside the artifact: what went into the build and the SHA-256 of every
// file it produced. Called by build.sh; checked by llama-wasm-artifact.test.ts (shipped files
// match the record) and verify-reproducible.sh (a rebuild matches the shipped files).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

const [outDir, ...rest] = process.argv.slice(2);
if (outDir === undefined) throw new Error('usage: write-build-record.mjs OUT_DIR --key value ...');
const args = {};
for (let i = 0; i < rest.length; i += 2) args[rest[i].replace(/^--/, '')] = rest[i + 1] ?? '';

const files = ['hearth-llama.mjs', 'hearth-llama.worker.js', 'hearth-llama-simd.wasm', 'hearth-llama-relaxed.wasm'];
const record = {
  // Bump when the record's shape changes.
  recordVersion: 1,
  source: {
    from: 'node_modules/node-llama-cpp/llama/gitRelease.bundle (node-llama-cpp 3.22.1, llama.cpp tag v0.5.0)',
    commit: args['source-commit'],
  },
  toolchain: { emcc: args['emcc'], relaxedKernelCompiler: args['clang19'], binaryen: `${args['binaryen']} (not run: link at -O1)` },
  flags: {
    cmake: args['cmake-flags'],
    compile: args['compile-flags'],
    link: args['link-flags'],
    relaxedVariantExtra: args['relaxed-extra'],
  },
  buildSeconds: { libraries: Number(args['seconds-libraries']), total: Number(args['seconds-total']) },
  files: Object.fromEntries(
    files.map((name) => {
      const bytes = readFileSync(join(outDir, name));
      return [name, { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }];
    }),
  ),
};
writeFileSync(join(outDir, 'build-record.json'), `${JSON.stringify(record, null, 2)}\n`);
