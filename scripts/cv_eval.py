#!/usr/bin/env python3
"""Cross-validated scores of the whole build on the annotated corpus, fold by fold.

    python scripts/cv_eval.py [--shared ../shared] [--rules-body] [--json]

For each of the five folds, the three models that learn from the corpus (the body model, the
domain tagger and the relation classifier) are trained without that fold, the fold's articles
are built, and the GraphML is scored with ../shared/tools/score_gold.py against the fold's
annotations converted to gold files; relation precision and recall per type, within each
article, come from sygraph's own scorer (``sygraph eval``). ``--rules-body`` separates bodies by
the rules alone, ``--no-domain`` goes without the domain tagger and ``--no-relations`` without
the relation classifier, for comparison.
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
import train_relations  # noqa: E402
from sygraph import pairs  # noqa: E402
from sygraph import tagger as name_tagger  # noqa: E402
from sygraph.evaluate import score_gold as own_scores  # noqa: E402

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
    p.add_argument("--no-relations", action="store_true", help="without the relation classifier")
    p.add_argument("--min-confidence", type=float, default=None,
                   help="the relation classifier's bar for an edge (default: pairs.MIN_CONFIDENCE)")
    p.add_argument("--domain-confidence", type=float, default=None,
                   help="the domain tagger's bar for a name (default: domain_min_confidence of data/policy.tsv)")
    p.add_argument("--keep", type=Path, metavar="DIR",
                   help="keep each fold's models, gold files, GraphML and scores in DIR/fold<k>")
    p.add_argument("--reuse", type=Path, metavar="DIR",
                   help="use the models a --keep run left in DIR instead of training them (fast: for trying "
                        "rules; the final figures retrain)")
    p.add_argument("--retrain", action="append", default=[], choices=("body", "domain", "relations"),
                   help="with --reuse: train this fold model afresh all the same (repeatable), for a change to "
                        "the files one model reads")
    p.add_argument("--json", action="store_true")
    args = p.parse_args()
    scorer = load_scorer(args.shared)
    if args.min_confidence is not None:
        pairs.MIN_CONFIDENCE = args.min_confidence
    if args.domain_confidence is not None:
        import dataclasses

        from sygraph import recognize

        recognize.POLICY = dataclasses.replace(recognize.POLICY, domain_min_confidence=args.domain_confidence)
    records = read_annotations(ROOT / "corpus" / "annotations.jsonl")
    totals = {t: {"tp": 0, "fp": 0, "fn": 0} for t in TYPES}
    rel_found = rel_total = 0
    rel_types: dict[str, dict[str, int]] = {}
    rows = []
    for k in range(FOLDS):
        test = [r for r in records if r.get("fold") == k]
        with tempfile.TemporaryDirectory() as scratch:
            tmp = args.keep / f"fold{k}" if args.keep else Path(scratch)
            tmp.mkdir(parents=True, exist_ok=True)
            reused = args.reuse / f"fold{k}" if args.reuse else None

            def kept(name: str) -> Path | None:
                return None if name in args.retrain else reused

            train_set = [r for r in records if r.get("fold") != k]
            if args.rules_body:
                ingest._read_by_model = lambda lines: None  # noqa: E731
            else:
                body._tagger = fold_model(train_body.train, train_set, args.shared, tmp / "body.crfsuite", kept("body"))
            if args.no_domain:
                name_tagger._domain_tagger = lambda: None  # noqa: E731
            else:
                name_tagger._domain_tagger = fold_model(train_domain.train, train_set, args.shared,
                                                        tmp / "domain.crfsuite", kept("domain"))
            if args.no_relations:
                pairs._model = lambda: None  # noqa: E731
            else:
                pairs._model = fold_model(train_relations.train, train_set, args.shared, tmp / "relations.crfsuite",
                                          kept("relations"))
            gold = tmp / "gold"
            gold.mkdir(exist_ok=True)
            for r in test:
                (gold / (Path(r["file"]).stem + ".gold.json")).write_text(
                    json.dumps(to_gold(r), ensure_ascii=False), encoding="utf-8")
            kg = sygraph.build([args.shared / r["file"] for r in test])
            kg.write(tmp / "out", formats=("graphml",))
            res = scorer.score(str(tmp / "out" / "sygraph.graphml"), str(gold))
            own = own_scores(tmp / "out" / "sygraph.graphml", gold)
            if args.keep:
                (tmp / "score.json").write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
            for rel, c in own["relation_types"].items():
                for key in ("tp", "fp", "fn"):
                    rel_types.setdefault(rel, {"tp": 0, "fp": 0, "fn": 0})[key] += c[key]
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
    typed = {rel: {"precision": round(c["tp"] / (c["tp"] + c["fp"]), 3) if c["tp"] + c["fp"] else 0.0,
                   "recall": round(c["tp"] / (c["tp"] + c["fn"]), 3) if c["tp"] + c["fn"] else 0.0, **c}
             for rel, c in sorted(rel_types.items())}
    tp, fp, fn = (sum(c[k] for c in rel_types.values()) for k in ("tp", "fp", "fn"))
    summary["relation_precision_within_article"] = round(tp / (tp + fp), 3) if tp + fp else 0.0
    summary["relation_recall_within_article"] = round(tp / (tp + fn), 3) if tp + fn else 0.0
    if args.json:
        print(json.dumps({"folds": rows, "all": summary, "relation_types": typed}, indent=1))
    else:
        print("all folds: " + "  ".join(f"{k} {v}" for k, v in summary.items()))
        for rel, c in typed.items():
            print(f"  {rel:16} P {c['precision']}  R {c['recall']}  (tp {c['tp']} fp {c['fp']} fn {c['fn']})")
    return 0


def fold_model(train, records: list[dict], shared: Path, path: Path, kept: Path | None = None):
    """A model trained on ``records`` (or the one a --keep run left in ``kept``), as the cached
    loader the package calls returns it."""
    if kept is not None:
        path = kept / path.name
    else:
        train(records, shared, str(path))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return lambda: tagger


def f1(c: dict) -> float:
    return 2 * c["tp"] / (2 * c["tp"] + c["fp"] + c["fn"]) if c["tp"] else 0.0


if __name__ == "__main__":
    sys.exit(main())
