#!/usr/bin/env python3
"""Make and check the span-annotated corpus (see docs/corpus.md).

    python scripts/corpus.py compile RAW_DIR [--second RAW_DIR2] [--shared ../shared]
        Annotators' files (one JSON per article, docs/annotation-addendum.md) become
        corpus/annotations.jsonl (and corpus/second_pass.jsonl from --second): mentions and
        evidence located as offsets, SHA-256 of each file, fixed folds.
    python scripts/corpus.py agreement [--shared ../shared]
        Entity, relation and body-line agreement between the two passes.
    python scripts/corpus.py gold OUT_DIR [--fold K] [--set corpus]
        The records as *.gold.json files, for ../shared/tools/score_gold.py and sygraph eval.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sygraph.annotations import FOLDS, body_line_set, line_starts, read_annotations, to_gold, validate  # noqa: E402

CORPUS = ROOT / "corpus"


def shared_path(stem: str) -> str:
    """The file of an article, relative to the shared folder."""
    if stem.startswith("c") and stem[1:].isdigit():
        return f"corpus/{stem}.txt"
    if stem[:1] in "ns" and stem[1:].isdigit():
        return f"dev/articles/{stem}.txt"
    return f"seeds/{stem}.txt"


def locate_mentions(text: str, body: set[int], entities: list[dict]) -> list[dict]:
    """Every occurrence of each entity's written forms inside the body lines, longest first,
    not overlapping another occurrence of the same entity."""
    starts = line_starts(text)
    regions = []
    for n in sorted(body):
        lo = starts[n - 1]
        hi = starts[n] - 1 if n < len(starts) else len(text)
        regions.append((lo, hi))
    out = []
    for e in entities:
        taken: list[tuple[int, int]] = []
        for form in sorted(set(e.get("mentions", [])), key=lambda f: (-len(f), f)):
            if not form:
                continue
            for lo, hi in regions:
                pos = lo
                while (pos := text.find(form, pos, hi)) >= 0:
                    end = pos + len(form)
                    if not any(a < end and pos < b for a, b in taken):
                        taken.append((pos, end))
                    pos += 1
        out += [{"entity": e["id"], "start": a, "end": b, "text": text[a:b]} for a, b in sorted(taken)]
    return sorted(out, key=lambda m: (m["start"], m["end"], m["entity"]))


def locate_evidence(text: str, body: set[int], evidence: str) -> dict | None:
    starts = line_starts(text)
    for n in sorted(body):
        lo = starts[n - 1]
        hi = starts[n] - 1 if n < len(starts) else len(text)
        pos = text.find(evidence, lo, hi)
        if pos >= 0:
            return {"start": pos, "end": pos + len(evidence), "text": evidence}
    return None


def compile_record(raw: dict, stem: str, shared: Path, annotator: str) -> tuple[dict, list[str]]:
    rel = shared_path(stem)
    data = (shared / rel).read_bytes()
    text = data.decode("utf-8")
    body = {n for lo, hi in raw.get("body_lines", []) for n in range(lo, hi + 1)}
    problems = []
    entities = []
    for e in raw.get("entities", []):
        out = {"id": e["id"], "name": e["name"]}
        if e.get("types"):
            out["types"] = sorted(set(e["types"]))
        else:
            out["type"] = e.get("type")
        if e.get("aliases"):
            out["aliases"] = list(dict.fromkeys(a for a in e["aliases"] if a))
        if e.get("optional"):
            out["optional"] = True
        entities.append(out)
    mentions = locate_mentions(text, body, raw.get("entities", []))
    found = {m["entity"] for m in mentions}
    for e in raw.get("entities", []):
        if e["id"] not in found:
            problems.append(f"{rel}: entity {e['id']} {e['name']} has no mention in the body")
    relations = []
    for r in raw.get("relations", []):
        ev = locate_evidence(text, body, r.get("evidence", ""))
        if ev is None:
            problems.append(f"{rel}: evidence {r.get('evidence')!r} is not in the body")
            continue
        out = {"head": r["head"], "relation": r["relation"], "tail": r["tail"], "evidence": ev}
        if r.get("role"):
            out["role"] = r["role"]
        relations.append(out)
    kind = "corpus" if rel.startswith("corpus/") else ("dev" if rel.startswith("dev/") else "seed")
    record = {"file": rel, "sha256": hashlib.sha256(data).hexdigest(), "set": kind, "fold": None,
              "annotator": annotator, "body_lines": merge_ranges(body), "title": raw.get("title") or "",
              "published": raw.get("published") or "", "source": raw.get("source") or "",
              "entities": entities, "mentions": mentions, "relations": relations,
              "negatives": [n for n in raw.get("negatives", []) if n and n in text]}
    problems += validate(record, data)
    return record, problems


def merge_ranges(lines: set[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for n in sorted(lines):
        if out and out[-1][1] == n - 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    return out


def assign_folds(records: list[dict], shared: Path) -> None:
    """Five folds by article, provinces spread over all of them: the corpus articles without a
    fold, sorted by province (then by hash, a fixed shuffle), are dealt out in turn, each to
    the smallest fold. Sites are at most three pages each, so dealing by province spreads them
    too. A record keeps the fold it has: folds stay fixed as the corpus grows."""
    province = {}
    with open(shared / "corpus" / "sources.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            province[f"corpus/{row['file']}"] = row["province"]
    sizes = [sum(1 for r in records if r.get("fold") == k) for k in range(FOLDS)]
    new = sorted((r for r in records if r["set"] == "corpus" and r.get("fold") is None),
                 key=lambda r: (province.get(r["file"], "?"), r["sha256"]))
    for r in new:
        k = min(range(FOLDS), key=lambda j: (sizes[j], j))
        r["fold"] = k
        sizes[k] += 1


def write_jsonl(path: Path, records: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        for r in sorted(records, key=lambda r: r["file"]):
            f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    tmp.replace(path)


def compile_dir(raw_dir: Path, shared: Path, annotator: str) -> tuple[list[dict], list[str]]:
    records, problems = [], []
    for f in sorted(raw_dir.glob("*.json")):
        try:
            raw = json.loads(f.read_text(encoding="utf-8"))
        except ValueError as err:
            problems.append(f"{f}: not JSON ({err})")
            continue
        record, p = compile_record(raw, f.stem, shared, annotator)
        records.append(record)
        problems += p
    return records, problems


def merged(path: Path, records: list[dict]) -> list[dict]:
    """The records already in ``path`` (their folds kept), with ``records`` replacing or adding."""
    old = {r["file"]: r for r in read_annotations(path)} if path.exists() else {}
    for r in records:
        r["fold"] = old[r["file"]]["fold"] if r["file"] in old else r["fold"]
        old[r["file"]] = r
    return list(old.values())


def cmd_compile(args) -> int:
    compiled, problems = compile_dir(Path(args.raw), args.shared, "A")
    records = merged(CORPUS / "annotations.jsonl", compiled)
    assign_folds(records, args.shared)
    write_jsonl(CORPUS / "annotations.jsonl", records)
    if args.second:
        second, p2 = compile_dir(Path(args.second), args.shared, "B")
        second = merged(CORPUS / "second_pass.jsonl", second)
        fold_of = {r["file"]: r["fold"] for r in records}
        for r in second:
            r["fold"] = fold_of.get(r["file"])
        write_jsonl(CORPUS / "second_pass.jsonl", second)
        problems += p2
    for p in problems:
        print(p, file=sys.stderr)
    print(f"{len(compiled)} compiled, {len(records)} records in all; {len(problems)} problems")
    return 0


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    for q in "“”\"'‘’《》〈〉「」『』 ":
        s = s.replace(q, "")
    return s


def entity_keys(record: dict) -> dict[str, tuple[set[str], set[str], bool]]:
    written: dict[str, set[str]] = {}
    for m in record["mentions"]:
        written.setdefault(m["entity"], set()).add(norm(m["text"]))
    return {e["id"]: ({norm(e["name"]), *written.get(e["id"], set()), *(norm(a) for a in e.get("aliases", []))},
                      set(e.get("types") or [e["type"]]), bool(e.get("optional")))
            for e in record["entities"]}


def match_entities(a: dict, b: dict) -> tuple[dict[str, str], int, int]:
    """Greedy one-to-one match of required entities (optional ones on either side are ignored,
    as the scorer ignores them). Returns (a id → b id, required in a, required in b)."""
    ka, kb = entity_keys(a), entity_keys(b)
    pairs = {}
    used = set()
    for ia, (na, ta, oa) in ka.items():
        for ib, (nb, tb, ob) in kb.items():
            if ib not in used and na & nb and ta & tb:
                pairs[ia] = ib
                used.add(ib)
                break
    req_a = {i for i, (_, _, o) in ka.items() if not o}
    req_b = {i for i, (_, _, o) in kb.items() if not o}
    return pairs, req_a, req_b


def cmd_agreement(args) -> int:
    first = {r["file"]: r for r in read_annotations(CORPUS / "annotations.jsonl")}
    second = read_annotations(CORPUS / "second_pass.jsonl")
    etp = efp = efn = 0
    rtp = rfp = rfn = 0
    lines_same = lines_all = 0
    rows = []
    for b in second:
        a = first.get(b["file"])
        if a is None:
            continue
        pairs, req_a, req_b = match_entities(a, b)
        # an entity required by one pass and optional in the other counts neither way
        tp = sum(1 for ia in req_a if ia in pairs and pairs[ia] in req_b)
        fn = sum(1 for ia in req_a if ia not in pairs)
        fp = sum(1 for ib in req_b if ib not in pairs.values())
        etp, efp, efn = etp + tp, efp + fp, efn + fn
        ra = {(pairs.get(r["head"]), r["relation"], pairs.get(r["tail"])) for r in a["relations"]}
        rb = {(r["head"], r["relation"], r["tail"]) for r in b["relations"]}
        ra_matched = {t for t in ra if t[0] and t[2]}
        t_rel = len(ra_matched & rb)
        rtp, rfn, rfp = rtp + t_rel, rfn + len(ra) - t_rel, rfp + len(rb) - t_rel
        text = (args.shared / a["file"]).read_text(encoding="utf-8").split("\n")
        ba, bb = body_line_set(a), body_line_set(b)
        for n, line in enumerate(text, 1):
            if line.strip():
                lines_all += 1
                lines_same += (n in ba) == (n in bb)
        rows.append((a["file"], f1(tp, fp, fn), f1(t_rel, len(rb) - t_rel, len(ra) - t_rel)))
    for name, ef, rf in rows:
        print(f"{name}\tentity F1 {ef:.3f}\trelation F1 {rf:.3f}")
    print(f"articles {len(rows)}; entity F1 {f1(etp, efp, efn):.3f} (tp {etp}, only first {efn}, only second {efp}); "
          f"relation F1 {f1(rtp, rfp, rfn):.3f}; body lines agree {lines_same}/{lines_all} = {lines_same / max(lines_all, 1):.3f}")
    return 0


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def cmd_gold(args) -> int:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for r in read_annotations(CORPUS / "annotations.jsonl"):
        if args.set and r["set"] != args.set:
            continue
        if args.fold is not None and r.get("fold") != args.fold:
            continue
        (out / (Path(r["file"]).stem + ".gold.json")).write_text(
            json.dumps(to_gold(r), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        n += 1
    print(f"wrote {n} gold files to {out}")
    return 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("compile")
    c.add_argument("raw")
    c.add_argument("--second")
    sub.add_parser("agreement")
    g = sub.add_parser("gold")
    g.add_argument("out")
    g.add_argument("--fold", type=int)
    g.add_argument("--set", default="")
    args = p.parse_args()
    return {"compile": cmd_compile, "agreement": cmd_agreement, "gold": cmd_gold}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
