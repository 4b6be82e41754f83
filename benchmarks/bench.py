#!/usr/bin/env python3
"""sygraph's speed and memory, measured against bare jieba passes in the same run.

Builds a corpus of real text (the seed articles, plus the People's Daily sentences of
../shared/pd-ner/dev.bio grouped into articles), multiplied to the size asked, and reports:
throughput (articles/s, characters/s) of a whole build on one core; a bare jieba.posseg and a
bare jieba.cut pass over the same text and the ratios; the speed-up from 1 to N jobs; peak
memory; an incremental rebuild after changing 1 % of the articles; and where the time goes,
by stage. Each build runs in a fresh process, so its time includes loading the tokenizer.

    python benchmarks/bench.py --articles 2000 --jobs 2 [--json report.json]
"""
from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def make_corpus(folder: Path, n: int) -> int:
    """Write ``n`` articles into ``folder``; return the number of characters."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    bio = SHARED / "pd-ner" / "dev.bio"
    if bio.is_file():
        blocks = bio.read_text(encoding="utf-8").split("\n\n")
        sentences = ["".join(line.split()[0] for line in b.splitlines() if line.strip()) for b in blocks if b.strip()]
        texts += ["\n".join(sentences[i:i + 20]) for i in range(0, len(sentences), 20)]
    folder.mkdir(parents=True, exist_ok=True)
    chars = 0
    for i in range(n):
        text = texts[i % len(texts)]
        if i >= len(texts):  # copies differ, so that no two articles are one
            text = f"第{i}篇\n{text}"
        (folder / f"a{i:06d}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
    return chars


def child_build(corpus: str, out: str, jobs: int, cache: str | None) -> dict:
    """One build in this process; returns its time and the peak memory of it and its workers."""
    import sygraph

    start = time.perf_counter()
    kg = sygraph.build(corpus, jobs=jobs, cache=cache)
    kg.write(out)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": seconds, "peak_mb": peak / 1024, "articles": kg.summary()["articles"]}


def run_child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bare_passes(corpus: Path) -> dict:
    import jieba
    import jieba.posseg

    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt")))
    jieba.initialize()
    start = time.perf_counter()
    for _ in jieba.cut(text):
        pass
    cut = time.perf_counter() - start
    start = time.perf_counter()
    for _ in jieba.posseg.cut(text):
        pass
    posseg = time.perf_counter() - start
    return {"chars": len(text), "jieba_cut_s": cut, "jieba_posseg_s": posseg}


def profile_stages(corpus: Path, sample: int = 200) -> dict[str, float]:
    """Share of the extraction time spent in each stage, on a sample of articles."""
    import sygraph
    from sygraph.ingest import read_articles

    articles = list(read_articles([corpus]))[:sample]
    sygraph.segment.tokenize("预热")
    profiler = cProfile.Profile()
    profiler.enable()
    kg = sygraph.pipeline.build_articles(articles)
    kg.write(tempfile.mkdtemp())
    profiler.disable()
    stats = pstats.Stats(profiler)
    wanted = {"tokenize (jieba)": ("segment.py", "tokenize"), "recognize": ("recognize.py", "recognize"),
              "resolve": ("resolve.py", "resolve"), "relate": ("relate.py", "relate"),
              "graph merge": ("graph.py", "add_article"), "export": ("formats/__init__.py", "write_formats")}
    total = sum(v[3] for k, v in stats.stats.items() if k[2] == "build_articles") + \
        sum(v[3] for k, v in stats.stats.items() if k[2] == "write_formats")
    out = {}
    for label, (file, func) in wanted.items():
        t = sum(v[3] for k, v in stats.stats.items() if k[0].endswith(file) and k[2] == func)
        out[label] = round(t / total, 3) if total else 0.0
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", metavar="FILE")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        corpus, out, jobs, cache = args.child
        print(json.dumps(child_build(corpus, out, int(jobs), None if cache == "-" else cache)))
        return
    work = Path(tempfile.mkdtemp(prefix="sygraph-bench-"))
    try:
        corpus = work / "corpus"
        chars = make_corpus(corpus, args.articles)
        bare = bare_passes(corpus)
        one = run_child(str(corpus), str(work / "o1"), "1", "-")
        many = run_child(str(corpus), str(work / "oN"), str(args.jobs), "-")
        cache = work / "cache"
        full = run_child(str(corpus), str(work / "oc"), "1", str(cache))
        changed = random.Random(0).sample(sorted(corpus.glob("*.txt")), max(1, args.articles // 100))
        for p in changed:
            p.write_text(p.read_text(encoding="utf-8") + "\n补记一句。", encoding="utf-8")
        incremental = run_child(str(corpus), str(work / "oc"), "1", str(cache))
        stages = profile_stages(corpus)
        report = {
            "articles": args.articles, "characters": chars,
            "build_1_job": {"seconds": round(one["seconds"], 2), "articles_per_s": round(args.articles / one["seconds"], 1),
                            "chars_per_s": round(chars / one["seconds"]), "peak_mb": round(one["peak_mb"])},
            f"build_{args.jobs}_jobs": {"seconds": round(many["seconds"], 2), "peak_mb": round(many["peak_mb"]),
                                        "speedup": round(one["seconds"] / many["seconds"], 2)},
            "jieba_cut": {"chars_per_s": round(bare["chars"] / bare["jieba_cut_s"])},
            "jieba_posseg": {"chars_per_s": round(bare["chars"] / bare["jieba_posseg_s"])},
            "ratio_to_posseg": round((chars / one["seconds"]) / (bare["chars"] / bare["jieba_posseg_s"]), 2),
            "ratio_to_cut": round((chars / one["seconds"]) / (bare["chars"] / bare["jieba_cut_s"]), 2),
            "incremental_1pct": {"seconds": round(incremental["seconds"], 2),
                                 "share_of_full": round(incremental["seconds"] / full["seconds"], 3)},
            "time_by_stage": stages,
        }
        text = json.dumps(report, ensure_ascii=False, indent=1)
        print(text)
        if args.json:
            Path(args.json).write_text(text + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
