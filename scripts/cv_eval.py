#!/usr/bin/env python3
"""Cross-validated scores of the whole build on the annotated corpus, fold by fold.

    python scripts/cv_eval.py [--shared ../shared] [--rules-body] [--json]

For each of the five folds, the body model is trained without that fold (the recognizer and
the relation rules learn nothing from the corpus, so they need no retraining), the fold's
articles are built, and the GraphML is scored with ../shared/tools/score_gold.py against the
fold's annotations converted to gold files. ``--rules-body`` separates bodies by the rules
alone, the reading before the body model, for comparison.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import pycrfsuite  # noqa: E402

import sygraph  # noqa: E402
from sygraph import body, ingest  # noqa: E402
from sygraph.annotations import FOLDS, read_annotations, to_gold  # noqa: E402
import train_body  # noqa: E402
import train_domain  # noqa: E402
from sygraph import tagger as name_tagger  # noqa: E402

TYPES = ("place", "unit", "person", "program")


def load_scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("score_gold", shared / "tools" / "score_gold.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    p.add_argument("--rules-body", action="store_true")
    p.add_argument("--no-domain", action="store_true", help="without the domain tagger of units and programs")
    p.add_argument("--json", action="store_true")
    args = p.parse_args()
    scorer = load_scorer(args.shared)
    records = read_annotations(ROOT / "corpus" / "annotations.jsonl")
    totals = {t: {"tp": 0, "fp": 0, "fn": 0} for t in TYPES}
    rel_found = rel_total = 0
    rows = []
    for k in range(FOLDS):
        test = [r for r in records if r.get("fold") == k]
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            train_set = [r for r in records if r.get("fold") != k]
            if args.rules_body:
                ingest._read_by_model = lambda lines: None  # noqa: E731
            else:
                body._tagger = fold_model(train_body.train, train_set, args.shared, tmp / "body.crfsuite")
            if args.no_domain:
                name_tagger._domain_tagger = lambda: None  # noqa: E731
            else:
                name_tagger._domain_tagger = fold_model(train_domain.train, train_set, args.shared,
                                                        tmp / "domain.crfsuite")
            gold = tmp / "gold"
            gold.mkdir()
            for r in test:
                (gold / (Path(r["file"]).stem + ".gold.json")).write_text(
                    json.dumps(to_gold(r), ensure_ascii=False), encoding="utf-8")
            kg = sygraph.build([args.shared / r["file"] for r in test])
            kg.write(tmp / "out", formats=("graphml",))
            res = scorer.score(str(tmp / "out" / "sygraph.graphml"), str(gold))
        per = res["types"]
        row = {"fold": k, "articles": len(test)}
        for t in TYPES:
            c = per[t]
            for key in ("tp", "fp", "fn"):
                totals[t][key] += c[key]
            row[t] = round(f1(c), 3)
        row["micro"] = round(f1({key: sum(per[t][key] for t in TYPES) for key in ("tp", "fp", "fn")}), 3)
        row["relations"] = f"{res['relations_found']}/{res['relations_total']}"
        rel_found += res["relations_found"]
        rel_total += res["relations_total"]
        rows.append(row)
        if not args.json:
            print("fold {fold}: {articles} articles  place {place}  unit {unit}  person {person}  "
                  "program {program}  micro {micro}  relations {relations}".format(**row))
    summary = {t: round(f1(totals[t]), 3) for t in TYPES}
    summary["micro"] = round(f1({key: sum(totals[t][key] for t in TYPES) for key in ("tp", "fp", "fn")}), 3)
    summary["relation_recall"] = round(rel_found / rel_total, 3) if rel_total else 0.0
    if args.json:
        print(json.dumps({"folds": rows, "all": summary}, indent=1))
    else:
        print("all folds: " + "  ".join(f"{k} {v}" for k, v in summary.items()))
    return 0


def fold_model(train, records: list[dict], shared: Path, path: Path):
    """A model trained on ``records``, as the cached loader the package calls returns it."""
    train(records, shared, str(path))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return lambda: tagger


def f1(c: dict) -> float:
    return 2 * c["tp"] / (2 * c["tp"] + c["fp"] + c["fn"]) if c["tp"] else 0.0


if __name__ == "__main__":
    sys.exit(main())
