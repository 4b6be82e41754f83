"""The format registry: formats by name, written by their writers, read back by suffix into
one type, imported only when used."""
import subprocess
import sys

import pytest

import sygraph
from sygraph.errors import ExportError
from sygraph.formats import FORMATS, Format, read, register, write_formats
from sygraph.graph import GraphData

TEXT = {"a.txt": "青禾县人武部帮助白沙村修路。"}


def test_the_built_in_formats_and_their_files():
    assert {name: f.files for name, f in FORMATS.items()} == {
        "graphml": ("sygraph.graphml",), "ttl": ("sygraph.ttl",), "nt": ("sygraph.nt",),
        "jsonld": ("sygraph.jsonld",), "csv": ("nodes.csv", "edges.csv", "statements.csv"),
        "html": ("sygraph.html",),
        "parquet": ("entities.parquet", "relationships.parquet", "documents.parquet", "communities.parquet",
                    "statements.parquet")}


@pytest.mark.parametrize("name", ["graphml", "ttl", "nt", "jsonld"])
def test_every_readable_format_reads_back_into_the_container(tmp_path, name):
    kg = sygraph.build_texts(TEXT)
    [path] = write_formats(kg, tmp_path, [name])
    back = read(path)
    assert type(back) is GraphData
    assert back.summary() == kg.summary()
    assert type(sygraph.load(path)) is sygraph.KnowledgeGraph


def test_a_file_no_reader_takes_is_one_error_naming_the_suffixes(tmp_path):
    path = tmp_path / "nodes.csv"
    path.write_text("x\n", encoding="utf-8")
    with pytest.raises(ExportError) as err:
        read(path)
    assert str(err.value) == f"{path}: expected a .graphml, .ttl, .nt or .jsonld file"


def test_files_come_in_the_registry_order_whatever_the_order_asked(tmp_path):
    kg = sygraph.build_texts(TEXT)
    written = write_formats(kg, tmp_path, ["html", "nt", "graphml", "nt"])
    assert [p.name for p in written] == ["sygraph.graphml", "sygraph.nt", "sygraph.html"]


def test_a_registered_format_is_written_by_name(tmp_path, monkeypatch):
    monkeypatch.setitem(FORMATS, "labels", Format("labels", "one label a line", ("labels.txt",),
                                                  "tests.test_formats:write_labels"))
    monkeypatch.syspath_prepend(str(__import__("pathlib").Path(__file__).parents[1]))
    written = write_formats(sygraph.build_texts(TEXT), tmp_path, ["labels"])
    assert [p.name for p in written] == ["labels.txt"]
    assert written[0].read_text(encoding="utf-8") == "白沙村\n青禾县\n青禾县人武部\n"


def write_labels(kg):
    return {"labels.txt": "".join(f"{e.name}\n" for e in sorted(kg.entities(), key=lambda e: e.name)).encode()}


def test_register_replaces_a_format_of_the_same_name(monkeypatch):
    monkeypatch.setitem(FORMATS, "csv", FORMATS["csv"])
    register(Format("csv", "other", ("other.csv",), "tests.test_formats:write_labels"))
    assert FORMATS["csv"].files == ("other.csv",)


def test_pyarrow_is_imported_only_for_parquet():
    code = ("import sys, sygraph; kg = sygraph.build_texts({'a.txt': '青禾县人武部帮助白沙村修路。'});"
            "import tempfile; d = tempfile.mkdtemp(); kg.write(d, ['graphml', 'ttl', 'csv']);"
            "print('pyarrow' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "False\n"


def test_writing_the_rdf_formats_leaves_no_rdf_view_on_the_graph(tmp_path):
    kg = sygraph.build_texts(TEXT)
    write_formats(kg, tmp_path, ["ttl", "nt", "jsonld"])
    assert not hasattr(kg, "_rdf_cache")
    kg.rdf()
    write_formats(kg, tmp_path, ["ttl"])
    assert hasattr(kg, "_rdf_cache")  # one the caller made stays


# -- streaming writers -----------------------------------------------------------------------

# two articles of my own, with characters XML and N-Triples escape, and build metadata
STREAM_TEXT = {"a.txt": "青禾县人武部帮助白沙村修路。青禾县人武部与青禾县人民医院签约。",
               "b & <c>.txt": '标题 "甲"\n青禾县人武部慰问白沙村老兵。'}


def _stream_graph() -> GraphData:
    kg = sygraph.build_texts(STREAM_TEXT)
    kg.graph.graph["registry_sha256"] = "ab<&>cd"  # graph data: networkx writes it after the edges
    return kg


def _networkx_graphml(kg) -> bytes:
    """The GraphML as the writer made it before it streamed: a flattened networkx copy."""
    import io
    import json

    import networkx as nx

    from sygraph.formats.graphml import _clean, _flat
    from sygraph.graph import UNTYPED

    flat = nx.MultiDiGraph()
    flat.graph.update(_flat(kg.graph.graph))
    for n in sorted(kg.graph.nodes):
        flat.add_node(n, **_flat(kg.graph.nodes[n]))
    for u, v, k, d in kg.edges():
        if d.get("relation") in UNTYPED:
            flat.add_edge(u, v, key=k, **_flat(d))
    for u, rel, v, agg in kg.triples():
        statements = [{k: _clean(x) for k, x in sorted(st.items())} for st in agg.pop("statements")]
        flat.add_edge(u, v, key=rel, relation=rel, **_flat(agg),
                      statements=json.dumps(statements, ensure_ascii=False, sort_keys=True))
    buf = io.BytesIO()
    nx.write_graphml_xml(flat, buf, encoding="utf-8", prettyprint=True, named_key_ids=False)
    return buf.getvalue()


@pytest.mark.parametrize("name", ["graphml", "ttl", "nt"])
def test_a_streaming_writer_writes_the_bytes_of_format_write(tmp_path, name):
    kg = _stream_graph()
    fmt = FORMATS[name]
    assert fmt.stream
    [path] = write_formats(kg, tmp_path, [name])
    expected = fmt.write(kg)
    assert list(expected) == [path.name]
    assert path.read_bytes() == expected[path.name]
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temporary file left
    assert path.stat().st_mode & 0o777 == 0o666 & ~_current_umask()  # not mkstemp's 0600


def test_the_streamed_graphml_is_the_bytes_networkx_wrote(tmp_path):
    kg = _stream_graph()
    [path] = write_formats(kg, tmp_path, ["graphml"])
    assert path.read_bytes() == _networkx_graphml(kg)
    assert b'<data key="d0">ab&lt;&amp;&gt;cd</data>\n  </graph>\n</graphml>\n' in path.read_bytes()


def test_the_streamed_rdf_is_the_bytes_of_the_rdflib_triples(tmp_path):
    from sygraph.formats.rdf import ntriples, rdf_triples, rdf_view, turtle

    kg = _stream_graph()
    written = write_formats(kg, tmp_path, ["ttl", "nt"])
    assert [p.read_bytes() for p in written] == [turtle(rdf_triples(kg)), ntriples(rdf_triples(kg))]
    lines = written[1].read_bytes().split(b"\n")
    assert lines[-1] == b"" and lines[:-1] == sorted(set(lines[:-1]))
    assert turtle(rdf_view(kg)) == written[0].read_bytes()  # a kept RDF view gives the same


def stream_fails_midway(kg, files):
    files["half.txt"].write(b"first half\n")
    raise ValueError("the writer failed")


def test_a_streaming_writer_that_fails_midway_leaves_the_previous_files(tmp_path, monkeypatch):
    monkeypatch.setitem(FORMATS, "half", Format("half", "fails midway", ("half.txt",), "", stream=stream_fails_midway))
    write_formats(sygraph.build_texts(TEXT), tmp_path, ["graphml", "nt"])
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    (tmp_path / "half.txt").write_bytes(b"previous\n")
    with pytest.raises(ValueError, match="the writer failed"):
        write_formats(_stream_graph(), tmp_path, ["graphml", "nt", "half"])
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {**before, "half.txt": b"previous\n"}


def test_a_format_without_a_streaming_writer_is_written_from_its_bytes(tmp_path, monkeypatch):
    monkeypatch.setitem(FORMATS, "labels", Format("labels", "one label a line", ("labels.txt",), write_labels))
    assert FORMATS["labels"].stream == ""
    [path] = write_formats(sygraph.build_texts(TEXT), tmp_path, ["labels"])
    assert path.read_bytes() == "白沙村\n青禾县\n青禾县人武部\n".encode()
    assert oct(path.stat().st_mode & 0o777) == oct(0o666 & ~_current_umask())


def _current_umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_rdf_lines_sorted_in_runs_on_disk_give_the_same_bytes(tmp_path, monkeypatch):
    from sygraph.formats import rdf

    kg = _stream_graph()
    in_memory = [p.read_bytes() for p in write_formats(kg, tmp_path / "memory", ["ttl", "nt"])]
    monkeypatch.setattr(rdf, "LINE_BUDGET", 200)  # a run every line or two
    sink = rdf._Lines()
    rdf._fill(kg, sink)
    assert len(sink.runs) > 10
    assert list(sink.sorted()) == sorted(set(in_memory[1].split(b" .\n")) - {b""})
    on_disk = [p.read_bytes() for p in write_formats(kg, tmp_path / "runs", ["ttl", "nt"])]
    assert on_disk == in_memory


def test_a_graph_read_back_streams_the_bytes_networkx_wrote(tmp_path):
    [path] = write_formats(_stream_graph(), tmp_path / "first", ["graphml"])
    back = read(path)
    assert sorted(back.graph.graph) == ["edge_default", "node_default", "registry_sha256"]
    [again] = write_formats(back, tmp_path / "again", ["graphml"])
    assert again.read_bytes() == _networkx_graphml(back) == path.read_bytes()


def test_an_empty_graph_streams_the_bytes_networkx_wrote(tmp_path):
    kg = GraphData()
    kg.graph.graph["id"] = "g&1"
    [path] = write_formats(kg, tmp_path, ["graphml"])
    assert path.read_bytes() == _networkx_graphml(kg)
    assert path.read_bytes().endswith(b'<graph edgedefault="directed" id="g&amp;1" />\n</graphml>\n')
