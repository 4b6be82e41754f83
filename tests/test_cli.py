import json
from pathlib import Path

import pytest

from sygraph.cli import main


@pytest.mark.parametrize("argv", [["--help"], ["build", "--help"], ["eval", "--help"], ["query", "--help"],
                                  ["sparql", "--help"], ["stats", "--help"], ["view", "--help"],
                                  ["registry", "--help"], ["registry", "check", "--help"]])
def test_help(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 0
    assert "usage: sygraph" in capsys.readouterr().out


def test_build_writes_outputs_and_a_summary(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("巴中军分区帮扶通江县沙溪镇王坪村。", encoding="utf-8")
    code = main(["build", str(src), "-o", str(tmp_path / "out"), "--format", "graphml", "ttl", "nt", "csv"])
    out = capsys.readouterr().out
    assert code == 0
    assert "articles" in out and "entities: place" in out and "relations" in out
    assert {p.name for p in (tmp_path / "out").iterdir()} == {
        "sygraph.graphml", "sygraph.ttl", "sygraph.nt", "nodes.csv", "edges.csv", "statements.csv", "report.json"}


def test_the_readme_evaluation_example_runs_from_a_clone(tmp_path, capsys):
    root = Path(__file__).resolve().parent.parent
    assert main(["build", str(root / "docs" / "example"), "-o", str(tmp_path / "ex"), "-q"]) == 0
    capsys.readouterr()
    assert main(["eval", str(tmp_path / "ex" / "sygraph.graphml"), str(root / "docs" / "example" / "gold"),
                 "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert ({t: c["f1"] for t, c in report["types"].items()}, report["relations"]["recall"]) == (
        {"place": 1.0, "unit": 1.0, "person": 1.0, "program": 1.0}, 1.0)


def test_missing_input_is_one_line_and_nonzero(tmp_path, capsys):
    code = main(["build", str(tmp_path / "nope"), "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("sygraph: error: ") and "nope" in err
    assert "Traceback" not in err


def test_a_bad_file_is_skipped_and_the_rest_built(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("巴中军分区帮扶通江县。", encoding="utf-8")
    (src / "bad.txt").write_bytes(b"\x00\x01binary")
    code = main(["build", str(src), "-o", str(tmp_path / "out"), "-q"])
    err = capsys.readouterr().err
    assert code == 3 and "bad.txt: binary file" in err
    assert (tmp_path / "out" / "sygraph.graphml").read_text(encoding="utf-8").count("巴中军分区") >= 1


def test_eval_prints_scores(seed_output, capsys):
    from conftest import SHARED, needs_shared

    gold = needs_shared(SHARED / "gold")
    assert main(["eval", str(seed_output / "sygraph.graphml"), str(gold)]) == 0
    assert "micro" in capsys.readouterr().out



def test_a_reader_that_stops_early_gets_no_traceback(tmp_path, monkeypatch, capsys):
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    assert main(["build", str(seeds), "-o", str(tmp_path), "--format", "graphml", "-q"]) == 0
    capsys.readouterr()

    class ClosedPipe:  # what `sygraph stats | head -1` leaves sys.stdout as
        def __init__(self, fd):
            self.fd = fd

        def write(self, text):
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self):
            pass

        def fileno(self):
            return self.fd

    with open(tmp_path / "stdout", "w") as target:
        monkeypatch.setattr("sys.stdout", ClosedPipe(target.fileno()))
        assert main(["stats", "-g", str(tmp_path / "sygraph.graphml")]) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_allow_skips_accepts_a_build_with_skipped_inputs(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("开篇。\n青禾县人武部帮扶白沙村。", encoding="utf-8")
    (src / "b.txt").write_bytes(b"")
    assert main(["build", str(src), "-o", str(tmp_path / "o1"), "-q"]) == 3
    assert main(["build", str(src), "-o", str(tmp_path / "o2"), "-q", "--allow-skips"]) == 0
    err = capsys.readouterr().err
    assert err.count("sygraph: skipped: ") == 2 and "b.txt" in err


def test_a_base_that_is_no_iri_is_one_line_before_any_work(tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text("开篇。\n青禾县人武部帮扶白沙村。", encoding="utf-8")
    assert main(["build", str(src), "-o", str(tmp_path / "out"), "--base-iri", "not an iri"]) == 1
    err = capsys.readouterr().err
    assert err == "sygraph: error: base IRI 'not an iri': a space is not allowed in an IRI\n"
    assert not (tmp_path / "out").exists()


def test_sparql_refuses_service_unless_allowed(tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text("开篇。\n青禾县人武部帮扶白沙村。", encoding="utf-8")
    assert main(["build", str(src), "-o", str(tmp_path / "out"), "-q"]) == 0
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    assert main(["sparql", query, "-g", str(tmp_path / "out" / "sygraph.graphml")]) == 1
    assert capsys.readouterr().err == ("sygraph: error: the query has a SERVICE clause, which sends requests to other "
                                       "servers: refused (allow it with allow_service=True, or sygraph sparql "
                                       "--allow-service)\n")


def test_a_store_another_process_holds_is_one_line(tmp_path, capsys):
    import subprocess
    import sys

    src = tmp_path / "a.txt"
    src.write_text("开篇。\n青禾县人武部帮扶白沙村。", encoding="utf-8")
    assert main(["build", str(src), "-o", str(tmp_path / "out"), "--format", "graphml", "nt", "-q"]) == 0
    holder = subprocess.Popen([sys.executable, "-c", "import pyoxigraph, sys, time; held = pyoxigraph.Store(sys.argv[1]); "
                               "print('open', flush=True); time.sleep(30)", str(tmp_path / "store")],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "open\n"
        code = main(["sparql", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", "-g", str(tmp_path / "out" / "sygraph.graphml"),
                     "--store", str(tmp_path / "store")])
    finally:
        holder.kill()
        holder.wait(timeout=10)
    assert code == 1
    assert capsys.readouterr().err == (f"sygraph: error: {tmp_path / 'store'}: another process has the store open; "
                                       "wait for it to end, or use another --store folder\n")
