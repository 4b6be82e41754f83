#!/usr/bin/env python3
"""Where the lexicon's entries occur: in the seed and development articles, the annotated
corpus pages, and general news (People's Daily sentences).

    python scripts/lexicon_audit.py [--shared ../shared] [--all]

An entry found in exactly one seed or development article, in no People's Daily sentence and
in at most one corpus page (several pages are evidence that the domain uses it) is a *suspect*: it may be there because one visible article contains it (issue 19). A suspect
stays only where it is general knowledge of the domain, and then its row says where that
knowledge comes from (a ``source`` column). The script prints the suspects, the entries found
in seeds or development articles but in no corpus page and no People's Daily sentence
(seed-specific), and a summary per file. ``--all`` lists suspects that have a source too.

Tables whose unit is a character (surnames, transliteration and function characters, one
character abbreviations), the division and village registers, the levels and the relation
schema are not audited.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "sygraph" / "data"

SKIP = {"divisions.tsv", "levels.tsv", "surnames.tsv", "transliteration_chars.tsv", "function_chars.tsv",
        "province_abbreviations.tsv", "place_abbreviations.tsv", "relation_types.tsv"}
# the columns that hold entries, where it is not the first; a cell may list several with |
COLUMNS = {"programs.tsv": ("name", "aliases"), "unit_abbreviations.tsv": ("long", "short"),
           "unit_patterns.tsv": ("pattern",), "program_patterns.tsv": ("pattern",),
           "word_classes.tsv": ("words",)}
# rows whose pattern is a set of characters rather than a word
CHARACTER_ROWS = {("program_patterns.tsv", "level_list")}
SOURCES = ("seed", "dev", "corpus", "pd")


@dataclass
class Entry:
    table: str
    value: str
    source: str = ""  # the row's provenance, if it has one
    found: dict[str, int] = field(default_factory=dict)  # source name -> texts containing it

    @property
    def visible(self) -> int:
        """Seed and development articles that contain the entry."""
        return self.found.get("seed", 0) + self.found.get("dev", 0)

    @property
    def suspect(self) -> bool:
        """In one seed or development article, in no People's Daily sentence, and in at most
        one corpus page (several corpus pages are evidence that the domain uses it)."""
        return self.visible == 1 and not self.found.get("pd") and self.found.get("corpus", 0) <= 1

    @property
    def seed_specific(self) -> bool:
        return self.visible >= 1 and not self.found.get("corpus") and not self.found.get("pd")


def read_rows(text: str) -> list[dict[str, str]]:
    """The rows of a TSV table (header first, # comments and blank lines skipped)."""
    header, rows = None, []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = cells
        else:
            rows.append(dict(zip(header, cells + [""] * (len(header) - len(cells)))))
    return rows


def table_entries(name: str, rows: list[dict[str, str]]) -> list[Entry]:
    """The entries of one table: the values of its entry columns, | lists split, a quoted
    value unquoted, each value once."""
    if not rows:
        return []
    columns = COLUMNS.get(name, (next(iter(rows[0])),))
    seen: dict[str, Entry] = {}
    for row in rows:
        if (name, row.get("kind", "")) in CHARACTER_ROWS:
            continue
        for column in columns:
            for value in row.get(column, "").split("|"):
                value = value.strip()
                if len(value) >= 2 and value[0] == value[-1] == '"':
                    value = value[1:-1]
                if value.strip() and value not in seen:
                    seen[value] = Entry(name, value, row.get("source", ""))
    return list(seen.values())


def audit(tables: dict[str, str], texts: dict[str, list[str]]) -> list[Entry]:
    """Every entry of ``tables`` (file name -> TSV text) with the number of texts of each
    source (source name -> list of texts) that contain it."""
    entries = []
    for name in sorted(tables):
        if name in SKIP:
            continue
        for entry in table_entries(name, read_rows(tables[name])):
            entry.found = {src: sum(entry.value in t for t in docs) for src, docs in texts.items()}
            entries.append(entry)
    return entries


def _gold_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [s for v in value for s in _gold_strings(v)]
    return []


def _articles(folder: Path, gold: Path) -> list[str]:
    """Each article's text, with the strings of its gold file (the same article) appended."""
    docs = []
    for path in sorted(folder.glob("*.txt")):
        g = gold / (path.stem + ".gold.json")
        extra = "\n".join(_gold_strings(json.loads(g.read_text(encoding="utf-8")))) if g.exists() else ""
        docs.append(path.read_text(encoding="utf-8") + "\n" + extra)
    return docs


def _pd_sentences(path: Path) -> list[str]:
    sentences, chars = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            chars.append(line.split()[0])
        elif chars:
            sentences.append("".join(chars))
            chars = []
    if chars:
        sentences.append("".join(chars))
    return sentences


def load_texts(shared: Path) -> dict[str, list[str]]:
    sys.path.insert(0, str(ROOT / "src"))
    from sygraph.ingest import to_simplified  # corpus pages in Traditional characters count too

    return {
        "seed": _articles(shared / "seeds", shared / "gold"),
        "dev": _articles(shared / "dev" / "articles", shared / "dev" / "gold"),
        "corpus": [to_simplified(p.read_text(encoding="utf-8")) for p in sorted((shared / "corpus").glob("c*.txt"))],
        "pd": _pd_sentences(shared / "pd-ner" / "dev.bio"),
    }


def _line(e: Entry) -> str:
    counts = " ".join(f"{s}={e.found.get(s, 0)}" for s in SOURCES)
    return f"  {e.table:24} {e.value:16}\t{counts}" + (f"\t[{e.source}]" if e.source else "")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--all", action="store_true", help="list suspects that have a source too")
    args = ap.parse_args(argv)
    tables = {p.name: p.read_text(encoding="utf-8") for p in sorted(DATA.glob("*.tsv"))}
    entries = audit(tables, load_texts(args.shared))

    suspects = [e for e in entries if e.suspect and (args.all or not e.source)]
    print(f"suspects (in one seed or development article, at most one corpus page, no People's Daily "
          f"sentence): {len(suspects)}")
    print("\n".join(_line(e) for e in suspects))
    specific = [e for e in entries if e.seed_specific and not e.suspect and (args.all or not e.source)]
    print(f"\nalso seed-specific (in seed or development articles, in no corpus page or People's Daily sentence): "
          f"{len(specific)}")
    print("\n".join(_line(e) for e in specific))

    # single: in one seed or development article and no People's Daily sentence, whatever the
    # corpus holds (the count); suspect: and in at most one corpus page
    print(f"\n{'table':24} {'entries':>7} {'visible':>7} {'single':>7} {'suspect':>7} {'sourced':>7} {'specific':>8}")
    for name in [*sorted({e.table for e in entries}), "all"]:
        rows = [e for e in entries if name in ("all", e.table)]
        single = sum(e.visible == 1 and not e.found.get("pd") for e in rows)
        print(f"{name:24} {len(rows):7} {sum(e.visible > 0 for e in rows):7} {single:7} {sum(e.suspect for e in rows):7} "
              f"{sum(e.suspect and bool(e.source) for e in rows):7} {sum(e.seed_specific for e in rows):8}")
    visible = sum(e.visible > 0 for e in entries)
    print(f"{visible / max(len(entries), 1):.0%} of the entries are in seed or development articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
