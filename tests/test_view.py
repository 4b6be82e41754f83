"""The interactive view, opened from disk in a real headless browser (Debian's chromium,
kept off the network). Skipped, with the reason, only where no browser is installed."""
import re
import shutil
import subprocess

import networkx as nx
import pytest

import sygraph
from sygraph.graph import KnowledgeGraph

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
needs_browser = pytest.mark.skipif(BROWSER is None, reason="no chromium installed (.ci/run installs Debian's)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--virtual-time-budget=30000"]


def browse(tmp_path, url, *extra):
    profile = tmp_path / f"profile{len(list(tmp_path.glob('profile*')))}"
    done = subprocess.run([BROWSER, *FLAGS, f"--user-data-dir={profile}", *extra, url],
                          capture_output=True, text=True, timeout=180)
    return done.stdout


def status(dom):
    tag = re.search(r'<div id="status"([^>]*)>', dom).group(1)
    return dict(re.findall(r'data-([a-z-]+)="([^"]*)"', tag))


@pytest.fixture(scope="module")
def view(seed_graph, tmp_path_factory):
    return seed_graph.view(tmp_path_factory.mktemp("view") / "sygraph.html")


def test_the_view_carries_its_code_and_data(view):
    page = view.read_text(encoding="utf-8")
    assert "<script src" not in page and "<link" not in page  # no CDN, nothing fetched
    assert "vis.Network" in page and "泸州军分区" in page


def test_the_readme_command_writes_the_view():
    from conftest import ROOT

    assert (ROOT / "output" / "sygraph.html").is_file()


@needs_browser
def test_search_focuses_and_a_click_shows_evidence(view, seed_graph, tmp_path):
    expected = len(seed_graph.entities())
    state = status(browse(tmp_path, f"{view.as_uri()}#search=区人武部", "--dump-dom"))
    assert state["state"] == "ready" and int(state["nodes"]) == expected
    assert state["focused"] == seed_graph.find("西峰区人武部")[0].id  # an alias finds it
    dom = browse(tmp_path, f"{view.as_uri()}#click=泸州军分区", "--dump-dom")
    assert status(dom)["selected"] == seed_graph.find("泸州军分区")[0].id
    assert "帮助古蔺县太平镇九龙村实现脱贫摘帽" in dom  # the evidence of its assists relation
    shot = tmp_path / "view.png"
    browse(tmp_path, f"{view.as_uri()}#click=泸州军分区", "--window-size=1400,900", f"--screenshot={shot}")
    assert shot.is_file() and shot.stat().st_size > 20000


@needs_browser
def test_a_few_thousand_nodes_render(tmp_path):
    g = nx.MultiDiGraph()
    n = 3000
    kinds = ["place", "unit", "person", "program"]
    for i in range(n):
        g.add_node(f"{kinds[i % 4]}-{i:016x}", type=kinds[i % 4], label=f"实体{i}", iri=f"urn:x:{i}", aliases=[])
    for i in range(1, n):
        a, b = f"{kinds[i % 4]}-{i:016x}", f"{kinds[(i // 3) % 4]}-{i // 3:016x}"
        g.add_edge(a, b, key="assists", relation="assists", evidence=f"第{i}句。")
    kg = KnowledgeGraph(g)
    page = kg.view(tmp_path / "big.html")
    state = status(browse(tmp_path, page.as_uri(), "--dump-dom"))
    assert state["state"] == "ready" and int(state["nodes"]) == n
