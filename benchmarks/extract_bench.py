#!/usr/bin/env python3
"""Extraction CPU time (``sygraph.pipeline.extract`` of every article, export left out) against
a bare ``jieba.posseg`` pass over the same text, and against another source tree, in one run.

Each measurement runs in a fresh process, alternating (posseg, base, this tree) for ``--rounds``
rounds on a machine shared with other jobs; the minimum of each is compared. The models, the
tables and the village names are loaded before the clock starts, as a build's parent process
loads them before its workers fork. The posseg pass is ``benchmarks/bench.py``'s over the text
converted to Simplified (as sygraph segments it), timed in CPU seconds.

    python benchmarks/extract_bench.py CORPUS [--base OTHER_TREE] [--rounds 3]

``OTHER_TREE`` is a checkout of another version (``git worktree add ../base HEAD~1``).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

EXTRACT = r'''
import json, sys, time
sys.path.insert(0, sys.argv[1] + "/src")
from pathlib import Path
from sygraph.divisions import divisions
from sygraph.ingest import read_articles
from sygraph.pipeline import extract
articles = list(read_articles([Path(sys.argv[2])]))
extract(articles[0])
divisions().village_codes("九龙村")  # the village names read
start = time.process_time()
for article in articles:
    extract(article)
print(json.dumps({"cpu": time.process_time() - start}))
'''

POSSEG = r'''
import json, sys, time
sys.path.insert(0, sys.argv[1] + "/src")
from pathlib import Path
import jieba, jieba.posseg
from sygraph.ingest import to_simplified
text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[2]).glob("*.txt")))
simplified = to_simplified(text)
jieba.initialize()
start = time.process_time()
for _ in jieba.posseg.cut(simplified):
    pass
print(json.dumps({"cpu": time.process_time() - start, "chars": len(text)}))
'''


def _run(code: str, tree: Path, corpus: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # each tree its own sources
    out = subprocess.run([sys.executable, "-c", code, str(tree), str(corpus)], capture_output=True, text=True,
                         env=env, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--base", type=Path, help="another source tree to compare with")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    times: dict[str, list[float]] = {"posseg": [], "base": [], "this": []}
    for _ in range(args.rounds):
        times["posseg"].append(_run(POSSEG, ROOT, args.corpus)["cpu"])
        if args.base:
            times["base"].append(_run(EXTRACT, args.base, args.corpus)["cpu"])
        times["this"].append(_run(EXTRACT, ROOT, args.corpus)["cpu"])
    best = {k: min(v) for k, v in times.items() if v}
    report = {"seconds": times, "posseg_over_extraction": round(best["posseg"] / best["this"], 3)}
    if args.base:
        report["base_over_this"] = round(best["base"] / best["this"], 3)
        report["posseg_over_base_extraction"] = round(best["posseg"] / best["base"], 3)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
