#!/usr/bin/env python3
"""Train the body model (src/sygraph/data/body.crfsuite) from the annotated corpus.

    python scripts/train_body.py [--shared ../shared] [--cv-only]

Cross-validates first: for each of the five folds, a model trained on every other annotated
article (other folds, development articles, seeds) labels the held-out fold's lines, and the
script prints body-line accuracy per fold: the model's labels, the whole reading that sygraph
makes of the page with that model (``ingest.article_lines``: the footer cut and the rules'
reading where the model finds no article), and the rules alone, on the same lines. Then it
trains on every annotated article and writes the model with a record of what it
was trained on and the cross-validated figures.
"""
from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import pycrfsuite  # noqa: E402

from sygraph.annotations import FOLDS, body_line_set, line_starts, read_annotations  # noqa: E402
from sygraph import body  # noqa: E402
from sygraph.body import FEATURE_FILES, model_path, page_features  # noqa: E402
from sygraph.lexicon import digest  # noqa: E402
from sygraph.ingest import article_lines, decode, page_lines, rule_hints, rules_lines, to_simplified  # noqa: E402

PARAMS = {"c1": 0.1, "c2": 0.2, "max_iterations": 200, "feature.possible_transitions": True}


def sequences(record: dict, shared: Path) -> tuple[list[str], list[int], list[list[str]], list[str]]:
    data = (shared / record["file"]).read_bytes()
    lines = page_lines(decode(data, record["file"]))
    idx, feats = page_features([to_simplified(line) for line in lines], rule_hints(lines))
    body = body_line_set(record)
    labels = ["B" if i + 1 in body else "C" for i in idx]
    return lines, idx, feats, labels


def train(records: list[dict], shared: Path, path: str) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for r in records:
        _, _, feats, labels = sequences(r, shared)
        if feats:
            trainer.append(feats, labels)
    trainer.set_params(PARAMS)
    trainer.train(path)


def rules_labels(lines: list[str], idx: list[int]) -> list[str]:
    chosen = set(rules_lines(lines))
    return ["B" if i in chosen else "C" for i in idx]


def cross_validate(records: list[dict], shared: Path) -> list[dict]:
    rows = []
    losses: list[tuple[float, str]] = []
    for k in range(FOLDS):
        train_set = [r for r in records if r.get("fold") != k]
        test_set = [r for r in records if r.get("fold") == k]
        with tempfile.TemporaryDirectory() as tmp:
            path = str(Path(tmp) / "fold.crfsuite")
            train(train_set, shared, path)
            tagger = pycrfsuite.Tagger()
            tagger.open(path)
            shipped = body._tagger
            body._tagger = lambda: tagger  # the reading below uses the fold's model
            right = rules_right = reading_right = total = 0
            worst = []
            for r in test_set:
                lines, idx, feats, gold = sequences(r, shared)
                if not feats:
                    continue
                pred = tagger.tag(feats)
                base = rules_labels(lines, idx)
                ok = sum(p == g for p, g in zip(pred, gold))
                right += ok
                rules_right += sum(p == g for p, g in zip(base, gold))
                read = {i - 1 for i in article_lines(decode((shared / r["file"]).read_bytes(), r["file"]))}
                reading_right += sum(("B" if i in read else "C") == g for i, g in zip(idx, gold))
                # the annotated mentions of the article's lines that the reading loses
                starts = line_starts(decode((shared / r["file"]).read_bytes(), r["file"]))
                kept = body_line_set(r)
                at = [bisect.bisect_right(starts, m["start"]) - 1 for m in r["mentions"]]
                mine = [i for i in at if i + 1 in kept]
                if mine:
                    losses.append((round(sum(i not in read for i in mine) / len(mine), 3), r["file"]))
                total += len(gold)
                worst.append((ok / len(gold), r["file"]))
            body._tagger = shipped
            tagger.close()
        rows.append({"fold": k, "articles": len(test_set), "lines": total, "accuracy": round(right / total, 4),
                     "reading_accuracy": round(reading_right / total, 4),
                     "rules_accuracy": round(rules_right / total, 4),
                     "worst": [f for _, f in sorted(worst)[:3]]})
        print(f"fold {k}: {len(test_set)} articles, {total} lines, model {right / total:.4f}, "
              f"reading {reading_right / total:.4f}, rules {rules_right / total:.4f}; worst {sorted(worst)[:3]}")
    lines = sum(r["lines"] for r in rows)
    acc, reading, rules = (sum(r[key] * r["lines"] for r in rows) / lines
                           for key in ("accuracy", "reading_accuracy", "rules_accuracy"))
    print(f"all folds: {lines} lines, model {acc:.4f}, reading {reading:.4f}, rules {rules:.4f}")
    print(f"pages losing > 10 % of their mentions to the reading: {sum(x > 0.1 for x, _ in losses)} of "
          f"{len(losses)}; worst {sorted(losses, reverse=True)[:3]}")
    return rows


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    p.add_argument("--annotations", type=Path, default=ROOT / "corpus" / "annotations.jsonl")
    p.add_argument("--cv-only", action="store_true")
    args = p.parse_args()
    records = read_annotations(args.annotations)
    folds = cross_validate(records, args.shared)
    if args.cv_only:
        return 0
    train(records, args.shared, model_path())
    record = {"annotations": hashlib.sha256(args.annotations.read_bytes()).hexdigest(),
              "articles": len(records), "lexicon": digest(FEATURE_FILES), "params": PARAMS,
              "cross_validation": folds}
    Path(model_path() + ".json").write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n",
                                            encoding="utf-8")
    print(f"wrote {model_path()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
