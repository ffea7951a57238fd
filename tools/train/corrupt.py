"""Realistic writing errors injected into clean sentences: the proofread task's training pairs.

Each error replaces, drops or changes one token of the clean sentence, and is recorded with the
index of the clean token it touched, so an evaluation can tell which errors a model fixed.

    python3 tools/train/corrupt.py --eval .train/corpus/sentences.jsonl tools/train/eval/proofread-test.jsonl

writes the held-out proofread set (test split only) with a fixed seed.
"""

from __future__ import annotations

import json
import random
import re
import sys

TOKEN = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?|\d+|[^\sA-Za-z\d]")

MISSPELLINGS = {
    "the": "teh", "receive": "recieve", "definitely": "definately", "separate": "seperate",
    "occurred": "occured", "until": "untill", "which": "wich", "believe": "beleive",
    "tomorrow": "tommorow", "necessary": "neccessary", "address": "adress",
    "accommodate": "accomodate", "beginning": "begining", "friend": "freind",
    "government": "goverment", "their": "thier", "weird": "wierd", "truly": "truely",
    "because": "becuase", "really": "realy", "different": "diffrent", "probably": "probaly",
    "interesting": "intresting", "completely": "completly", "environment": "enviroment",
    "successful": "succesful", "argument": "arguement", "embarrass": "embarass",
    "existence": "existance", "finally": "finaly", "foreign": "foriegn", "immediately": "immediatly",
    "knowledge": "knowlege", "library": "libary", "occasion": "ocasion", "publicly": "publically",
    "recommend": "reccomend", "similar": "similiar", "surprise": "suprise", "writing": "writting",
    "across": "accross", "basically": "basicly", "calendar": "calender", "committee": "commitee",
    "February": "Febuary", "grammar": "grammer", "independent": "independant", "millennium": "millenium",
    "noticeable": "noticable", "possession": "posession", "professor": "proffesor", "restaurant": "restaraunt",
    "schedule": "schedual", "tendency": "tendancy", "whether": "wether", "already": "allready",
}

SWAPS = [("is", "are"), ("was", "were"), ("has", "have"), ("does", "do"), ("doesn't", "don't"),
         ("its", "it's"), ("your", "you're"), ("their", "there"), ("then", "than"), ("to", "too"),
         ("lose", "loose"), ("affect", "effect"), ("a", "an"), ("were", "where"), ("of", "off")]
SWAP = {}
for left, right in SWAPS:
    SWAP.setdefault(left, []).append(right)
    SWAP.setdefault(right, []).append(left)

DROPPABLE = {"the", "a", "an", "to", "of", "is", "be", "in", "for", "and", "that", "it", "on", "with"}
CONTRACTIONS = {"don't": "dont", "can't": "cant", "won't": "wont", "I'm": "Im", "it's": "its",
                "doesn't": "doesnt", "isn't": "isnt", "didn't": "didnt", "that's": "thats", "I've": "Ive"}
KEYBOARD = "qwertyuiop asdfghjkl zxcvbnm"


def tokens(text: str) -> list[re.Match[str]]:
    return list(TOKEN.finditer(text))


def _typo(word: str, rng: random.Random) -> str | None:
    if word in MISSPELLINGS:
        return MISSPELLINGS[word]
    if len(word) < 4 or not word.isalpha():
        return None
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["swap", "drop", "double", "neighbour"])
    if kind == "swap" and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    row = next((r for r in KEYBOARD.split() if word[i].lower() in r), None)
    if row is None:
        return None
    j = row.index(word[i].lower())
    near = [row[k] for k in (j - 1, j + 1) if 0 <= k < len(row)]
    return word[:i] + rng.choice(near) + word[i + 1:]


def _agreement(words: list[str], i: int) -> str | None:
    word = words[i]
    if i > 0 and words[i - 1].lower() in ("he", "she", "it") and word.endswith("s") and len(word) > 3 and not word.endswith("ss"):
        return word[:-1]
    if i > 0 and words[i - 1].lower() in ("i", "we", "they", "you") and word.isalpha() and len(word) > 2 and not word.endswith("s") and word not in ("am", "was", "are", "were", "had", "did", "can", "will", "would", "should", "could", "must", "may", "might"):
        return word + "s"
    return None


def corrupt(clean: str, rng: random.Random, max_errors: int = 3) -> tuple[str, list[dict]]:
    """The sentence with 1 to max_errors errors, and what each changed: {type, token}."""
    toks = tokens(clean)
    words = [m.group(0) for m in toks]
    edits: dict[int, tuple[str, str | None]] = {}  # token index -> (type, replacement or None to drop)
    wanted = rng.randint(1, max_errors)
    for _ in range(wanted * 6):
        if len(edits) >= wanted:
            break
        kind = rng.choices(["typo", "agreement", "confusion", "article", "capital", "punctuation", "missing"], [30, 12, 18, 10, 10, 10, 10])[0]
        i = rng.randrange(len(words))
        if i in edits or (i - 1) in edits or (i + 1) in edits:
            continue
        w = words[i]
        new: str | None = None
        if kind == "typo":
            new = _typo(w, rng)
        elif kind == "agreement":
            new = _agreement(words, i)
        elif kind == "confusion":
            options = SWAP.get(w) or SWAP.get(w.lower())
            if options and w not in ("a", "an"):
                new = rng.choice(options)
                if w[0].isupper():
                    new = new[0].upper() + new[1:]
            elif w in CONTRACTIONS:
                new = CONTRACTIONS[w]
        elif kind == "article":
            if w in ("a", "an") and i + 1 < len(words):
                new = "an" if w == "a" else "a"
            elif w.lower() == "the" and i > 0:
                kind, new = "missing", None
                edits[i] = (kind, None)
                continue
        elif kind == "capital":
            if i == 0 and w[0].isupper() and w != "I":
                new = w[0].lower() + w[1:]
            elif w == "I":
                new = "i"
        elif kind == "punctuation":
            if i == len(words) - 1 and w == ".":
                edits[i] = (kind, None)
                continue
            if w == "," and 0 < i < len(words) - 1:
                edits[i] = (kind, None)
                continue
        elif kind == "missing":
            if w.lower() in DROPPABLE and 0 < i < len(words) - 1:
                edits[i] = (kind, None)
                continue
        if new is not None and new != w:
            edits[i] = (kind, new)
    if not edits:
        return clean, []
    out = clean
    for i in sorted(edits, reverse=True):
        kind, new = edits[i]
        m = toks[i]
        start, end = m.start(), m.end()
        if new is None:
            # A dropped word takes one neighbouring space with it; dropped punctuation takes none.
            if m.group(0).isalnum() or "'" in m.group(0):
                if start > 0 and out[start - 1] == " ":
                    start -= 1
                elif end < len(out) and out[end] == " ":
                    end += 1
            out = out[:start] + out[end:]
        else:
            out = out[:start] + new + out[end:]
    errors = [{"type": edits[i][0], "token": i} for i in sorted(edits)]
    return out, errors


def proofread_pair(clean: str, rng: random.Random, clean_share: float = 0.25) -> tuple[str, list[dict]]:
    """A training input for the proofread task: a quarter stay clean, so the model learns to leave good text alone."""
    if rng.random() < clean_share:
        return clean, []
    return corrupt(clean, rng)


# The held-out sets sample the test split of the named sources only: the emails, WordNet's
# examples and Python's documentation. Documentation added later (and WordNet's definitions) trains
# the model, its own test split is held out too, and the evaluation stays the same set of sentences.
EVAL_SOURCES = ("email", "wordnet", "python-docs")


def _held_out(sentences_path: str) -> list[dict]:
    test = [json.loads(line) for line in open(sentences_path) if line.strip()]
    return [t for t in test if t["split"] == "test" and t["source"] in EVAL_SOURCES]


def _write_eval(sentences_path: str, out_path: str, count: int = 400, seed: int = 20261207) -> None:
    rng = random.Random(seed)
    test = _held_out(sentences_path)
    rng.shuffle(test)
    with open(out_path, "w") as out:
        for n, item in enumerate(test[:count]):
            # Every third held-out sentence stays clean: the false-positive half of the measure.
            if n % 3 == 2:
                record = {"source": item["source"], "clean": item["text"], "input": item["text"], "errors": []}
            else:
                corrupted, errors = corrupt(item["text"], rng)
                record = {"source": item["source"], "clean": item["text"], "input": corrupted, "errors": errors}
            out.write(json.dumps(record) + "\n")


def _write_dev(sentences_path: str, out_path: str, skip: int = 400, count: int = 300, seed: int = 20261207) -> None:
    """A development set for tuning decoding (the proofread margin): the held-out sentences after
    the evaluation's `skip`, so tuning never sees the evaluation's sentences, nor training its."""
    test = _held_out(sentences_path)
    random.Random(seed).shuffle(test)  # the evaluation's order: its first `skip` are left out
    rng = random.Random(seed + 1)
    with open(out_path, "w") as out:
        for n, item in enumerate(test[skip : skip + count]):
            corrupted, errors = (item["text"], []) if n % 3 == 2 else corrupt(item["text"], rng)
            out.write(json.dumps({"source": item["source"], "clean": item["text"], "input": corrupted, "errors": errors}) + "\n")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--eval":
        _write_eval(sys.argv[2], sys.argv[3])
    else:
        r = random.Random(1)
        for s in sys.argv[1:] or ["I think the meeting is on Monday, and their report was late."]:
            for _ in range(5):
                print(corrupt(s, r))
