#!/usr/bin/env bash
# Rebuilds Hearth Scribe from its recorded sources, end to end (README: Hearth Scribe).
#
#   tools/train/rebuild.sh            # on a machine with an NVIDIA GPU, PyTorch and tokenizers
#
# 1. gathers the corpus from the allowed sources (npm install; apt-get install wordnet-base
#    python3-doc postgresql-doc-15 perl-doc debian-handbook debian-reference-en git-doc
#    gnu-standards) and checks their SHA-256 against models/hearth-scribe/training-record.json;
# 2. renders the SDK's own prompts for the trained tasks;
# 3. rebuilds the held-out evaluation files and checks they are unchanged;
# 4. trains (the record's command: same seed, same settings, same number of steps);
# 5. writes the GGUF, loss.svg, tokenizer.json and training-record.json into models/hearth-scribe/.
# GPU kernels are not bitwise deterministic, so a rebuild's weights differ in their last bits; the
# record names the GPU, the steps and the final loss so a rebuild can be compared with it.
set -euo pipefail
cd "$(dirname "$0")/../.."
# The sources the recorded model was trained on, as gather-corpus.ts recorded what it read.
sources=$(node -p 'JSON.parse(require("fs").readFileSync("models/hearth-scribe/training-record.json", "utf8")).corpus.read.join(",")')
npx tsx tools/src/corpus/gather-corpus.ts --out .train/corpus --sources "$sources"
node -e '
  const fs = require("fs");
  const now = JSON.parse(fs.readFileSync(".train/corpus/record.json", "utf8")).sources;
  const was = JSON.parse(fs.readFileSync("models/hearth-scribe/training-record.json", "utf8")).corpus.sources;
  for (const s of was) {
    const n = now.find((x) => x.id === s.id);
    if (!n || n.sha256 !== s.sha256) { console.error(`rebuild: source ${s.id} differs from the record (${n ? n.sha256 : "missing"} != ${s.sha256})`); process.exit(1); }
  }'
npx tsx tools/src/corpus/export-task-prompts.ts --out .train/corpus/prompts.json
python3 tools/train/make_eval.py .train/corpus tools/train/eval
git diff --exit-code -- tools/train/eval
# The record's command: every setting of the committed run as a flag (steps, seed, dropout, sizes).
command=$(node -p 'JSON.parse(require("fs").readFileSync("models/hearth-scribe/training-record.json","utf8")).training.command')
$command
npx tsx tools/src/train/record-scribe.ts --from .train/run --corpus .train/corpus --out models/hearth-scribe
