"""Trains Hearth Scribe: a small llama-architecture model for the composer's tasks.

    python3 tools/train/train.py --corpus .train/corpus --out $OUT --minutes 7 [--init DIR]

Reads what tools/src/corpus/gather-corpus.ts and export-task-prompts.ts wrote (the corpus, with
its test split, and the SDK's own prompts), trains a byte-level BPE tokenizer on the training
split, then the model on a mixture of the composer's tasks and plain text, for a fixed wall-clock
budget. Writes, all flat in --out (the GPU machine returns at most 8 files of 16 MiB):
  weights-0000k.safetensors  bf16 weights, GGUF tensor names, sharded under 15 MiB
  tokenizer.json             the trained tokenizer (Hugging Face tokenizers format)
  train-log.json             settings, GPU, steps, tokens, the loss curve, held-out losses, a
                             greedy proofread check, and token ids of sample prompts for the
                             tokenizer parity test against llama.cpp
The model matches llama.cpp's "llama" graph: RMSNorm, rotary embeddings on adjacent pairs
(ggml's normal mode, so no permutation is needed), SwiGLU, tied input and output embeddings.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import random
import sys
import threading
import queue
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corrupt import corrupt, proofread_pair  # noqa: E402

SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
CONTINUE_INSTRUCTIONS = ["Continue the text.", "Continue.", "Keep writing.", "Finish this email.", "Write the rest."]


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser()
    p.add_argument("--corpus", default=".train/corpus")
    p.add_argument("--out", required=True)
    p.add_argument("--minutes", type=float, default=7.0)
    p.add_argument("--init", default=None, help="a folder of weights-*.safetensors to resume from")
    p.add_argument("--vocab", type=int, default=8192)
    p.add_argument("--dim", type=int, default=384)
    p.add_argument("--layers", type=int, default=8)
    p.add_argument("--heads", type=int, default=6)
    p.add_argument("--ffn", type=int, default=1024)
    p.add_argument("--ctx", type=int, default=1024)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--warmup", type=int, default=200)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--proofread-variants", type=int, default=12)
    p.add_argument("--smoke", action="store_true", help="a small slice of the data, for a quick check of the whole script")
    p.add_argument("--mix", default="proofread=0.67,subject=0.05,continue=0.10,text=0.18")
    return p.parse_args()


def read_jsonl(path: str) -> list[dict]:
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


# ---- data ---------------------------------------------------------------------------------

def truncate_body(body: str, limit: int, rng: random.Random | None = None) -> str:
    """The body cut at a paragraph or sentence end near `limit` characters (a random shorter cut when rng is given)."""
    if rng is not None and len(body) > 200 and rng.random() < 0.5:
        limit = rng.randint(200, limit)
    if len(body) <= limit:
        return body
    cut = body[:limit]
    for mark in ("\n\n", ". ", "\n"):
        at = cut.rfind(mark)
        if at > limit // 2:
            return cut[: at + (1 if mark == ". " else 0)].strip()
    return cut.rsplit(" ", 1)[0].strip()


def split_for_continue(text: str, rng: random.Random) -> tuple[str, str] | None:
    """A text's first part and what follows, cut at a sentence end."""
    ends = [i + 1 for i, ch in enumerate(text[:-1]) if ch in ".!?" and text[i + 1] in " \n"]
    ends = [e for e in ends if 40 <= e <= 700 and len(text) - e >= 30]
    if not ends:
        return None
    at = rng.choice(ends)
    head, tail = text[:at].strip(), text[at:].strip()
    return head, truncate_body(tail, 400)


class Examples:
    """Token ids and loss masks: prompt tokens are context (no loss), the answer is learned."""

    def __init__(self, tok, prompts: dict, input_mark: str, context_mark: str):
        self.tok = tok
        self.im_end = tok.token_to_id("<|im_end|>")
        self.eot = tok.token_to_id("<|endoftext|>")
        # Each prompt splits into constant pieces around the marks, tokenized once. The text between
        # special tokens is pre-tokenized on its own, and the marks follow "\n", so the ids of the
        # whole prompt are exactly prefix + ids(text) + suffix (the parity test checks this).
        self.templates = {}
        for name, prompt in prompts.items():
            self.templates[name] = [self.ids(piece) for piece in prompt.replace(context_mark, input_mark).split(input_mark)]

    def ids(self, text: str) -> list[int]:
        return self.tok.encode(text).ids

    def task(self, name: str, fills: list[list[int]], answer: list[int]) -> tuple[list[int], list[int]]:
        pieces = self.templates[name]
        ids: list[int] = []
        for i, piece in enumerate(pieces):
            ids += piece
            if i < len(fills):
                ids += fills[i]
        target = answer + [self.im_end]
        return ids + target, [0] * len(ids) + [1] * len(target)

    def text(self, ids: list[int]) -> tuple[list[int], list[int]]:
        return ids + [self.eot], [1] * (len(ids) + 1)


def _pairs_for(job: tuple[list[str], int, int]) -> list[tuple[str, str]]:
    """(corrupted, clean) proofread pairs for some sentences, and paragraphs of 2 to 5 of them."""
    sentences, variants, seed = job
    rng = random.Random(seed)
    pairs = [(proofread_pair(s, rng)[0], s) for s in sentences for _ in range(variants)]
    # Paragraphs too (an email is proofread whole), each sentence corrupted on its own.
    for _ in range(len(sentences) * variants // 8):
        picked = rng.sample(sentences, rng.randint(2, min(5, len(sentences))))
        sep = rng.choice([" ", " ", " ", "\n", "\n\n"])
        pairs.append((sep.join(proofread_pair(s, rng)[0] for s in picked), sep.join(picked)))
    return pairs


def build_pools(args, tok, corpus: dict, prompts: dict, marks: tuple[str, str], split: str, rng: random.Random):
    ex = Examples(tok, prompts, *marks)
    pools: dict[str, list[tuple[list[int], list[int]]]] = {"proofread": [], "subject": [], "continue": [], "text": []}
    sentences = [s["text"] for s in corpus["sentences"] if s["split"] == split]
    emails = [e for e in corpus["emails"] if e["split"] == split]
    prose = [p["text"] for p in corpus["prose"] if p["split"] == split]

    variants = args.proofread_variants if split == "train" else 1
    # Corrupting is the slow part: spread over the cores, each chunk with its own seed.
    chunks = [(sentences[i : i + 2000], variants, rng.randrange(2**31)) for i in range(0, len(sentences), 2000)]
    with multiprocessing.get_context("fork").Pool(min(16, os.cpu_count() or 1)) as workers:
        made = workers.map(_pairs_for, chunks)
    inputs = [bad for chunk in made for bad, _ in chunk]
    outputs = [good for chunk in made for _, good in chunk]
    encoded_out = tok.encode_batch(outputs)
    for enc, out in zip(tok.encode_batch(inputs), encoded_out):
        pools["proofread"].append(ex.task("proofread", [enc.ids], out.ids))

    for e in emails:
        for k in range(8 if split == "train" else 1):
            body = truncate_body(e["body"], 1000, rng if k > 0 else None)
            name = "subject-plain" if (k % 4 != 3) else "subject-markdown"
            pools["subject"].append(ex.task(name, [ex.ids(body)], ex.ids(e["subject"])))

    for text in [e["body"] for e in emails] + prose:
        for _ in range(3 if split == "train" else 1):
            cut = split_for_continue(text, rng)
            if cut is None:
                continue
            head, tail = cut
            pools["continue"].append(ex.task("continue", [ex.ids(head), ex.ids(rng.choice(CONTINUE_INSTRUCTIONS))], ex.ids(tail)))

    docs = [f"Subject: {e['subject']}\n\n{e['body']}" for e in emails] + prose + [" ".join(sentences[i : i + 20]) for i in range(0, len(sentences), 20)]
    for enc in tok.encode_batch(docs):
        ids = enc.ids
        for start in range(0, len(ids), args.ctx - 1):
            pools["text"].append(ex.text(ids[start : start + args.ctx - 1]))
    for name in pools:
        pools[name] = [p for p in pools[name] if len(p[0]) <= args.ctx]
    return pools


def batches(pools, weights: dict[str, float], ctx: int, batch: int, rng: random.Random):
    """Rows of exactly ctx+1 tokens, each packed from whole examples drawn by the mixture weights."""
    import numpy as np

    # The weights are shares of tokens, not of examples: a text chunk is 15 times a proofread pair.
    names = list(weights)
    mean_len = {n: sum(len(ids) for ids, _ in pools[n]) / max(len(pools[n]), 1) for n in names}
    probs = [weights[n] / max(mean_len[n], 1) for n in names]
    order = {n: [] for n in names}

    def draw(name):
        if not order[name]:
            order[name] = list(range(len(pools[name])))
            rng.shuffle(order[name])
        return pools[name][order[name].pop()]

    while True:
        x = np.zeros((batch, ctx + 1), dtype=np.int64)
        m = np.zeros((batch, ctx + 1), dtype=np.float32)
        for r in range(batch):
            at = 0
            while at < ctx + 1:
                ids, mask = draw(rng.choices(names, probs)[0])
                take = min(len(ids), ctx + 1 - at)
                if take < len(ids) and at > 0:
                    break  # the rest of the row stays padding (masked out) rather than a cut example
                x[r, at : at + take] = ids[:take]
                m[r, at : at + take] = mask[:take]
                at += take
        yield x, m


# ---- model --------------------------------------------------------------------------------

def build_model(args, vocab_size: int):
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    head_dim = args.dim // args.heads

    class RMSNorm(nn.Module):
        def __init__(self, dim):
            super().__init__()
            self.weight = nn.Parameter(torch.ones(dim))

        def forward(self, x):
            xf = x.float()
            return (xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + 1e-5)).type_as(x) * self.weight

    def rope(x, cos, sin):
        # ggml's normal mode: pairs (x[2i], x[2i+1]) rotate together.
        x2 = x.float().reshape(*x.shape[:-1], -1, 2)
        a, b = x2[..., 0], x2[..., 1]
        out = torch.stack((a * cos - b * sin, a * sin + b * cos), dim=-1)
        return out.flatten(-2).type_as(x)

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.attn_norm = RMSNorm(args.dim)
            self.q = nn.Linear(args.dim, args.dim, bias=False)
            self.k = nn.Linear(args.dim, args.dim, bias=False)
            self.v = nn.Linear(args.dim, args.dim, bias=False)
            self.o = nn.Linear(args.dim, args.dim, bias=False)
            self.ffn_norm = RMSNorm(args.dim)
            self.gate = nn.Linear(args.dim, args.ffn, bias=False)
            self.up = nn.Linear(args.dim, args.ffn, bias=False)
            self.down = nn.Linear(args.ffn, args.dim, bias=False)

        def forward(self, x, cos, sin):
            b, t, _ = x.shape
            h = self.attn_norm(x)
            q = rope(self.q(h).view(b, t, args.heads, head_dim), cos, sin).transpose(1, 2)
            k = rope(self.k(h).view(b, t, args.heads, head_dim), cos, sin).transpose(1, 2)
            v = self.v(h).view(b, t, args.heads, head_dim).transpose(1, 2)
            a = F.scaled_dot_product_attention(q, k, v, is_causal=True)
            x = x + self.o(a.transpose(1, 2).reshape(b, t, args.dim))
            h = self.ffn_norm(x)
            return x + self.down(F.silu(self.gate(h)) * self.up(h))

    class Scribe(nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = nn.Embedding(vocab_size, args.dim)
            self.blocks = nn.ModuleList(Block() for _ in range(args.layers))
            self.norm = RMSNorm(args.dim)
            inv = 1.0 / (10000.0 ** (torch.arange(0, head_dim, 2).float() / head_dim))
            pos = torch.arange(args.ctx + 1).float()
            freqs = torch.outer(pos, inv)  # [t, head_dim/2]
            self.register_buffer("cos", freqs.cos()[None, :, None, :], persistent=False)
            self.register_buffer("sin", freqs.sin()[None, :, None, :], persistent=False)
            self.apply(self._init)
            for blk in self.blocks:
                nn.init.normal_(blk.o.weight, std=0.02 / math.sqrt(2 * args.layers))
                nn.init.normal_(blk.down.weight, std=0.02 / math.sqrt(2 * args.layers))

        @staticmethod
        def _init(mod):
            if isinstance(mod, (nn.Linear, nn.Embedding)):
                nn.init.normal_(mod.weight, std=0.02)

        def forward(self, idx):
            t = idx.shape[1]
            x = self.embed(idx)
            cos, sin = self.cos[:, :t], self.sin[:, :t]
            for blk in self.blocks:
                x = blk(x, cos, sin)
            return self.norm(x) @ self.embed.weight.T

    return Scribe()


def gguf_names(model) -> dict:
    """The model's tensors under llama.cpp's GGUF names (output.weight is left out: tied to token_embd)."""
    out = {"token_embd.weight": model.embed.weight, "output_norm.weight": model.norm.weight}
    for i, blk in enumerate(model.blocks):
        p = f"blk.{i}."
        out.update({
            p + "attn_norm.weight": blk.attn_norm.weight, p + "attn_q.weight": blk.q.weight, p + "attn_k.weight": blk.k.weight,
            p + "attn_v.weight": blk.v.weight, p + "attn_output.weight": blk.o.weight, p + "ffn_norm.weight": blk.ffn_norm.weight,
            p + "ffn_gate.weight": blk.gate.weight, p + "ffn_up.weight": blk.up.weight, p + "ffn_down.weight": blk.down.weight,
        })
    return out


def save_weights(model, out: str, limit_bytes: int = 15 * 1024 * 1024) -> list[str]:
    import torch
    from safetensors.torch import save_file

    shards, current, size = [], {}, 0
    for name, tensor in gguf_names(model).items():
        t = tensor.detach().to(torch.bfloat16).contiguous().cpu()
        if current and size + t.numel() * 2 > limit_bytes:
            shards.append(current)
            current, size = {}, 0
        current[name] = t
        size += t.numel() * 2
    shards.append(current)
    paths = []
    for i, shard in enumerate(shards):
        path = os.path.join(out, f"weights-{i + 1:05d}.safetensors")
        save_file(shard, path)
        paths.append(path)
    return paths


def load_weights(model, folder: str) -> None:
    import torch
    from safetensors.torch import load_file

    state = {}
    for name in sorted(os.listdir(folder)):
        if name.startswith("weights-") and name.endswith(".safetensors"):
            state.update(load_file(os.path.join(folder, name)))
    with torch.no_grad():
        for name, param in gguf_names(model).items():
            param.copy_(state[name].to(param.dtype))


# ---- main ---------------------------------------------------------------------------------

def main() -> None:
    args = parse_args()
    import numpy as np
    import torch
    import torch.nn.functional as F
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    t_start = time.time()
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    torch.manual_seed(args.seed)
    corpus = {name: read_jsonl(os.path.join(args.corpus, f"{name}.jsonl")) for name in ("emails", "sentences", "prose")}
    if args.smoke:
        corpus = {name: items[:: 40] for name, items in corpus.items()}
    exported = json.load(open(os.path.join(args.corpus, "prompts.json")))
    marks = (exported["inputMark"], exported["contextMark"])
    prompts = exported["prompts"]

    # Byte-level BPE on the training split only: GPT-2's pre-tokenizer regex, which llama.cpp
    # applies for tokenizer.ggml.pre = "gpt2"; the ChatML specials take ids 0-2.
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tok.decoder = decoders.ByteLevel()
    train_text = [f"{e['subject']}\n\n{e['body']}" for e in corpus["emails"] if e["split"] == "train"]
    train_text += [p["text"] for p in corpus["prose"] if p["split"] == "train"]
    train_text += [s["text"] for s in corpus["sentences"] if s["split"] == "train"]
    trainer = trainers.BpeTrainer(vocab_size=args.vocab, special_tokens=SPECIALS, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), min_frequency=2, show_progress=False)
    tok.train_from_iterator(train_text, trainer=trainer)
    tok.add_special_tokens(SPECIALS)
    tok.save(os.path.join(args.out, "tokenizer.json"))
    vocab_size = tok.get_vocab_size()
    print(f"tokenizer: {vocab_size} tokens in {time.time() - t_start:.1f}s", flush=True)

    pools = build_pools(args, tok, corpus, prompts, marks, "train", rng)
    held = build_pools(args, tok, corpus, prompts, marks, "test", random.Random(7))
    print("pools:", {k: len(v) for k, v in pools.items()}, "held-out:", {k: len(v) for k, v in held.items()}, f"{time.time() - t_start:.1f}s", flush=True)

    dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model = build_model(args, vocab_size).to(dev)
    if args.init:
        load_weights(model, args.init)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"model: {n_params / 1e6:.2f}M parameters", flush=True)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}], lr=args.lr, betas=(0.9, 0.95), fused=dev.type == "cuda")

    weights = {k.split("=")[0]: float(k.split("=")[1]) for k in args.mix.split(",")}
    stream = batches(pools, weights, args.ctx, args.batch, rng)
    q: queue.Queue = queue.Queue(maxsize=8)
    threading.Thread(target=lambda: [q.put(b) for b in stream], daemon=True).start()

    def loss_of(x, m):
        logits = model(x[:, :-1])
        per = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), x[:, 1:].reshape(-1), reduction="none")
        mask = m[:, 1:].reshape(-1)
        return (per * mask).sum() / mask.sum().clamp(min=1)

    @torch.no_grad()
    def held_out_losses():
        model.eval()
        out = {}
        for name, pool in held.items():
            items = pool[:256]
            total, count = 0.0, 0
            for i in range(0, len(items), 64):
                chunk = items[i : i + 64]
                width = max(len(ids) for ids, _ in chunk)
                x = torch.zeros((len(chunk), width), dtype=torch.long)
                m = torch.zeros((len(chunk), width))
                for r, (ids, mask) in enumerate(chunk):
                    x[r, : len(ids)] = torch.tensor(ids)
                    m[r, : len(mask)] = torch.tensor(mask, dtype=torch.float32)
                with torch.autocast(dev.type, dtype=torch.bfloat16):
                    loss = loss_of(x.to(dev), m.to(dev))
                total += loss.item() * len(chunk)
                count += len(chunk)
            out[name] = round(total / max(count, 1), 4)
        model.train()
        return out

    budget = args.minutes * 60 - (time.time() - t_start) - 45  # leave time for the check and the save
    train_start = time.time()
    est_steps = None
    step, tokens = 0, 0
    last_loss = float("nan")
    curve, evals = [], []
    model.train()
    while True:
        elapsed = time.time() - train_start
        if elapsed > budget:
            break
        if step == 50:
            est_steps = int(budget / (elapsed / 50))
        total = est_steps or 10**9
        lr = args.lr * min(1.0, (step + 1) / args.warmup) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, step / max(total, 1)))))
        for g in opt.param_groups:
            g["lr"] = lr
        xb, mb = q.get()
        x = torch.from_numpy(xb).to(dev, non_blocking=True)
        m = torch.from_numpy(mb).to(dev, non_blocking=True)
        with torch.autocast(dev.type, dtype=torch.bfloat16):
            loss = loss_of(x, m)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        tokens += int(xb.size)
        last_loss = loss.item() if step % 25 == 0 else last_loss
        if step % 25 == 0:
            curve.append([step, round(loss.item(), 4)])
        if step % 400 == 0:
            save_weights(model, args.out)  # a checkpoint that comes back even if the machine's time runs out
        if step % 500 == 0:
            e = held_out_losses()
            evals.append({"step": step, **e})
            print(f"step {step} loss {loss.item():.3f} lr {lr:.2e} held-out {e} {tokens / (time.time() - train_start) / 1e6:.2f}M tok/s", flush=True)

    final_eval = held_out_losses()
    evals.append({"step": step, **final_eval})
    check = greedy_proofread_check(model, tok, prompts["proofread"], marks[0], corpus, dev)
    paths = save_weights(model, args.out)

    greedy = greedy_samples(model, tok, [prompts["proofread"].replace(marks[0], s["text"]) for s in corpus["sentences"][:6]], dev)
    samples = [prompts["proofread"].replace(marks[0], s["text"]) for s in corpus["sentences"][:10]]
    samples += [prompts["subject-plain"].replace(marks[0], e["body"][:300]) for e in corpus["emails"][:5]]
    samples += ["Hello world, it's 2026: naïve café — 3.14159!\n\n  indented\ttab", "<|im_start|>user\nHi<|im_end|>\n"]
    log = {
        "gpu": torch.cuda.get_device_name(0) if dev.type == "cuda" else "cpu",
        "torch": torch.__version__,
        "settings": {k: v for k, v in vars(args).items() if k not in ("out", "corpus")},
        "parameters": n_params,
        "vocab_size": vocab_size,
        "steps": step,
        "tokens": tokens,
        "train_seconds": round(time.time() - train_start, 1),
        "final_loss": round(last_loss, 4) if last_loss == last_loss else None,
        "loss_curve": curve,
        "held_out": evals,
        "greedy_proofread_check": check,
        "pools": {k: len(v) for k, v in pools.items()},
        "weights": [os.path.basename(p) for p in paths],
        "tokenizer_samples": [{"text": s, "ids": tok.encode(s).ids} for s in samples],
        "greedy_samples": greedy,
    }
    with open(os.path.join(args.out, "train-log.json"), "w") as f:
        json.dump(log, f)
    print(json.dumps({k: log[k] for k in ("gpu", "parameters", "steps", "tokens", "train_seconds", "final_loss", "greedy_proofread_check")}), flush=True)
    print("held-out:", evals[-3:], flush=True)


def greedy_samples(model, tok, texts: list[str], dev, steps: int = 8) -> list[dict]:
    """Greedy tokens in F32 from the weights as saved (rounded to bf16): what llama.cpp must give from the F32 GGUF."""
    import torch

    with torch.no_grad():
        for p in model.parameters():
            p.copy_(p.to(torch.bfloat16).float())
        model.eval()
        out = []
        for text in texts:
            ids = tok.encode(text).ids
            gen: list[int] = []
            for _ in range(steps):
                gen.append(int(model(torch.tensor([ids + gen], device=dev))[0, -1].float().argmax()))
            out.append({"text": text, "greedy": gen})
    return out


def greedy_proofread_check(model, tok, template: str, mark: str, corpus: dict, dev, n: int = 60) -> dict:
    """Greedy answers on held-out sentences, corrupted with a fixed seed: a first reading of quality."""
    import torch

    torch.set_grad_enabled(False)
    model.eval()
    rng = random.Random(11)
    test = [s["text"] for s in corpus["sentences"] if s["split"] == "test"][:n]
    im_end = tok.token_to_id("<|im_end|>")
    exact, clean_kept, clean_total, fixed_total = 0, 0, 0, 0
    shown = []
    for i, clean in enumerate(test):
        bad, errors = (clean, []) if i % 3 == 2 else corrupt(clean, rng)
        ids = tok.encode(template.replace(mark, bad)).ids
        for _ in range(len(tok.encode(clean).ids) + 8):
            with torch.autocast(dev.type, dtype=torch.bfloat16):
                logits = model(torch.tensor([ids[-1024:]], device=dev))
            nxt = int(logits[0, -1].argmax())
            if nxt == im_end:
                break
            ids.append(nxt)
        answer = tok.decode(ids[len(tok.encode(template.replace(mark, bad)).ids):]).strip()
        if errors:
            exact += answer == clean
            fixed_total += 1
        else:
            clean_total += 1
            clean_kept += answer == clean
        if len(shown) < 8:
            shown.append({"input": bad, "answer": answer, "clean": clean})
    model.train()
    torch.set_grad_enabled(True)
    return {"corrupted_exact": round(exact / max(fixed_total, 1), 3), "clean_unchanged": round(clean_kept / max(clean_total, 1), 3), "examples": shown}


if __name__ == "__main__":
    main()
