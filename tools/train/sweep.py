"""Trains several settings of Hearth Scribe side by side on one GPU and keeps the best.

    python3 tools/train/sweep.py --out $OUT --corpus .train/corpus \
        --run "A:--steps 1500" --run "B:--steps 3000 --dropout 0.1" [-- common train.py flags]

Each run is train.py in its own process and folder (a 17M model leaves most of an H100 idle, so
three share it at little cost each). When all have ended, the run whose greedy proofread check is
best (injected errors fixed exactly plus clean sentences left alone; the held-out proofread loss
breaks ties) is copied into --out with every run's log beside it in sweep-logs.json, so the GPU machine's 8
returned files hold the winner and the comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--corpus", default=".train/corpus")
    p.add_argument("--work", default="/tmp/scribe-sweep")
    p.add_argument("--run", action="append", required=True, help="NAME:train.py flags")
    args, common = p.parse_known_args()
    common = [c for c in common if c != "--"]
    here = os.path.dirname(os.path.abspath(__file__))
    procs = {}
    for spec in args.run:
        name, flags = spec.split(":", 1)
        folder = os.path.join(args.work, name)
        os.makedirs(folder, exist_ok=True)
        cmd = [sys.executable, os.path.join(here, "train.py"), "--corpus", args.corpus, "--out", folder, *common, *flags.split()]
        log = open(os.path.join(folder, "console.txt"), "w")
        procs[name] = (subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT), log, flags)
        print(f"{name}: {' '.join(cmd[2:])}", flush=True)
    results, logs = [], {}
    for name, (proc, log, flags) in procs.items():
        rc = proc.wait()
        log.close()
        tail = open(os.path.join(args.work, name, "console.txt")).read().splitlines()[-4:]
        print(f"{name} exited {rc}:", *[t[:400] for t in tail], sep="\n  ", flush=True)
        path = os.path.join(args.work, name, "train-log.json")
        if rc != 0 or not os.path.exists(path):
            continue
        run_log = json.load(open(path))
        logs[name] = {k: v for k, v in run_log.items() if k not in ("tokenizer_samples", "greedy_samples")}
        check = run_log.get("greedy_proofread_check") or {}
        score = check.get("corrupted_exact", 0) + check.get("clean_unchanged", 0)
        held = run_log["held_out"][-1].get("proofread", 99)
        results.append((score, -held, name))
        print(f"{name} ({flags}): check {score:.3f} (fixed {check.get('corrupted_exact')}, clean kept {check.get('clean_unchanged')}), held-out {run_log['held_out'][-1]}", flush=True)
    with open(os.path.join(args.out, "sweep-logs.json"), "w") as f:
        json.dump(logs, f)
    if not results:
        sys.exit("sweep: no run finished")
    best = max(results)[2]
    for f in os.listdir(os.path.join(args.work, best)):
        if f.startswith("weights-") or f in ("tokenizer.json", "train-log.json"):
            shutil.copy(os.path.join(args.work, best, f), args.out)
    print("sweep:", json.dumps({"best": best, "runs": {n: flags for n, (_, _, flags) in procs.items()}, "scores": {n: s for s, _, n in results}}), flush=True)


if __name__ == "__main__":
    main()
