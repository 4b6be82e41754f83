#!/usr/bin/env python3
"""The HTML view of a large graph: its size and the time headless Chromium takes to open it.

Builds a synthetic KnowledgeGraph in the shape sygraph's builds have (entities of the five
types with Chinese names and aliases, articles, typed relation statements with evidence,
mentions, weighted co-occurrence), without running the pipeline, writes the view and opens it
in headless Chromium (off the network), reporting the file's size and the opening time: the
wall time from launching headless Chromium to the page's console line saying that the overview
is laid out and drawn (``ready_s``, Chromium's own start included: a blank page's whole run is
reported too), and, as upper bounds, whole runs that screenshot the ready page and that dump
its DOM (the embedded data serialised to stdout again); then a search that draws the
neighbourhood of an entity from outside the overview. (The page's own clock, ``data-open-ms``,
is virtual time under ``--virtual-time-budget`` and reads low.)

    python benchmarks/view_bench.py --scale 0.1 [--scale 1.0] [--json report.json] [--keep DIR]

Scale 1.0 is the size estimated for 100,000 articles: 400,000 entities, 1.5 M typed relation
statements (a third of them restating a relation already stated, so 1.0 M distinct triples),
3 M co-occurrence pairs, 100,000 articles.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sygraph import KnowledgeGraph  # noqa: E402

FULL = {"entities": 400_000, "statements": 1_500_000, "co_pairs": 3_000_000, "articles": 100_000}
RELATIONS = ("located_in", "affiliated_with", "assists", "organizes", "partners_with", "awarded", "resident_of",
             "pursues", "part_of")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "明华军红英平建国伟丽芳强军志勇敏静秀兰霞海波辉刚玉萍峰文涛斌春燕超娟杰鹏俊荣东林宇雪"
PLACE = "泸州庆阳西峰古蔺纳溪太平九龙温泉江阳龙马潭合江叙永宁县城关新华和平胜利光明长安永安东风红星"
PLACE_END = ("市", "县", "区", "镇", "乡", "村", "街道", "社区")
UNIT_END = ("人武部", "军分区", "退役军人事务局", "中医医院", "人民政府", "武装部", "消防救援支队", "双拥办",
            "退役军人服务站", "中学", "民兵连", "边防派出所")
PROGRAM = ("送温暖", "双拥共建", "拥军优属", "退役军人就业", "军民融合", "爱心助学", "关爱功臣", "老兵之家")


def name(rng: random.Random, kind: str) -> str:
    def place() -> str:
        return "".join(rng.choice(PLACE) for _ in range(rng.choice((2, 2, 3)))) + rng.choice(PLACE_END)

    if kind == "person":
        return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    if kind == "place":
        return place()
    if kind == "unit":
        return place() + rng.choice(UNIT_END)
    return "“" + rng.choice(PROGRAM) + "”" + rng.choice(("活动", "工程", "行动", "项目"))


def synthetic_graph(scale: float = 0.1, seed: int = 7) -> KnowledgeGraph:
    """A graph of ``scale`` times the 100,000-article estimate; the same one for a seed."""
    rng = random.Random(seed)
    n = max(10, int(FULL["entities"] * scale))
    n_art = max(2, int(FULL["articles"] * scale))
    kinds = rng.choices(("person", "unit", "place", "program"), weights=(40, 35, 15, 10), k=n)
    g = nx.MultiDiGraph()
    ids = [f"{kinds[i]}-{rng.getrandbits(64):016x}" for i in range(n)]
    arts = [f"article-{rng.getrandbits(64):016x}" for _ in range(n_art)]
    for i, a in enumerate(arts):
        g.add_node(a, type="article", label=f"第{i}篇报道", iri=f"urn:x:{a}", aliases=[], source=f"{i}.html",
                   title=f"{name(rng, 'unit')}开展{name(rng, 'program')}",
                   published=f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}")
    for i in range(n):
        label = name(rng, kinds[i])
        extra = {}
        if kinds[i] == "place":
            extra = {"adcode": f"{510000000000 + i}", "level": rng.choice(("county", "town", "village"))}
        aliases = [label[:-1] + "的" + label[-1]] if rng.random() < 0.3 else []
        g.add_node(ids[i], type=kinds[i], label=label, iri=f"urn:x:{ids[i]}", aliases=aliases, **extra)

    def pick() -> int:  # a few hubs, a long tail: degrees as a corpus has them
        return int(n * rng.random() ** 3)

    edges = []
    for i in range(n):  # every entity is mentioned
        for a in {arts[rng.randrange(n_art)] for _ in range(1 + (i < n // 100) * 20)}:
            edges.append((ids[i], a, f"mentioned_in|{a}", {"relation": "mentioned_in", "article": a, "count": 1}))
    statements = int(FULL["statements"] * scale)
    said: list[tuple[int, int]] = []
    for s in range(statements):
        if said and rng.random() < 1 / 3:  # a relation stated again, in another article
            h, t = said[rng.randrange(len(said))]
        else:
            h = rng.randrange(n) if s % 2 else pick()
            t = pick()
            if h == t:
                t = (t + 1) % n
            said.append((h, t))
        rel = RELATIONS[(h + t) % len(RELATIONS)]
        art = arts[rng.randrange(n_art)]
        ev = f"{g.nodes[ids[h]]['label']}与{g.nodes[ids[t]]['label']}共同开展{rel}相关工作，第{s}句证据在此。"
        edges.append((ids[h], ids[t], f"{rel}|{art}|{s}", {"relation": rel, "article": art, "evidence": ev,
                                                           "start": s, "end": s + len(ev), "confidence": 0.9,
                                                           "inferred": False}))
    seen = set()
    for _ in range(int(FULL["co_pairs"] * scale)):
        a, b = rng.randrange(n), pick()
        if a == b or (min(a, b), max(a, b)) in seen:
            continue
        seen.add((min(a, b), max(a, b)))
        weight = 1 + int(4 * rng.random() ** 4)
        edges.append((ids[a], ids[b], "co_occurs_with", {"relation": "co_occurs_with", "weight": weight}))
    g.add_edges_from(edges)
    return KnowledgeGraph(g)


def outside_overview(kg: KnowledgeGraph) -> tuple[str, str]:
    """(label, id) of an entity well outside the overview, with a unique label and relations."""
    from sygraph.formats.html import CAP, overview_rank

    order = overview_rank(kg)
    count: dict[str, int] = {}
    for n, d in kg.graph.nodes(data=True):
        for s in [d.get("label"), *(d.get("aliases") or [])]:
            count[s] = count.get(s, 0) + 1
    for n in order[CAP + (len(order) - CAP) // 3:]:
        label = kg.graph.nodes[n]["label"]
        if count[label] == 1 and any(d["relation"] not in ("mentioned_in", "co_occurs_with")
                                     for *_, d in kg.graph.out_edges(n, data=True)):
            return label, n
    raise LookupError("no entity outside the overview")


BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--virtual-time-budget=60000"]


def time_to_ready(url: str, profile: Path, shot: Path) -> tuple[float, float]:
    """Wall seconds from launching Chromium to the page's console line saying it is ready
    (the overview laid out and drawn), and to the end of the run (a screenshot taken)."""
    began = time.perf_counter()
    ready = float("nan")
    run = subprocess.Popen([BROWSER, *FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
                            f"--screenshot={shot}", "--window-size=1400,900", url],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, errors="replace")
    for line in run.stderr:
        if "sygraph view ready" in line and ready != ready:
            ready = time.perf_counter() - began
    run.wait(timeout=300)
    return ready, time.perf_counter() - began


def open_page(url: str, profile: Path, shot: Path | None = None) -> tuple[float, dict]:
    """Seconds of wall time until Chromium dumps the page (the whole DOM, the embedded data
    included, serialised to stdout) or, with ``shot``, until it has taken a screenshot of it,
    and the status element's data."""
    how = [f"--screenshot={shot}", "--window-size=1400,900"] if shot else ["--dump-dom"]
    began = time.perf_counter()
    done = subprocess.run([BROWSER, *FLAGS, f"--user-data-dir={profile}", *how, url],
                          capture_output=True, text=True, timeout=300)
    took = time.perf_counter() - began
    tag = re.search(r'<div id="status"([^>]*)>', done.stdout)
    return took, dict(re.findall(r'data-([a-z-]+)="([^"]*)"', tag.group(1) if tag else ""))


def measure(scale: float, keep: Path | None = None) -> dict:
    began = time.perf_counter()
    kg = synthetic_graph(scale)
    made = time.perf_counter() - began
    with tempfile.TemporaryDirectory() as tmp:
        began = time.perf_counter()
        page = kg.view(Path(tmp) / "view.html")
        written = time.perf_counter() - began
        size = page.stat().st_size
        label, node = outside_overview(kg)
        blank, _ = open_page("about:blank", Path(tmp) / "p0")
        opened, state = open_page(page.as_uri(), Path(tmp) / "p1")
        ready, shown = time_to_ready(page.as_uri(), Path(tmp) / "p3", Path(tmp) / "shot.png")
        searched, found = open_page(page.as_uri() + "#search=" + urllib.parse.quote(label), Path(tmp) / "p2")
        if keep:
            keep.mkdir(parents=True, exist_ok=True)
            shutil.copy(page, keep / f"view-{scale}.html")
            shutil.copy(Path(tmp) / "shot.png", keep / f"view-{scale}.png")
    s = kg.summary()
    return {"scale": scale, "entities": sum(s[t] for t in ("place", "unit", "person", "program")),
            "articles": s["articles"], "statements": s["statements"],
            "co_pairs": sum(1 for *_, d in kg.graph.edges(data=True) if d["relation"] == "co_occurs_with"),
            "bytes": size, "graph_s": round(made, 1), "write_s": round(written, 1),
            "chromium_blank_s": round(blank, 2), "ready_s": round(ready, 2),
            "open_screenshot_s": round(shown, 2), "open_dump_s": round(opened, 2),
            "ready": state.get("state"), "overview_nodes": state.get("nodes"),
            "data_read_ms_in_page": state.get("unpacked-ms"), "open_ms_in_page": state.get("open-ms"),
            "search_open_s": round(searched, 2), "found": found.get("selected-name") == label,
            "found_nodes": found.get("nodes")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, action="append", help="fraction of the 100,000-article size (repeatable)")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--keep", type=Path, help="a folder to keep each page and its screenshot in")
    args = ap.parse_args()
    if BROWSER is None:
        sys.exit("no chromium installed")
    rows = [measure(s, args.keep) for s in args.scale or [0.1]]
    for r in rows:
        print(json.dumps(r, ensure_ascii=False))
    if len(rows) >= 2:
        a, b = rows[0], rows[-1]
        per = (b["bytes"] - a["bytes"]) / (b["entities"] - a["entities"])
        print(f"bytes per entity between the scales: {per:.1f}; extrapolated to 400,000 entities: "
              f"{(b['bytes'] + per * (400_000 - b['entities'])) / 1e6:.1f} MB")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
