#!/usr/bin/env python3
"""Train the relation classifier (src/sygraph/data/relations.crfsuite) from the annotated
corpus (corpus/annotations.jsonl).

    python scripts/train_relations.py [--shared ../shared] [--exclude-fold K] [-o PATH]
    python scripts/train_relations.py --cv        # pair-level precision and recall, fold by fold

Each annotated page is read and recognised as a build reads it; every candidate pair of
sygraph's own mentions in a body sentence (``sygraph.pairs.instances``) is labelled from the
annotated relations: ``R>`` when the annotation relates the first entity to the second by R in
a sentence naming both, ``R<`` the other way, ``O`` otherwise. Entities are matched by name or
alias, as the scorer matches them. Training on sygraph's mentions, not the annotators', teaches
the model the mentions it will see.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import pycrfsuite  # noqa: E402

from sygraph.annotations import FOLDS, read_annotations  # noqa: E402
from sygraph.ingest import read_articles, to_simplified  # noqa: E402
from sygraph.pairs import instances, lexicon_digest, model_path  # noqa: E402
from sygraph.recognize import recognize  # noqa: E402
from sygraph.ids import normalize  # noqa: E402
from sygraph.resolve import resolve  # noqa: E402

PARAMS = {"c1": 0.0, "c2": 1.0, "max_iterations": 200, "feature.minfreq": 1}


def _names(name: str, aliases) -> frozenset[str]:
    return frozenset(normalize(x) for x in (name, *aliases) if x)


def labelled(record: dict, shared: Path) -> list[tuple[list[str], str]]:
    """(features, label) of every candidate pair of one annotated page."""
    articles = list(read_articles([shared / record["file"]], on_error=lambda err: None))
    if not articles:
        return []
    article = articles[0]
    mentions = recognize(article)
    resolution = resolve(article, mentions)
    types = {e.id: e.type.value for e in resolution.entities}
    levels = {e.id: e.attr("level") for e in resolution.entities}
    names = {e.id: _names(e.name, e.aliases) for e in resolution.entities}
    gold_names = {e["id"]: _names(e["name"], e.get("aliases", ())) for e in record["entities"]}
    gold = [(gold_names[r["head"]], r["relation"], gold_names[r["tail"]], to_simplified(r["evidence"]["text"]))
            for r in record["relations"]]
    out = []
    for inst in instances(article, mentions, resolution.links, types, levels):
        a, b = mentions[inst.first], mentions[inst.second]
        na, nb = names[resolution.link(a)], names[resolution.link(b)]
        sentence = article.sentences[inst.sentence].text
        label = "O"
        for head, relation, tail, evidence in gold:
            said = (a.text in evidence and b.text in evidence) or sentence in evidence or evidence in sentence
            if not said:
                continue
            if na & head and nb & tail:
                label = relation + ">"
                break
            if nb & head and na & tail:
                label = relation + "<"
                break
        out.append((inst.features, label))
    return out


def train(records: list[dict], shared: Path, path: str, data=None) -> dict:
    """Train on ``records`` (or on ready ``data``: lists of (features, label)) into ``path``."""
    trainer = pycrfsuite.Trainer(verbose=False)
    counts: Counter[str] = Counter()
    for rows in (data if data is not None else (labelled(r, shared) for r in records)):
        for feats, label in rows:
            trainer.append(pycrfsuite.ItemSequence([feats]), [label])
            counts[label] += 1
    trainer.set_params(PARAMS)
    trainer.train(path)
    return dict(sorted(counts.items()))


def cross_validate(records: list[dict], shared: Path, thresholds=(0.3, 0.4, 0.5, 0.6, 0.7)) -> None:
    data = {id(r): labelled(r, shared) for r in records}
    import tempfile

    totals = {t: Counter() for t in thresholds}
    per_type = {t: {} for t in thresholds}
    for k in range(FOLDS):
        with tempfile.TemporaryDirectory() as tmp:
            path = str(Path(tmp) / "rel.crfsuite")
            train(None, shared, path, [data[id(r)] for r in records if r.get("fold") != k])
            tagger = pycrfsuite.Tagger()
            tagger.open(path)
            for r in records:
                if r.get("fold") != k:
                    continue
                for feats, gold in data[id(r)]:
                    [label] = tagger.tag(pycrfsuite.ItemSequence([feats]))
                    p = tagger.marginal(label, 0)
                    for t in thresholds:
                        said = label if label != "O" and p >= t else "O"
                        c = per_type[t].setdefault((gold if gold != "O" else said)[:-1], Counter())
                        if said != "O" and said == gold:
                            totals[t]["tp"] += 1
                            c["tp"] += 1
                        else:
                            if said != "O":
                                totals[t]["fp"] += 1
                                per_type[t].setdefault(said[:-1], Counter())["fp"] += 1
                            if gold != "O":
                                totals[t]["fn"] += 1
                                c["fn"] += 1
    for t in thresholds:
        c = totals[t]
        print(f"threshold {t}: pairs P {c['tp'] / max(1, c['tp'] + c['fp']):.3f} "
              f"R {c['tp'] / max(1, c['tp'] + c['fn']):.3f}  (tp {c['tp']} fp {c['fp']} fn {c['fn']})")
        for rel, rc in sorted(per_type[t].items()):
            if rel:
                print(f"    {rel:16} P {rc['tp'] / max(1, rc['tp'] + rc['fp']):.3f} "
                      f"R {rc['tp'] / max(1, rc['tp'] + rc['fn']):.3f}  tp {rc['tp']} fp {rc['fp']} fn {rc['fn']}")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    p.add_argument("--exclude-fold", type=int, default=None)
    p.add_argument("--cv", action="store_true", help="pair-level cross-validation, no model written")
    p.add_argument("-o", "--output", default=model_path())
    args = p.parse_args()
    source = ROOT / "corpus" / "annotations.jsonl"
    records = read_annotations(source)
    if args.cv:
        cross_validate([r for r in records if r.get("set") == "corpus"], args.shared)
        return 0
    if args.exclude_fold is not None:
        records = [r for r in records if r.get("fold") != args.exclude_fold]
    labels = train(records, args.shared, args.output)
    record = {"annotations": hashlib.sha256(source.read_bytes()).hexdigest(), "articles": len(records),
              "excluded_fold": args.exclude_fold, "lexicon": lexicon_digest(), "params": PARAMS,
              "labels": labels}
    Path(args.output + ".json").write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{args.output}: {sum(labels.values())} pairs from {len(records)} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
