#!/usr/bin/env python3
"""Train the domain tagger (src/sygraph/data/domain.crfsuite): unit and program names learned
from the annotated 双拥 corpus (corpus/annotations.jsonl).

    python scripts/train_domain.py [--shared ../shared] [--exclude-fold K] [-o PATH]

Each body line of an annotated page is split into sentences as sygraph reads them (in
Simplified characters) and labelled from the annotated mentions of units and programs
(BIO, labels UNIT and PROG; the longest mention wins where two overlap). The features are the
name tagger's (``sygraph.tagger.features``), so both models read one feature computation.
``--exclude-fold K`` leaves fold K out, for cross-validation (``scripts/cv_eval.py``).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import pycrfsuite  # noqa: E402

from sygraph.annotations import body_line_set, line_starts, read_annotations  # noqa: E402
from sygraph.ingest import decode, split_sentences, to_simplified  # noqa: E402
from sygraph.segment import tokenize  # noqa: E402
from sygraph.lexicon import digest  # noqa: E402
from sygraph.tagger import FEATURE_FILES, domain_model_path, features  # noqa: E402

PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.minfreq": 1}


def _label(types: list[str]) -> str:
    if "program" in types:
        return "PROG"
    return "UNIT" if "unit" in types else ""


def sequences(record: dict, shared: Path):
    """(features, labels) of every body sentence of one annotated page."""
    text = decode((shared / record["file"]).read_bytes(), record["file"])
    kinds = {e["id"]: _label(e.get("types") or [e["type"]]) for e in record["entities"]}
    spans = sorted(((m["start"], m["end"], kinds[m["entity"]]) for m in record["mentions"] if kinds[m["entity"]]),
                   key=lambda s: (-(s[1] - s[0]), s[0]))
    starts = line_starts(text)
    for n in sorted(body_line_set(record)):
        lo = starts[n - 1]
        hi = starts[n] - 1 if n < len(starts) else len(text)
        line = to_simplified(text[lo:hi])
        for s in split_sentences(line):
            a, b = lo + s.start, lo + s.end
            labels = ["O"] * len(s.text)
            for start, end, kind in spans:
                if a <= start and end <= b and all(x == "O" for x in labels[start - a:end - a]):
                    labels[start - a] = "B-" + kind
                    for k in range(start - a + 1, end - a):
                        labels[k] = "I-" + kind
            yield features(s.text, tokenize(s.text)), labels


def train(records: list[dict], shared: Path, path: str) -> int:
    trainer = pycrfsuite.Trainer(verbose=False)
    n = 0
    for r in records:
        for feats, labels in sequences(r, shared):
            if feats:
                trainer.append(feats, labels)
                n += 1
    trainer.set_params(PARAMS)
    trainer.train(path)
    return n


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    p.add_argument("--annotations", type=Path, default=ROOT / "corpus" / "annotations.jsonl")
    p.add_argument("--exclude-fold", type=int)
    p.add_argument("-o", "--output", default=domain_model_path())
    args = p.parse_args()
    records = [r for r in read_annotations(args.annotations)
               if args.exclude_fold is None or r.get("fold") != args.exclude_fold]
    n = train(records, args.shared, args.output)
    if args.output == domain_model_path():
        record = {"annotations": hashlib.sha256(args.annotations.read_bytes()).hexdigest(),
                  "articles": len(records), "sentences": n, "lexicon": digest(FEATURE_FILES), "params": PARAMS,
                  "labels": ["UNIT", "PROG"]}
        Path(args.output + ".json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(f"{len(records)} articles, {n} sentences; wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
