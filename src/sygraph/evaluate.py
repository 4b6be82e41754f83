"""Measure a built graph against hand annotations (see ``shared/gold/GUIDELINES.md``).

Entity level, per article: a gold entity is found when an entity of an accepted type that
the article mentions carries the gold name or one of its aliases, as its label or as an
alias (names compared after :func:`~sygraph.resolve.normalize`). Optional gold entities
count neither way; every other extracted entity of the article is a false hit. Relations:
recall of the gold (head, relation, tail) triples anywhere in the graph.
"""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from .annotations import RELATION_TYPES, body_line_set, read_annotations, to_gold
from .annotations import read_bio as read_bio_tags
from .builder import build_articles
from .errors import InputError
from .formats.graphml import read_graphml
from .graph import ENTITY_TYPES, MENTIONED_IN
from .ids import normalize
from .ingest import article_lines, decode, parse_article
from .tagger import LABELS

__all__ = ["score_body", "format_body_report", "score_gold", "format_report", "prf", "read_bio", "score_bio", "format_bio_report"]


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 (0.0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3)}


def _names(data: dict) -> set[str]:
    names = {normalize(data.get("label", ""))} | {normalize(a) for a in data.get("aliases", ())}
    names.discard("")
    return names


def _gold_names(e: dict) -> set[str]:
    return {normalize(e["name"])} | {normalize(a) for a in e.get("aliases", ())}


def _load_gold(gold_dir: Path, fold: int | None = None, subset: str = "") -> list[dict]:
    if gold_dir.suffix == ".jsonl":  # span annotations (docs/corpus.md), converted to gold documents
        records = [r for r in read_annotations(gold_dir)
                   if (fold is None or r.get("fold") == fold) and (not subset or r.get("set") == subset)]
        if not records:
            raise InputError(f"{gold_dir}: no annotated article matches fold {fold} / set {subset or 'any'}")
        return [to_gold(r) for r in records]
    files = sorted(gold_dir.glob("*.gold.json"))
    if not files:
        raise InputError(f"{gold_dir}: no *.gold.json files")
    out = []
    for f in files:
        try:
            out.append(json.loads(f.read_text(encoding="utf-8")))
        except (OSError, ValueError) as err:
            raise InputError(f"{f}: not a readable gold file ({err})") from err
    return out


def score_gold(graph: str | Path | nx.MultiDiGraph, gold_dir: str | Path, *, fold: int | None = None,
               subset: str = "") -> dict:
    """Per-type and micro P/R/F1, relation recall, misses and false hits.

    ``graph`` is a GraphML path or a graph from ``KnowledgeGraph.to_networkx()``; ``gold_dir``
    a folder of ``*.gold.json`` files or a span annotations file (``corpus/annotations.jsonl``),
    of which ``fold`` and ``subset`` (corpus, dev, seed) select records.
    """
    g = read_graphml(graph) if isinstance(graph, (str, Path)) else graph
    article_node = {Path(str(d.get("source", ""))).name: n for n, d in g.nodes(data=True)
                    if d.get("type") == "article"}
    counts = {t: {"tp": 0, "fp": 0, "fn": 0} for t in ENTITY_TYPES}
    misses, false_hits, negatives, missing = [], [], [], []
    rel_counts: dict[str, dict[str, int]] = {}
    relation_misses, relation_false_hits = [], []
    rel_found = rel_total = 0
    for gold in _load_gold(Path(gold_dir), fold, subset):
        art = article_node.get(gold["article"])
        predicted = {}
        if art is None:
            missing.append(gold["article"])
        else:
            for u, _, d in g.in_edges(art, data=True):
                if d.get("relation") == MENTIONED_IN and g.nodes[u].get("type") in ENTITY_TYPES:
                    predicted[u] = (g.nodes[u]["type"], _names(g.nodes[u]))
        used = set()
        for e in gold["entities"]:
            names, types = _gold_names(e), set(e.get("types") or [e["type"]])
            hit = next((n for n, (t, ns) in sorted(predicted.items()) if t in types and ns & names), None)
            if hit is None and e.get("optional"):
                # an optional entity found under another type is not a false hit either
                hit = next((n for n, (_, ns) in sorted(predicted.items()) if ns & names), None)
            if hit is not None:
                used.add(hit)
                if not e.get("optional"):
                    counts[predicted[hit][0]]["tp"] += 1
            elif not e.get("optional"):
                kind = sorted(types)[0]
                counts[kind]["fn"] += 1
                misses.append({"article": gold["article"], "type": kind, "name": e["name"]})
        negative_names = {normalize(x) for x in gold.get("negatives", [])}
        for n, (kind, ns) in sorted(predicted.items()):
            if n in used:
                continue
            counts[kind]["fp"] += 1
            false_hits.append({"article": gold["article"], "type": kind, "name": g.nodes[n]["label"], "id": n})
            if ns & negative_names:
                negatives.append(g.nodes[n]["label"])
        by_name = {normalize(e["name"]): _gold_names(e) for e in gold["entities"]}
        # typed edges between two entities the article mentions: what the article gave
        here = [(u, d["relation"], v) for u, v, d in g.edges(data=True)
                if u in predicted and v in predicted and d.get("relation") in RELATION_TYPES]
        matched = set()
        for r in gold.get("relations", []):
            rel_total += 1
            heads = by_name.get(normalize(r["head"]), {normalize(r["head"])})
            tails = by_name.get(normalize(r["tail"]), {normalize(r["tail"])})
            rel_found += any(d.get("relation") == r["relation"] and _names(g.nodes[u]) & heads
                             and _names(g.nodes[v]) & tails for u, v, d in g.edges(data=True))
            c = rel_counts.setdefault(r["relation"], {"tp": 0, "fp": 0, "fn": 0})
            hits = {t for t in here if t[1] == r["relation"] and _names(g.nodes[t[0]]) & heads
                    and _names(g.nodes[t[2]]) & tails}
            if hits:
                c["tp"] += 1
                matched |= hits
            else:
                c["fn"] += 1
                relation_misses.append({"article": gold["article"], **r})
        for u, rel, v in sorted(set(here) - matched):
            rel_counts.setdefault(rel, {"tp": 0, "fp": 0, "fn": 0})["fp"] += 1
            relation_false_hits.append({"article": gold["article"], "head": g.nodes[u]["label"],
                                        "relation": rel, "tail": g.nodes[v]["label"]})
    totals = {k: sum(c[k] for c in counts.values()) for k in ("tp", "fp", "fn")}
    return {
        "types": {t: {**prf(c["tp"], c["fp"], c["fn"]), **c} for t, c in counts.items()},
        "micro": {**prf(totals["tp"], totals["fp"], totals["fn"]), **totals},
        "relations": {"recall": round(rel_found / rel_total, 3) if rel_total else None,
                      "found": rel_found, "total": rel_total},
        # per relation type, within each article: an edge between two entities it mentions
        "relation_types": {r: {**prf(c["tp"], c["fp"], c["fn"]), **c} for r, c in sorted(rel_counts.items())},
        "relation_misses": relation_misses,
        "relation_false_hits": relation_false_hits,
        "negatives_extracted": sorted(negatives),
        "missing_articles": missing,
        "misses": misses,
        "false_hits": false_hits,
    }


def score_body(annotations: str | Path, shared: str | Path, *, fold: int | None = None, subset: str = "") -> dict:
    """Body-line accuracy of sygraph's reading of each annotated page (non-blank lines), with
    the lines it reads wrongly. ``shared`` is the folder the records' files are named under."""
    records = [r for r in read_annotations(annotations)
               if (fold is None or r.get("fold") == fold) and (not subset or r.get("set") == subset)]
    if not records:
        raise InputError(f"{annotations}: no annotated article matches fold {fold} / set {subset or 'any'}")
    right = total = 0
    wrong = []
    for r in records:
        path = Path(shared) / r["file"]
        try:
            text = decode(path.read_bytes(), str(path))
        except OSError as err:
            raise InputError(f"{path}: cannot read ({err.strerror})") from err
        gold, read = body_line_set(r), set(article_lines(text))
        for n, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            total += 1
            if (n in gold) == (n in read):
                right += 1
            else:
                wrong.append({"file": r["file"], "line": n, "annotated": "article" if n in gold else "chrome",
                              "read": "article" if n in read else "chrome", "text": line.strip()[:60]})
    return {"articles": len(records), "lines": total, "right": right,
            "accuracy": round(right / total, 4) if total else None, "wrong": wrong}


def format_body_report(report: dict) -> str:
    lines = [f"body lines: {report['right']}/{report['lines']} right, accuracy {report['accuracy']} "
             f"({report['articles']} articles)", "lines read wrongly:"]
    lines += [f"  {w['file']}:{w['line']}: annotated {w['annotated']}, read {w['read']}: {w['text']}"
              for w in report["wrong"]]
    return "\n".join(lines)


def format_report(report: dict) -> str:
    """The report as a readable table followed by the misses and false hits."""
    lines = [f"{'type':8s} {'P':>6s} {'R':>6s} {'F1':>6s}  {'tp':>4s} {'fp':>4s} {'fn':>4s}"]
    for t, c in [*report["types"].items(), ("micro", report["micro"])]:
        lines.append(f"{t:8s} {c['p']:6.3f} {c['r']:6.3f} {c['f1']:6.3f}  {c['tp']:4d} {c['fp']:4d} {c['fn']:4d}")
    rel = report["relations"]
    lines.append(f"relations recall {rel['recall']} ({rel['found']}/{rel['total']})")
    if report.get("relation_types"):
        lines.append("relation types, within each article:")
        for r, c in report["relation_types"].items():
            lines.append(f"  {r:16s} {c['p']:6.3f} {c['r']:6.3f} {c['f1']:6.3f}  {c['tp']:4d} {c['fp']:4d} {c['fn']:4d}")
    lines.append(f"negatives extracted: {', '.join(report['negatives_extracted']) or 'none'}")
    if report["missing_articles"]:
        lines.append(f"articles missing from the graph: {', '.join(report['missing_articles'])}")
    lines += ["", "misses:"] + [f"  {m['article']}: {m['type']}: {m['name']}" for m in report["misses"]]
    lines += ["false hits:"] + [f"  {m['article']}: {m['type']}: {m['name']}" for m in report["false_hits"]]
    return "\n".join(lines)


def read_bio(path: str | Path) -> list[tuple[str, set[tuple[str, str]]]]:
    """Sentences of a character-per-line BIO file (see :func:`sygraph.annotations.read_bio`)
    as (text, {(type, entity text)}): PER is a person, LOC a place, ORG a unit."""
    out = []
    for text, tags in read_bio_tags(path):
        spans: set[tuple[str, str]] = set()
        start, kind = -1, ""
        for k, tag in enumerate([*tags, "O"]):
            inside = tag.startswith("I-") and tag[2:] == kind
            if not inside:
                if kind in LABELS:
                    spans.add((LABELS[kind], text[start:k]))
                start, kind = (k, tag[2:]) if tag.startswith(("B-", "I-")) else (-1, "")
        out.append((text, spans))
    return out


def score_bio(path: str | Path, limit: int | None = None) -> dict:
    """Score sygraph on a BIO NER file, one sentence per article: per sentence, the set of
    (type, text) pairs it finds against the gold set (PER ~ person, LOC ~ place, ORG ~ unit).
    An extracted entity matches a gold span when the span is its name or one of its aliases;
    as in ``score_gold.py``, one entity may match several spans (中 and 中国 of one sentence)."""
    sentences = read_bio(path)[:limit]
    articles = [parse_article(f"s{i:06d}", text, title="") for i, (text, _) in enumerate(sentences)]
    kg = build_articles(articles)
    g = kg.graph
    by_article: dict[str, list[tuple[str, set[str], str]]] = {}
    for u, v, d in g.edges(data=True):
        if d.get("relation") == MENTIONED_IN and g.nodes[u]["type"] in LABELS.values():
            by_article.setdefault(g.nodes[v]["source"], []).append(
                (g.nodes[u]["type"], _names(g.nodes[u]), g.nodes[u]["label"]))
    counts = {t: {"tp": 0, "fp": 0, "fn": 0} for t in LABELS.values()}
    misses, false_hits = [], []
    for i, (text, gold) in enumerate(sentences):
        predicted = by_article.get(f"s{i:06d}", [])
        used = set()
        for kind, span in sorted(gold):
            hit = next((k for k, (t, names, _) in enumerate(predicted)
                        if t == kind and normalize(span) in names), None)
            if hit is None:
                counts[kind]["fn"] += 1
                misses.append(f"{kind}: {span}")
            else:
                used.add(hit)
                counts[kind]["tp"] += 1
        for k, (kind, _, label) in enumerate(predicted):
            if k not in used:
                counts[kind]["fp"] += 1
                false_hits.append(f"{kind}: {label}")
    totals = {k: sum(c[k] for c in counts.values()) for k in ("tp", "fp", "fn")}
    return {
        "types": {t: {**prf(c["tp"], c["fp"], c["fn"]), **c} for t, c in counts.items()},
        "micro": {**prf(totals["tp"], totals["fp"], totals["fn"]), **totals},
        "sentences": len(sentences),
        "misses": misses,
        "false_hits": false_hits,
    }


def format_bio_report(report: dict) -> str:
    lines = [f"{report['sentences']} sentences", f"{'type':8s} {'P':>6s} {'R':>6s} {'F1':>6s}  "
             f"{'tp':>5s} {'fp':>5s} {'fn':>5s}"]
    for t, c in [*report["types"].items(), ("micro", report["micro"])]:
        lines.append(f"{t:8s} {c['p']:6.3f} {c['r']:6.3f} {c['f1']:6.3f}  {c['tp']:5d} {c['fp']:5d} {c['fn']:5d}")
    from collections import Counter

    for title, items in (("most frequent misses", report["misses"]), ("most frequent false hits", report["false_hits"])):
        lines.append(f"{title}:")
        lines += [f"  {n:4d}  {x}" for x, n in Counter(items).most_common(25)]
    return "\n".join(lines)
