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
