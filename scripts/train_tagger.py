"""Train sygraph's statistical name tagger (``src/sygraph/data/ner.crfsuite``).

Usage::

    python scripts/train_tagger.py TRAIN.bio [TRAIN2.bio ...] --exclude HELDOUT.bio [...]

TRAIN files are character-per-line BIO files (``char<TAB or space>label``, a blank line
between sentences) with PER, LOC and ORG labels. Every training sentence that shares a
12-character run with a sentence of an ``--exclude`` file is dropped first, so that no
evaluation sentence (nor a near copy of one) is learnt: corpora cut from the same newspaper
overlap. The model, its training figures and the inputs' checksums go to the model file and
to ``data/ner.crfsuite.json``.

See the README's "Statistical tagger" section for the data the shipped model was built from.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import pycrfsuite

from sygraph.annotations import read_bio as read_bio_tags
from sygraph.ingest import to_simplified
from sygraph.segment import tokenize
from sygraph.tagger import LABELS, features, model_path

SHINGLE = 12


def read_bio(path: Path) -> list[tuple[str, list[str]]]:
    """Sentences with one tag a character; tags of kinds the tagger does not learn are O."""
    return [(text, [tag if tag[2:] in LABELS else "O" for tag in tags]) for text, tags in read_bio_tags(path)]


def shingles(text: str) -> set[str]:
    return {text[i:i + SHINGLE] for i in range(max(1, len(text) - SHINGLE + 1))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("train", nargs="+", type=Path)
    ap.add_argument("--exclude", nargs="*", type=Path, default=[], help="BIO files never to learn from")
    ap.add_argument("-o", "--output", default=model_path())
    ap.add_argument("--iterations", type=int, default=120)
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    args = ap.parse_args(argv)

    banned: set[str] = set()
    for path in args.exclude:
        for text, _ in read_bio(path):
            banned |= shingles(to_simplified(text))
    trainer = pycrfsuite.Trainer(verbose=False)
    kept = dropped = chars = 0
    sources = {}
    for path in args.train:
        sources[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
        for text, labels in read_bio(path):
            text = to_simplified(text)
            if len(text) != len(labels):
                continue
            if shingles(text) & banned:
                dropped += 1
                continue
            trainer.append(features(text, tokenize(text)), labels)
            kept += 1
            chars += len(text)
    trainer.set_params({"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations,
                        "feature.possible_transitions": True, "feature.minfreq": 2})
    began = time.time()
    trainer.train(args.output)
    info = {"sentences": kept, "characters": chars, "dropped_as_overlapping": dropped,
            "sources": sources, "excluded": [p.name for p in args.exclude],
            "params": {"c1": args.c1, "c2": args.c2, "iterations": args.iterations, "minfreq": 2},
            "seconds": round(time.time() - began)}
    Path(args.output + ".json").write_text(json.dumps(info, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(info, ensure_ascii=False), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
