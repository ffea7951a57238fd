"""Writes the held-out evaluation sets from the corpus's test split (never seen in training).

    python3 tools/train/make_eval.py .train/corpus tools/train/eval

proofread-test.jsonl: 400 test sentences, two thirds corrupted (errors tied to clean tokens), a
third left clean; subject-test.jsonl: every test email's body (cut as training cuts it) and its
real Subject line.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corrupt import _write_dev, _write_eval  # noqa: E402
from train import truncate_body  # noqa: E402


def main(corpus: str, out: str) -> None:
    os.makedirs(out, exist_ok=True)
    _write_eval(os.path.join(corpus, "sentences.jsonl"), os.path.join(out, "proofread-test.jsonl"))
    _write_dev(os.path.join(corpus, "sentences.jsonl"), os.path.join(out, "proofread-dev.jsonl"))
    with open(os.path.join(out, "subject-test.jsonl"), "w") as f:
        for line in open(os.path.join(corpus, "emails.jsonl")):
            e = json.loads(line)
            if e["split"] == "test":
                f.write(json.dumps({"id": e["id"], "body": truncate_body(e["body"], 1000), "subject": e["subject"]}) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
