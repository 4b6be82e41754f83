"""Jupyter: the graph's one-line repr and HTML summary, tables of entities and relations, and
show(): the view inline (an iframe's srcdoc) in a kernel, a file anywhere else. IPython is
never needed: a stand-in module plays the kernel."""
import html.parser
import sys
import types
from pathlib import Path

import networkx as nx
import pytest

import sygraph
from sygraph import notebook
from sygraph.formats.html import generate_html
from sygraph import KnowledgeGraph

TEXTS = {"a.txt": "泸州军分区帮助古蔺县太平镇九龙村脱贫。",
         "b.txt": "西峰区人武部部长李明到温泉镇慰问退役军人，开展“送温暖”活动。"}


@pytest.fixture(scope="module")
def kg():
    return sygraph.build_texts(TEXTS)


def fake_ipython(monkeypatch, shell):
    module = types.ModuleType("IPython")
    module.get_ipython = shell if callable(shell) else (lambda: shell)
    monkeypatch.setitem(sys.modules, "IPython", module)


class Kernel:
    kernel = object()


class Terminal:
    kernel = None


def test_repr_counts_articles_entities_by_type_and_relations(kg):
    assert notebook.graph_repr(kg) == (
        "<KnowledgeGraph: 2 articles, 13 entities (place 9, unit 2, person 1, program 1), 20 relations>")
    assert notebook.graph_repr(KnowledgeGraph()) == (
        "<KnowledgeGraph: 0 articles, 0 entities (place 0, unit 0, person 0, program 0), 0 relations>")
    one = sygraph.build_texts({"c.txt": "庆阳市退役军人事务局走访慰问退役军人。"})
    assert notebook.graph_repr(one) == (
        "<KnowledgeGraph: 1 article, 3 entities (place 2, unit 1, person 0, program 0), 2 relations>")


def test_the_html_summary_is_a_table_of_types_and_top_entities(kg):
    assert notebook.graph_html(kg, top=2) == (
        '<table class="sygraph-summary"><caption>KnowledgeGraph</caption>'
        "<thead><tr><th>type</th><th>count</th><th>most related</th></tr></thead><tbody>"
        "<tr><td>place</td><td>9</td><td>九龙村 (5)、泸州市 (5)</td></tr>"
        "<tr><td>unit</td><td>2</td><td>西峰区人武部 (3)、泸州军分区 (2)</td></tr>"
        "<tr><td>person</td><td>1</td><td>李明 (1)</td></tr>"
        "<tr><td>program</td><td>1</td><td>“送温暖”活动 (1)</td></tr>"
        "<tr><td>article</td><td>2</td><td></td></tr>"
        "<tr><td>relations</td><td>20</td><td>22 statements</td></tr></tbody></table>")


def test_names_in_html_are_escaped():
    g = nx.MultiDiGraph()
    g.add_node("unit-1", type="unit", label="<b>&某部</b>", iri="urn:x:1", aliases=["<i>"])
    g.add_node("place-2", type="place", label="泸州市", iri="urn:x:2", aliases=[])
    g.add_edge("unit-1", "place-2", key="located_in", relation="located_in", evidence="<script>x</script>")
    small = KnowledgeGraph(g)
    assert "<td>&lt;b&gt;&amp;某部&lt;/b&gt; (1)</td>" in notebook.graph_html(small)
    assert notebook.table(small.relations())._repr_html_().endswith(
        "<tbody><tr><td>&lt;b&gt;&amp;某部&lt;/b&gt;</td><td>located_in</td><td>泸州市</td><td>1</td>"
        "<td>&lt;script&gt;x&lt;/script&gt;</td></tr></tbody></table>")
    assert notebook.entity_html(small.find("<i>")[0]) == (
        '<table class="sygraph-entity"><tr><th>type</th><td>unit</td></tr>'
        "<tr><th>name</th><td>&lt;b&gt;&amp;某部&lt;/b&gt;</td></tr><tr><th>id</th><td>unit-1</td></tr>"
        "<tr><th>aliases</th><td>&lt;i&gt;</td></tr></table>")


def test_tables_of_relations_and_entities(kg):
    relations = notebook.table(kg.relations(relation="assists"))
    assert relations._repr_html_() == (
        '<table class="sygraph-table"><thead><tr><th>head</th><th>relation</th><th>tail</th>'
        "<th>statements</th><th>evidence</th></tr></thead><tbody><tr><td>泸州军分区</td><td>assists</td>"
        "<td>九龙村</td><td>1</td><td>泸州军分区帮助古蔺县太平镇九龙村脱贫。</td></tr></tbody></table>")
    assert repr(relations) == repr(kg.relations(relation="assists")) and len(relations) == 1
    places = notebook.table(kg.find("九龙村"))
    assert places._repr_html_() == (
        '<table class="sygraph-table"><thead><tr><th>type</th><th>name</th><th>aliases</th><th>adcode</th>'
        "</tr></thead><tbody><tr><td>place</td><td>九龙村</td><td>古蔺县太平镇九龙村</td><td>510525103208</td>"
        "</tr></tbody></table>")
    assert [e.name for e in places] == ["九龙村"] and places[0].name == "九龙村"
    assert notebook.table([])._repr_html_() == (
        '<table class="sygraph-table"><tbody><tr><td>(none)</td></tr></tbody></table>')


def test_not_a_notebook_without_a_running_kernel(monkeypatch):
    monkeypatch.delitem(sys.modules, "IPython", raising=False)
    assert notebook.in_notebook() is False
    assert "IPython" not in sys.modules  # looking did not import it
    fake_ipython(monkeypatch, None)  # IPython imported, no shell
    assert notebook.in_notebook() is False
    fake_ipython(monkeypatch, Terminal())  # a terminal IPython
    assert notebook.in_notebook() is False

    def broken():
        raise RuntimeError("half-initialised")

    fake_ipython(monkeypatch, broken)
    assert notebook.in_notebook() is False
    fake_ipython(monkeypatch, Kernel())
    assert notebook.in_notebook() is True


def test_show_outside_a_notebook_writes_the_view(kg, tmp_path, monkeypatch):
    monkeypatch.delitem(sys.modules, "IPython", raising=False)
    monkeypatch.chdir(tmp_path)
    assert notebook.show(kg) == Path("sygraph.html")  # where kg.view() writes by default
    assert (tmp_path / "sygraph.html").read_bytes() == generate_html(kg)
    target = notebook.show(kg, tmp_path / "sub" / "v.html", title="标题")
    assert target == tmp_path / "sub" / "v.html" and target.read_bytes() == generate_html(kg, "标题")
    assert target.read_bytes() == kg.view(tmp_path / "same.html", "标题").read_bytes()


class _Iframe(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.frames = []

    def handle_starttag(self, tag, attrs):
        self.frames.append((tag, dict(attrs)))


def test_show_in_a_notebook_embeds_the_view_in_an_iframe(kg, tmp_path, monkeypatch):
    fake_ipython(monkeypatch, Kernel())
    monkeypatch.chdir(tmp_path)
    g = kg.to_networkx()
    g.add_node("unit-ffffffffffffffff", type="unit", label='"引号"</iframe><!--<script>&amp;\u2028',
               iri="urn:x", aliases=[])
    hostile = KnowledgeGraph(g)
    shown = notebook.show(hostile, height=480)
    assert isinstance(shown, notebook.InlineView) and list(tmp_path.iterdir()) == []  # nothing written
    parser = _Iframe()
    parser.feed(shown._repr_html_())
    assert [tag for tag, _ in parser.frames] == ["iframe"]
    attrs = parser.frames[0][1]
    assert attrs["srcdoc"] == generate_html(hostile).decode("utf-8")  # the page, unescaped by the parser
    assert attrs["sandbox"] == "allow-scripts"
    assert attrs["style"] == "width: 100%; height: 480px; border: 1px solid #ddd"
    assert repr(shown) == f"<sygraph view: {len(generate_html(hostile))} bytes of HTML, drawn inline in a notebook>"
    saved = notebook.show(hostile, tmp_path / "v.html")
    assert isinstance(saved, notebook.InlineView)
    assert (tmp_path / "v.html").read_bytes() == generate_html(hostile)


def test_the_graph_methods_are_the_notebook_functions(kg, tmp_path, monkeypatch):
    monkeypatch.delitem(sys.modules, "IPython", raising=False)
    assert repr(kg) == notebook.graph_repr(kg) and kg._repr_html_() == notebook.graph_html(kg)
    assert kg.show(tmp_path / "v.html").read_bytes() == generate_html(kg)
