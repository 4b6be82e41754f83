#!/usr/bin/env python3
"""A benchmark corpus that grows as a real one does: distinct articles, names that vary.

Each article takes about two thirds of the paragraphs of each of three annotated corpus pages
of one script (the annotated body lines of ``../shared/corpus``, so no page chrome; Traditional
pages are mixed only with Traditional ones, so the corpus has the pool's share of them). Then it renames what the
annotations name: every place becomes another division of the same level, which also renames
the units that carry it (青禾县人武部 → another county's 人武部). Every person gets a new name
from the surname table. An article's renaming is consistent within the article and drawn
afresh for each article. So the entity counts, the graph and the output sizes grow with the
number of articles as a corpus's do, and the copies of one paragraph are no longer
syndicated copies. The same ``seed`` always gives the same corpus.

    python benchmarks/synth.py OUT_DIR --articles 10000 [--seed 0]
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))

from sygraph.annotations import body_line_set, read_annotations  # noqa: E402
from sygraph.divisions import divisions  # noqa: E402
from sygraph.ingest import decode, page_lines, to_simplified  # noqa: E402
from sygraph.lexicon import load_table  # noqa: E402

PAGES_PER_ARTICLE = 3
KEEP_SHARE = 0.67
_GIVEN = "明华建国军伟芳丽强磊洋勇艳杰娟涛超秀英平刚桂兰志辉鹏飞红霞文博宇浩然子轩欣怡佳琪晨阳海燕立新德胜"


def _types(entity: dict) -> list[str]:
    """An annotated entity's types (one, or the several an ambiguous name may take)."""
    return entity.get("types") or [entity["type"]]


class Pool:
    """The annotated pages' paragraphs with the names they hold, and what a name may become."""

    def __init__(self, shared: Path = SHARED):
        self.pages: list[tuple[list[str], list[str], list[str]]] = []  # paragraphs, places, people
        self.traditional: list[bool] = []
        for record in read_annotations(ROOT / "corpus" / "annotations.jsonl"):
            if record.get("set") != "corpus":
                continue
            path = shared / record["file"]
            lines = page_lines(decode(path.read_bytes(), path.name))
            keep = body_line_set(record)
            paragraphs = [line for n, line in enumerate(lines, 1) if n in keep and len(line) >= 8]
            places = sorted({e["name"] for e in record["entities"] if _types(e) == ["place"]}, key=len, reverse=True)
            people = sorted({e["name"] for e in record["entities"] if _types(e) == ["person"]}, key=len, reverse=True)
            if paragraphs:
                self.pages.append((paragraphs, places, people))
                body = "".join(paragraphs)
                self.traditional.append(sum(a != b for a, b in zip(body, to_simplified(body))) > 0.02 * len(body))
        table = divisions()
        self.by_level: dict[str, list[str]] = {}
        for d in table:
            if d.level.value in ("city", "county", "township"):
                self.by_level.setdefault(d.level.value, []).append(d.name)
        for names in self.by_level.values():
            names.sort()
        self.endings = {"市": "city", "州": "city", "盟": "city", "县": "county", "区": "county", "旗": "county",
                        "镇": "township", "乡": "township", "街道": "township"}
        self.surnames = sorted(r["surname"] for r in load_table("surnames.tsv") if len(r["surname"]) == 1)

    def place_like(self, name: str, rng: random.Random) -> str | None:
        """Another division of the level the name's ending says, or None (a village, a site)."""
        for ending, level in self.endings.items():
            if name.endswith(ending):
                return rng.choice(self.by_level[level])
        return None

    def person(self, rng: random.Random) -> str:
        return rng.choice(self.surnames) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))


def article(pool: Pool, k: int, seed: int) -> str:
    """The ``k``-th article of the corpus drawn with ``seed``: a title line, then paragraphs."""
    rng = random.Random(f"{seed}:{k}")
    paragraphs: list[str] = []
    renames: dict[str, str] = {}
    first = rng.randrange(len(pool.pages))
    same_script = [k for k, trad in enumerate(pool.traditional) if trad == pool.traditional[first] and k != first]
    chosen = [first, *rng.sample(same_script, PAGES_PER_ARTICLE - 1)]
    for paras, places, people in (pool.pages[k] for k in chosen):
        kept = [p for p in paras if rng.random() < KEEP_SHARE] or paras[:1]
        paragraphs += kept
        for name in places:
            if name not in renames and (other := pool.place_like(name, rng)):
                renames[name] = other
        for name in people:
            renames.setdefault(name, pool.person(rng))
    if renames:
        names = sorted(renames, key=len, reverse=True)
        pattern = re.compile("|".join(map(re.escape, names)))
        paragraphs = [pattern.sub(lambda m: renames[m.group()], p) for p in paragraphs]
    title = paragraphs[0][:28].rstrip("，。、；：")
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


def write_corpus(folder: Path, n: int, seed: int = 0, pool: Pool | None = None) -> int:
    """Write ``n`` articles into ``folder`` (``s000000.txt``…); return their characters."""
    pool = pool or Pool()
    folder.mkdir(parents=True, exist_ok=True)
    chars = 0
    for k in range(n):
        text = article(pool, k, seed)
        (folder / f"s{k:06d}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
    return chars


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path)
    p.add_argument("--articles", type=int, default=1000)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    chars = write_corpus(args.out, args.articles, args.seed)
    print(json.dumps({"articles": args.articles, "characters": chars}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
