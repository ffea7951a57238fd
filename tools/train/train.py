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
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corrupt import corrupt, proofread_pair  # noqa: E402

SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
CONTINUE_INSTRUCTIONS = ["Continue the text.", "Continue.", "Keep writing.", "Finish this email.", "Write the rest."]


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser()
    p.add_argument("--corpus", default=".train/corpus")
    p.add_argument("--out", required=True)
    p.add_argument("--minutes", type=float, default=None, help="this call's wall-clock budget (default: none with --steps, else 7)")
    p.add_argument("--init", default=None, help="a folder of weights-*.safetensors (and its train-log.json) to go on from, optimizer state fresh")
    p.add_argument("--state", default=None, help="a folder for the whole training state (weights, optimizer, step, data pools): a run that finds one goes on exactly where the last stopped")
    p.add_argument("--tokenizer", default=None, help="a tokenizer.json to use instead of training one")
    p.add_argument("--decay-minutes", type=float, default=0.0, help="the learning rate falls linearly to 5%% over this call's last minutes (0: held constant after warm-up, for a run that goes on in another call)")
    p.add_argument("--steps", type=int, default=0, help="train this many steps (0: as many as --minutes allow); the learning rate falls linearly to 5%% over the last --decay-frac of them")
    p.add_argument("--decay-frac", type=float, default=0.4)
    p.add_argument("--clean-share", type=float, default=0.25, help="share of proofread training pairs left clean (the model learns to leave good text alone)")
    p.add_argument("--dropout", type=float, default=0.0, help="dropout on each block's attention and feed-forward output, in training only")
    p.add_argument("--check-sentences", type=int, default=120, help="held-out sentences in the last call's greedy proofread check")
    p.add_argument("--loaders", type=int, default=4, help="processes that pack training rows")
    p.add_argument("--compile", type=int, default=1, help="torch.compile the training step (falls back to eager if compiling fails); 2 compiles on the CPU too")
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
    p.add_argument("--mix", default="proofread=0.65,subject=0.08,continue=0.10,text=0.17")
    return p.parse_args()


def read_jsonl(path: str) -> list[dict]:
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


# ---- data ---------------------------------------------------------------------------------

def drop_leaks(corpus: dict) -> dict[str, int]:
    """Drops training paragraphs of prose and email bodies that repeat a test sentence word for
    word (documentation repeats itself across pages). Sentences need no check: gather-corpus.ts
    keeps each sentence's text once, in one split. Evaluation reads only the test split."""
    test = {s["text"] for s in corpus["sentences"] if s["split"] == "test"}
    by_start: dict[str, list[str]] = {}
    for t in test:
        words = t.split()
        if len(words) >= 3:
            by_start.setdefault(" ".join(words[:3]), []).append(t)

    def leaks(text: str) -> bool:
        words = text.split()
        for i in range(len(words) - 2):
            for t in by_start.get(" ".join(words[i : i + 3]), ()):
                if t in text:
                    return True
        return False

    dropped = {"emails": 0, "prose": 0}
    for name, field in (("emails", "body"), ("prose", "text")):
        kept = []
        for item in corpus[name]:
            if item["split"] == "train" and leaks(item[field]):
                dropped[name] += 1
            else:
                kept.append(item)
        corpus[name] = kept
    return dropped


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
    sentences, variants, seed, clean_share = job
    rng = random.Random(seed)
    pairs = [(proofread_pair(s, rng, clean_share)[0], s) for s in sentences for _ in range(variants)]
    # Paragraphs too (an email is proofread whole), each sentence corrupted on its own.
    for _ in range(len(sentences) * variants // 8):
        picked = rng.sample(sentences, rng.randint(2, min(5, len(sentences))))
        sep = rng.choice([" ", " ", " ", "\n", "\n\n"])
        pairs.append((sep.join(proofread_pair(s, rng, clean_share)[0] for s in picked), sep.join(picked)))
    return pairs


def build_pools(args, tok, corpus: dict, prompts: dict, marks: tuple[str, str], split: str, rng: random.Random):
    ex = Examples(tok, prompts, *marks)
    pools: dict[str, list[tuple[list[int], list[int]]]] = {"proofread": [], "subject": [], "continue": [], "text": []}
    sentences = [s["text"] for s in corpus["sentences"] if s["split"] == split]
    emails = [e for e in corpus["emails"] if e["split"] == split]
    prose = [p["text"] for p in corpus["prose"] if p["split"] == split]

    variants = args.proofread_variants if split == "train" else 1
    # Corrupting is the slow part: spread over the cores, each chunk with its own seed.
    chunks = [(sentences[i : i + 2000], variants, rng.randrange(2**31), args.clean_share) for i in range(0, len(sentences), 2000)]
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


def _load_batches(pools, weights, ctx, batch, seed, q) -> None:
    for b in batches(pools, weights, ctx, batch, random.Random(seed)):
        q.put(b)


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
            x = x + F.dropout(self.o(a.transpose(1, 2).reshape(b, t, args.dim)), args.dropout, self.training)
            h = self.ffn_norm(x)
            return x + F.dropout(self.down(F.silu(self.gate(h)) * self.up(h)), args.dropout, self.training)

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
    if args.minutes is None:
        args.minutes = 7.0 if not args.steps else 1e6
    import numpy as np  # noqa: F401  (batches() needs it in the loader thread)
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
    print("dropped from training, repeating a test sentence:", drop_leaks(corpus), flush=True)
    exported = json.load(open(os.path.join(args.corpus, "prompts.json")))
    marks = (exported["inputMark"], exported["contextMark"])
    prompts = exported["prompts"]

    # A run that goes on (--state from the last call, on the same machine) keeps its tokenizer and
    # its data pools as they were: only the first call trains the one and builds the other.
    state_file = os.path.join(args.state, "state.pt") if args.state else None
    resuming = bool(state_file and os.path.exists(state_file))
    tokenizer_from = os.path.join(args.state, "tokenizer.json") if resuming else args.tokenizer
    if tokenizer_from:
        tok = Tokenizer.from_file(tokenizer_from)
    else:
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
    print(f"tokenizer: {vocab_size} tokens{' from ' + tokenizer_from if tokenizer_from else ''} in {time.time() - t_start:.1f}s", flush=True)

    # The pools are rebuilt alike in every call: the same tokenizer, the same seeds.
    pools = build_pools(args, tok, corpus, prompts, marks, "train", rng)
    held = build_pools(args, tok, corpus, prompts, marks, "test", random.Random(7))
    if args.state and not resuming:
        os.makedirs(args.state, exist_ok=True)
        tok.save(os.path.join(args.state, "tokenizer.json"))
    print("pools:", {k: len(v) for k, v in pools.items()}, "held-out:", {k: len(v) for k, v in held.items()}, f"{time.time() - t_start:.1f}s", flush=True)

    saved = torch.load(state_file, map_location="cpu", weights_only=False) if resuming else None
    first_step = saved["past"]["step"] if saved else 0
    # Rows are packed in worker processes, forked before CUDA starts: one Python thread packs
    # about 40 batches a second, no faster than the GPU takes them.
    weights = {k.split("=")[0]: float(k.split("=")[1]) for k in args.mix.split(",")}
    fork = multiprocessing.get_context("fork")
    q = fork.Queue(maxsize=32)
    for w in range(args.loaders):
        fork.Process(target=_load_batches, args=(pools, weights, args.ctx, args.batch, args.seed * 1_000_003 + first_step * 101 + w, q), daemon=True).start()

    dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if dev.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
    model = build_model(args, vocab_size).to(dev)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"model: {n_params / 1e6:.2f}M parameters", flush=True)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}], lr=args.lr, betas=(0.9, 0.95), fused=dev.type == "cuda")

    # Where the run stands: step and tokens so far, the loss curve, the held-out losses and one
    # entry per call (its minutes and schedule), carried across calls.
    past = {"step": 0, "tokens": 0, "train_seconds": 0.0, "curve": [], "evals": [], "calls": []}
    if saved:
        model.load_state_dict(saved["model"])
        opt.load_state_dict(saved["opt"])
        past = saved["past"]
        del saved
        print(f"going on from step {past['step']} (state in {args.state})", flush=True)
    elif args.init:
        load_weights(model, args.init)
        log_path = os.path.join(args.init, "train-log.json")
        if os.path.exists(log_path):
            was = json.load(open(log_path))
            past = {"step": was["steps"], "tokens": was["tokens"], "train_seconds": was["train_seconds"], "curve": was["loss_curve"], "evals": was["held_out"], "calls": was.get("calls", [])}
        print(f"going on from step {past['step']} (weights in {args.init}, optimizer state fresh)", flush=True)
    this_call = {"minutes": args.minutes, "decay_minutes": args.decay_minutes, "from": "state" if resuming else ("weights" if args.init else "scratch"), "first_step": past["step"]}

    def loss_of(net, x, m):
        logits = net(x[:, :-1])
        per = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), x[:, 1:].reshape(-1), reduction="none")
        mask = m[:, 1:].reshape(-1)
        return (per * mask).sum() / mask.sum().clamp(min=1)

    def forward_backward(net, x, m):
        with torch.autocast(dev.type, dtype=torch.bfloat16):
            loss = loss_of(net, x, m)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        return loss

    train_net = model
    if args.compile and (dev.type == "cuda" or args.compile == 2):
        try:
            train_net = torch.compile(model)
        except Exception as e:  # noqa: BLE001  (eager still trains; the log says why)
            print(f"torch.compile unavailable, eager: {e}", flush=True)

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
                    loss = loss_of(model, x.to(dev), m.to(dev))
                total += loss.item() * len(chunk)
                count += len(chunk)
            out[name] = round(total / max(count, 1), 4)
        model.train()
        return out

    def save_state():
        if not args.state:
            return
        tmp = state_file + ".tmp"
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "past": {**past, "step": step, "tokens": tokens, "train_seconds": seconds(), "curve": curve, "evals": evals}}, tmp)
        os.replace(tmp, state_file)

    final = args.decay_minutes > 0 or args.steps > 0
    # Leave time for the save, and in the last call for the greedy check and samples.
    budget = args.minutes * 60 - (time.time() - t_start) - (60 if final else 20)
    decay_s = min(args.decay_minutes * 60, budget)
    train_start = time.time()

    def seconds():
        return round(past["train_seconds"] + time.time() - train_start, 1)

    step, tokens = past["step"], past["tokens"]
    last_loss = float("nan")
    curve, evals = list(past["curve"]), list(past["evals"])
    warm_from = step if not resuming else -args.warmup  # warm up again only with a fresh optimizer
    model.train()
    while True:
        elapsed = time.time() - train_start
        if elapsed > budget or (args.steps and step >= args.steps):
            break
        # Warm-up, then constant; in the last call a linear fall over its final decay_s seconds
        # (warmup-stable-decay: a run can go on in another call without knowing its length ahead).
        lr = args.lr * min(1.0, (step - warm_from + 1) / args.warmup)
        if args.steps:
            decay_from = args.steps * (1 - args.decay_frac)
            lr *= 1.0 - 0.95 * min(1.0, max(0.0, (step - decay_from) / max(args.steps - decay_from, 1)))
        elif decay_s > 0:
            lr *= 1.0 - 0.95 * min(1.0, max(0.0, elapsed - (budget - decay_s)) / decay_s)
        for g in opt.param_groups:
            g["lr"] = lr
        xb, mb = q.get()
        x = torch.from_numpy(xb).to(dev, non_blocking=True)
        m = torch.from_numpy(mb).to(dev, non_blocking=True)
        try:
            loss = forward_backward(train_net, x, m)
        except Exception as e:  # noqa: BLE001  (compiling happens at the first call)
            if train_net is model:
                raise
            print(f"torch.compile failed, eager: {type(e).__name__}: {e}"[:500], flush=True)
            train_net = model
            loss = forward_backward(train_net, x, m)
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        tokens += int(xb.size)
        if step % 25 == 0:
            last_loss = loss.item()
            curve.append([step, round(last_loss, 4)])
        if step % 400 == 0:
            save_weights(model, args.out)  # a checkpoint that comes back even if the machine's time runs out
        if step % 500 == 0:
            e = held_out_losses()
            evals.append({"step": step, **e})
            print(f"step {step} loss {loss.item():.3f} lr {lr:.2e} held-out {e} {(tokens - past['tokens']) / (time.time() - train_start) / 1e6:.2f}M tok/s", flush=True)
        if step % 2000 == 0:
            save_state()

    final_eval = held_out_losses()
    evals.append({"step": step, **final_eval})
    save_state()
    paths = save_weights(model, args.out)
    this_call.update({"last_step": step, "train_seconds": round(time.time() - train_start, 1), "compiled": train_net is not model})
    check, greedy = None, []
    if final:
        check = greedy_proofread_check(model, tok, prompts["proofread"], marks[0], corpus, dev, args.check_sentences)
        greedy = greedy_samples(model, tok, [prompts["proofread"].replace(marks[0], s["text"]) for s in corpus["sentences"][:6]], dev)
    samples = [prompts["proofread"].replace(marks[0], s["text"]) for s in corpus["sentences"][:10]]
    samples += [prompts["subject-plain"].replace(marks[0], e["body"][:300]) for e in corpus["emails"][:5]]
    samples += ["Hello world, it's 2026: naïve café — 3.14159!\n\n  indented\ttab", "<|im_start|>user\nHi<|im_end|>\n"]
    log = {
        "gpu": torch.cuda.get_device_name(0) if dev.type == "cuda" else "cpu",
        "torch": torch.__version__,
        "settings": {k: v for k, v in vars(args).items() if k not in ("out", "corpus", "state", "init", "tokenizer", "minutes", "decay_minutes")},
        "calls": past["calls"] + [this_call],
        "parameters": n_params,
        "vocab_size": vocab_size,
        "steps": step,
        "tokens": tokens,
        "train_seconds": seconds(),
        "final_loss": round(last_loss, 4) if last_loss == last_loss else None,
        "loss_curve": curve,
        "held_out": evals,
        "greedy_proofread_check": check,
        "pools": {k: len(v) for k, v in pools.items()},
        "weights": [os.path.basename(p) for p in paths],
        "tokenizer_samples": [{"text": s, "ids": tok.encode(s).ids} for s in samples],
        "greedy_samples": greedy,
    }
    if args.state:
        past["calls"] = log["calls"]
        save_state()
    with open(os.path.join(args.out, "train-log.json"), "w") as f:
        json.dump(log, f)
    print(json.dumps({k: log[k] for k in ("gpu", "parameters", "steps", "tokens", "train_seconds", "final_loss", "calls")}), flush=True)
    print("greedy check:", json.dumps(check)[:3000] if check else "(last call only)", flush=True)
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
