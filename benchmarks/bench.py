#!/usr/bin/env python3
"""sygraph's speed and memory, measured against bare jieba passes in the same run.

Builds a corpus of distinct articles whose names vary as a real corpus's do (see
``benchmarks/synth.py``: paragraphs of the annotated corpus pages, with places and people
renamed afresh in each article) of the size asked, and reports:
throughput (articles/s, characters/s) of a whole build on one core; a bare jieba.posseg and a
bare jieba.cut pass over the same text and the ratios; the speed-up from 1 to N jobs; peak
memory of all the build's processes together; entity counts and output sizes; an incremental rebuild after changing 1 % of the articles; and where the time goes,
by stage. Each build runs in a fresh process, so its time includes loading the tokenizer.

    python benchmarks/bench.py --articles 2000 --jobs 2 [--json report.json]
"""
from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import synth  # noqa: E402


def tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants, in MB (what peak_rss.py samples)."""
    kids: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/stat") as f:
                    kids.setdefault(int(f.read().rsplit(")", 1)[1].split()[1]), []).append(int(pid))
                with open(f"/proc/{pid}/statm") as f:
                    rss[int(pid)] = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            except (OSError, IndexError, ValueError):
                pass
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += kids.get(pid, [])
    return total / 1e6


def child_build(corpus: str, out: str, jobs: int, cache: str | None) -> dict:
    """One build in this process, as ``sygraph build`` runs it: its time, counts and output sizes."""
    from sygraph.builder import build_folder

    start = time.perf_counter()
    result = build_folder([corpus], out, jobs=jobs, cache=cache, formats=("graphml", "ttl", "html"))
    seconds = time.perf_counter() - start
    sizes = {p.name: p.stat().st_size for p in result.written}
    return {"seconds": seconds, "counts": result.counts, "output_mb": {k: round(v / 1e6, 1) for k, v in sizes.items()}}


def run_child(*args: str) -> dict:
    """A build in a fresh process, its peak memory (all its processes together) sampled every 0.2 s."""
    proc = subprocess.Popen([sys.executable, __file__, "--child", *args], stdout=subprocess.PIPE, text=True)
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, tree_rss_mb(proc.pid))
        time.sleep(0.2)
    out = proc.stdout.read()
    if proc.returncode:
        raise SystemExit(f"the build failed ({proc.returncode})")
    return {**json.loads(out.strip().splitlines()[-1]), "peak_mb": peak}


def bare_passes(corpus: Path) -> dict:
    """Bare jieba passes over the corpus's text: as written, and converted to Simplified as
    sygraph reads it (jieba's HMM is many times slower on Traditional text, which would
    flatter the ratio)."""
    import jieba
    import jieba.posseg

    from sygraph.ingest import to_simplified

    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt")))
    simplified = to_simplified(text)
    jieba.initialize()
    out = {"chars": len(text)}
    for name, passage in (("", text), ("_simplified", simplified)):
        start = time.perf_counter()
        for _ in jieba.cut(passage):
            pass
        out[f"jieba_cut{name}_s"] = time.perf_counter() - start
        start = time.perf_counter()
        for _ in jieba.posseg.cut(passage):
            pass
        out[f"jieba_posseg{name}_s"] = time.perf_counter() - start
    return out


def profile_stages(corpus: Path, sample: int = 200) -> dict[str, float]:
    """Share of the extraction time spent in each stage, on a sample of articles."""
    import sygraph
    from sygraph.ingest import read_articles

    articles = list(read_articles([corpus]))[:sample]
    sygraph.segment.tokenize("预热")
    profiler = cProfile.Profile()
    profiler.enable()
    kg = sygraph.builder.build_articles(articles)
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
    parser.add_argument("--seed", type=int, default=0, help="which corpus of that size (the same seed, the same corpus)")
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
        chars = synth.write_corpus(corpus, args.articles, args.seed)
        bare = bare_passes(corpus)
        one = run_child(str(corpus), str(work / "o1"), "1", "-")
        many = run_child(str(corpus), str(work / "oN"), str(args.jobs), "-")
        cache = work / "cache"
        full = run_child(str(corpus), str(work / "oc"), "1", str(cache))
        changed = random.Random(0).sample(sorted(corpus.glob("*.txt")), max(1, args.articles // 100))
        for p in changed:
            p.write_text(p.read_text(encoding="utf-8") + "\n补记一句。", encoding="utf-8")
        incremental = run_child(str(corpus), str(work / "oc"), "1", str(cache))
        run_child(str(corpus), str(work / "clean"), "1", "-")
        stages = profile_stages(corpus)
        report = {
            "articles": args.articles, "characters": chars,
            "build_1_job": {"seconds": round(one["seconds"], 2), "articles_per_s": round(args.articles / one["seconds"], 1),
                            "chars_per_s": round(chars / one["seconds"]), "peak_mb": round(one["peak_mb"])},
            "counts": one["counts"], "output_mb": one["output_mb"],
            f"build_{args.jobs}_jobs": {"seconds": round(many["seconds"], 2), "peak_mb": round(many["peak_mb"]),
                                        "speedup": round(one["seconds"] / many["seconds"], 2)},
            "jieba_cut": {"chars_per_s": round(bare["chars"] / bare["jieba_cut_s"]),
                          "simplified_chars_per_s": round(bare["chars"] / bare["jieba_cut_simplified_s"])},
            "jieba_posseg": {"chars_per_s": round(bare["chars"] / bare["jieba_posseg_s"]),
                             "simplified_chars_per_s": round(bare["chars"] / bare["jieba_posseg_simplified_s"])},
            # the ratios against the Simplified passes: the stricter, since sygraph segments Simplified
            "ratio_to_posseg": round(bare["jieba_posseg_simplified_s"] / one["seconds"], 2),
            "ratio_to_cut": round(bare["jieba_cut_simplified_s"] / one["seconds"], 2),
            "ratio_to_posseg_as_written": round(bare["jieba_posseg_s"] / one["seconds"], 2),
            "incremental_1pct": {"seconds": round(incremental["seconds"], 2),
                                 "share_of_full": round(incremental["seconds"] / full["seconds"], 3),
                                 "same_as_clean": (work / "oc" / "sygraph.graphml").read_bytes()
                                 == (work / "clean" / "sygraph.graphml").read_bytes()},
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
