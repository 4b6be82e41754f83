"""The command line for scripts: typed --json, --csv and --tsv, sparql from standard input
and RDF from CONSTRUCT, query --limit, python -m sygraph, sygraph info, exit codes, --debug.

The graphs are built here from two sentences of our own."""
from __future__ import annotations

import hashlib
import io
import json
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
import rdflib

import sygraph
import sygraph.cli
from sygraph.cli import main

TEXTS = {"a.txt": "达州军分区帮扶宣汉县峰城镇仁义村修建饮水工程。",
         "b.txt": "宣汉县人武部慰问峰城镇退役军人张建国。"}
DATA = Path(sygraph.__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    sygraph.build_texts(TEXTS).write(folder, ["graphml", "nt"])
    return folder


@pytest.fixture(scope="module")
def graph(out) -> str:
    return str(out / "sygraph.graphml")


@pytest.fixture(scope="module")
def ids(graph) -> dict[str, str]:
    kg = sygraph.load(graph)
    return {e.name: e.id for e in kg.entities()} | {a["source"]: a["id"] for a in kg.articles()}


@pytest.fixture(scope="module")
def iri(graph):
    kg = sygraph.load(graph)
    return lambda name: kg.graph.nodes[kg.find(name)[0].id]["iri"]


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# -- query ------------------------------------------------------------------------------
# What the graph holds comes from the Python API (the extraction is not what these tests are
# about); how the command line writes it is spelled out in full.

def relation_json(r) -> dict:
    return {"head": r.head.name, "head_id": r.head.id, "relation": r.relation, "tail": r.tail.name,
            "tail_id": r.tail.id, "evidence": r.evidence, "article": r.article, "inferred": r.inferred,
            "confidence": r.confidence}


def relations_of(graph, name):
    kg = sygraph.load(graph)
    entity = kg.find(name)[0]
    return kg.relations(head=entity) + kg.relations(tail=entity)


def test_query_json_gives_ids_with_names_and_typed_values(graph, ids, capsys):
    code, text, err = run(capsys, "query", "达州军分区", "-g", graph, "--json")
    assert (code, err) == (0, "")
    records = relations_of(graph, "达州军分区")
    data = json.loads(text)
    assert data == [{
        "id": ids["达州军分区"], "name": "达州军分区", "type": "unit", "aliases": [], "relation_count": len(records),
        "relations": [relation_json(r) for r in records],
        "within_depth": [{"id": ids["仁义村"], "name": "仁义村", "type": "place"},
                         {"id": ids["达州市"], "name": "达州市", "type": "place"}],
        "articles": [{"id": ids["a.txt"], "source": "a.txt", "title": "", "published": ""}]}]
    assisted = [r for r in data[0]["relations"] if r["relation"] == "assists"]
    assert [(r["head_id"], r["tail"], r["tail_id"], r["evidence"], r["inferred"]) for r in assisted] == [
        (ids["达州军分区"], "仁义村", ids["仁义村"], TEXTS["a.txt"], False)]
    assert all(type(r["confidence"]) is float for r in data[0]["relations"])


def test_query_json_flags_are_booleans_and_codes_stay_text(graph, capsys):
    code, text, _ = run(capsys, "query", "四川省", "-g", graph, "--json", "--limit", "1")
    item = json.loads(text)[0]
    records = relations_of(graph, "四川省")
    assert code == 0 and len(records) > 1
    assert {k: item[k] for k in ("adcode", "inferred", "level", "relation_count")} == {
        "adcode": "510000", "inferred": True, "level": "province", "relation_count": len(records)}
    assert item["relations"] == [relation_json(records[0])] and records[0].inferred is True


def test_query_csv_tsv_and_limit(graph, ids, capsys):
    unit = ids["达州军分区"]
    records = relations_of(graph, "达州军分区")
    assert len(records) >= 2
    header = ["entity_id", "entity", "head_id", "head", "relation", "tail_id", "tail", "evidence", "article",
              "inferred", "confidence"]
    rows = [[unit, "达州军分区", r.head.id, r.head.name, r.relation, r.tail.id, r.tail.name, r.evidence, r.article,
             "true" if r.inferred else "false", str(r.confidence)] for r in records]
    assert run(capsys, "query", "达州军分区", "-g", graph, "--csv") == (
        0, "".join(",".join(row) + "\n" for row in [header, *rows]), "")
    assert run(capsys, "query", "达州军分区", "-g", graph, "--tsv", "--limit", "1") == (
        0, "".join("\t".join(row) + "\n" for row in [header, rows[0]]), "")
    assert run(capsys, "query", "达州军分区", "-g", graph, "--limit", "0", "--csv") == (0, ",".join(header) + "\n", "")
    assert rows[0][3:7] == ["达州军分区", "assists", ids["仁义村"], "仁义村"]


def test_query_limit_in_the_text_says_how_many_are_left_out(graph, capsys):
    code, text, _ = run(capsys, "query", "达州军分区", "-g", graph, "--limit", "1")
    total = len(relations_of(graph, "达州军分区"))
    assert code == 0
    assert text.splitlines()[4:] == [
        f"(1 of {total} relations; --limit 1)",
        "within 1: 仁义村, 达州市",
        "articles: a.txt"]
    assert text.splitlines()[3] == f"达州军分区  assists   仁义村  {TEXTS['a.txt']}"


# -- sparql -----------------------------------------------------------------------------

TYPED = ('SELECT ?i ?d ?f ?b ?s ?z WHERE { VALUES (?i ?d ?f ?b ?s ?z) '
         '{ (7 2.5 1.0e3 false "七" "八"@zh) } }')
UNITS = ('SELECT ?name ?note ?code WHERE { ?u a sy:Unit ; rdfs:label ?name OPTIONAL { ?u sy:adcode ?code } '
         'BIND(CONCAT(STR(?name), ",\\t一") AS ?note) } ORDER BY ?name')


@pytest.mark.parametrize("where", ["memory", "store"])
def test_sparql_json_numbers_are_numbers(where, graph, tmp_path, capsys):
    store = ["--store", str(tmp_path / "store")] if where == "store" else []
    assert run(capsys, "sparql", TYPED, "-g", graph, "--json", *store) == (0, json.dumps(
        [{"i": 7, "d": 2.5, "f": 1000.0, "b": False, "s": "七", "z": "八"}], ensure_ascii=False, indent=1) + "\n", "")
    code, text, _ = run(capsys, "sparql", "SELECT (COUNT(?u) AS ?n) WHERE { ?u a sy:Unit }", "-g", graph, "--json",
                        *store)
    assert (code, json.loads(text)) == (0, [{"n": 2}])
    code, text, _ = run(capsys, "sparql", "ASK { ?u a sy:Person }", "-g", graph, "--json", *store)
    assert (code, json.loads(text)) == (0, [{"result": True}])
    # unbound values are left out of a row, as before
    code, text, _ = run(capsys, "sparql", UNITS, "-g", graph, "--json", *store)
    assert (code, json.loads(text)) == (0, [{"name": "宣汉县人武部", "note": "宣汉县人武部,\t一"},
                                            {"name": "达州军分区", "note": "达州军分区,\t一"}])


@pytest.mark.parametrize("where", ["memory", "store"])
def test_sparql_csv_and_tsv_have_the_selected_columns_in_order(where, graph, tmp_path, capsys):
    store = ["--store", str(tmp_path / "store")] if where == "store" else []
    assert run(capsys, "sparql", UNITS, "-g", graph, "--csv", *store) == (
        0, 'name,note,code\n宣汉县人武部,"宣汉县人武部,\t一",\n达州军分区,"达州军分区,\t一",\n', "")
    assert run(capsys, "sparql", UNITS, "-g", graph, "--tsv", *store) == (
        0, 'name\tnote\tcode\n宣汉县人武部\t"宣汉县人武部,\t一"\t\n达州军分区\t"达州军分区,\t一"\t\n', "")
    assert run(capsys, "sparql", "ASK { ?u a sy:Program }", "-g", graph, "--csv", *store) == (0, "result\nfalse\n", "")
    # without ORDER BY, rows are sorted: the same graph gives the same output
    assert run(capsys, "sparql", "SELECT ?n WHERE { ?u a sy:Unit ; rdfs:label ?n }", "-g", graph, "--csv", *store) == (
        0, "n\n宣汉县人武部\n达州军分区\n", "")
    assert run(capsys, "sparql", "SELECT ?n WHERE { ?u a sy:Unit ; rdfs:label ?n } ORDER BY DESC(?n)", "-g", graph,
               "--csv", *store) == (0, "n\n达州军分区\n宣汉县人武部\n", "")
    assert run(capsys, "sparql", "SELECT ?u WHERE { ?u a sy:Program }", "-g", graph, "--csv", *store) == (
        0, "u\n", "")


CONSTRUCT = "CONSTRUCT { ?u rdfs:label ?n } WHERE { ?u a sy:Unit ; rdfs:label ?n }"


@pytest.mark.parametrize("where", ["memory", "store"])
def test_construct_prints_rdf(where, graph, iri, tmp_path, capsys):
    store = ["--store", str(tmp_path / "store")] if where == "store" else []
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    nt = (f'<{iri("宣汉县人武部")}> {label} "宣汉县人武部"@zh .\n'
          f'<{iri("达州军分区")}> {label} "达州军分区"@zh .\n')
    assert run(capsys, "sparql", CONSTRUCT, "-g", graph, "--format", "nt", *store) == (0, nt, "")
    code, ttl, _ = run(capsys, "sparql", CONSTRUCT, "-g", graph, *store)
    assert code == 0 and "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> ." in ttl
    assert set(rdflib.Graph().parse(data=ttl, format="turtle")) == set(rdflib.Graph().parse(data=nt, format="nt"))
    # for scripts, the triples as rows
    assert run(capsys, "sparql", CONSTRUCT, "-g", graph, "--csv", *store) == (0, (
        f'subject,predicate,object\n{iri("宣汉县人武部")},http://www.w3.org/2000/01/rdf-schema#label,宣汉县人武部\n'
        f'{iri("达州军分区")},http://www.w3.org/2000/01/rdf-schema#label,达州军分区\n'), "")


def test_describe_prints_turtle(graph, iri, capsys):
    code, ttl, err = run(capsys, "sparql", "DESCRIBE ?p WHERE { ?p a sy:Person }", "-g", graph)
    assert (code, err) == (0, "")
    described = rdflib.Graph().parse(data=ttl, format="turtle")
    person = rdflib.URIRef(iri("张建国"))
    assert (person, rdflib.RDFS.label, rdflib.Literal("张建国", lang="zh")) in described
    everything = sygraph.load(graph).to_rdf()
    assert set(described.triples((person, None, None))) == set(everything.triples((person, None, None)))


def test_a_query_file_is_read_and_a_missing_one_named(graph, tmp_path, capsys):
    query = tmp_path / "units.rq"
    query.write_text("\ufeffSELECT ?name WHERE { ?u a sy:Unit ; rdfs:label ?name } ORDER BY ?name", encoding="utf-8")
    assert run(capsys, "sparql", str(query), "-g", graph, "--csv") == (0, "name\n宣汉县人武部\n达州军分区\n", "")
    for missing in (tmp_path / "nope.rq", tmp_path / "nope.sparql", tmp_path / "sub" / "query"):
        assert run(capsys, "sparql", str(missing), "-g", graph) == (1, "", f"sygraph: error: {missing}: no such query file\n")
    assert run(capsys, "sparql", "units.sparql", "-g", graph) == (1, "", "sygraph: error: units.sparql: no such query file\n")
    assert run(capsys, "sparql", str(tmp_path), "-g", graph) == (
        1, "", f"sygraph: error: {tmp_path}: is a directory, not a query file\n")
    (tmp_path / "latin1.rq").write_bytes("SELECT ?x WHERE { ?x rdfs:label 'é' }".encode("latin-1"))
    code, _, err = run(capsys, "sparql", str(tmp_path / "latin1.rq"), "-g", graph)
    assert code == 1 and err.startswith(f"sygraph: error: {tmp_path / 'latin1.rq'}: the query file is not UTF-8 (")
    assert err.count("\n") == 1


def test_stdin_and_python_dash_m(graph, tmp_path):
    """``python -m sygraph`` is ``sygraph``: the query from standard input, exit codes."""
    def sygraph_m(*argv, stdin=b""):
        return subprocess.run([sys.executable, "-m", "sygraph", *argv], input=stdin, capture_output=True,
                              cwd=tmp_path, timeout=120)

    done = sygraph_m("sparql", "-", "-g", graph, "--json",
                     stdin="SELECT (COUNT(?u) AS ?n) WHERE { ?u a sy:Unit }".encode("utf-8"))
    assert (done.returncode, json.loads(done.stdout), done.stderr) == (0, [{"n": 2}], b"")
    done = sygraph_m("stats", "--top", "many")
    assert (done.returncode, done.stdout, done.stderr.decode()) == (
        1, b"", "sygraph: error: argument --top: not a whole number: 'many'\n(see 'sygraph stats --help')\n")


def test_stdin_that_holds_no_query_or_not_utf8(graph, monkeypatch, capsys):
    for data, message in ((b" \n", "standard input: no query (sygraph sparql - reads the query from standard input)"),
                          ("SELECT ?x WHERE { ?x rdfs:label 'é' }".encode("latin-1"),
                           "standard input: the query is not UTF-8 (invalid continuation byte at byte 33)")):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        assert run(capsys, "sparql", "-", "-g", graph) == (1, "", f"sygraph: error: {message}\n")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("\ufeffASK { ?u a sy:Unit }".encode("utf-8"))))
    assert run(capsys, "sparql", "-", "-g", graph, "--tsv") == (0, "result\ntrue\n", "")


# -- stats ------------------------------------------------------------------------------

def test_stats_json_counts_and_degrees_are_numbers(graph, capsys):
    code, text, _ = run(capsys, "stats", "-g", graph, "--json", "--top", "2")
    data = json.loads(text)
    kg = sygraph.load(graph)
    assert code == 0
    assert data == {
        "counts": kg.summary(),
        "top_by_degree": {t: [{"id": e.id, "name": e.name, "degree": int(score)} for e, score in kg.rank(type=t, top=2)]
                          for t in ("place", "unit", "person", "program")},
        "communities": [[{"id": e.id, "name": e.name, "type": e.type.value} for e in group]
                        for group in kg.communities()]}
    assert data["counts"]["articles"] == 2 and all(type(n) is int for n in data["counts"].values())
    # 慰问峰城镇退役军人张建国 helps 张建国, not 峰城镇: three places tie at degree 5, by id
    assert [(e["name"], e["degree"]) for e in data["top_by_degree"]["place"]] == [("仁义村", 5), ("宣汉县", 5)]
    assert all(type(e["degree"]) is int for rows in data["top_by_degree"].values() for e in rows)
    assert {"达州军分区", "宣汉县人武部"} <= {e["name"] for group in data["communities"] for e in group}


def test_stats_tables_as_csv_and_tsv(graph, capsys):
    kg = sygraph.load(graph)
    top = [(t, e, score) for t in ("place", "unit", "person", "program") for e, score in kg.rank(type=t, top=1)]
    assert [e.name for _, e, _ in top][:1] == ["仁义村"]
    assert run(capsys, "stats", "-g", graph, "--csv", "--top", "1") == (0, "type,rank,id,name,degree\n" + "".join(
        f"{t},1,{e.id},{e.name},{score:g}\n" for t, e, score in top), "")
    assert run(capsys, "stats", "-g", graph, "--tsv", "--table", "counts") == (
        0, "what\tcount\n" + "".join(f"{k}\t{v}\n" for k, v in kg.summary().items()), "")
    groups = kg.communities()
    assert run(capsys, "stats", "-g", graph, "--csv", "--table", "communities") == (
        0, "community,id,name,type\n" + "".join(f"{n},{e.id},{e.name},{e.type.value}\n"
                                                 for n, group in enumerate(groups, 1) for e in group), "")
    # the text shows the one table asked for
    assert run(capsys, "stats", "-g", graph, "--table", "communities", "--top", "1") == (
        0, f"communities ({len(groups)})\n  1. {', '.join(e.name for e in groups[0])}\n", "")


# -- eval -------------------------------------------------------------------------------

GOLD = {"article": "a.txt",
        "entities": [{"name": "达州军分区", "type": "unit"}, {"name": "仁义村", "type": "place"},
                     {"name": "宣汉县", "type": "place"}, {"name": "峰城镇", "type": "place"},
                     {"name": "王秀英", "type": "person"}],
        "relations": [{"head": "达州军分区", "relation": "assists", "tail": "仁义村"},
                      {"head": "达州军分区", "relation": "assists", "tail": "宣汉县"}]}


def test_eval_tables(graph, tmp_path, capsys):
    from sygraph.evaluate import score_gold

    (tmp_path / "a.gold.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    report = score_gold(graph, tmp_path)
    assert report["misses"] == [{"article": "a.txt", "type": "person", "name": "王秀英"}]
    scores = [("entity", t, c) for t, c in [*report["types"].items(), ("micro", report["micro"])]]
    scores += [("relation", t, c) for t, c in report["relation_types"].items()]
    assert ("entity", "unit", {"p": 1.0, "r": 1.0, "f1": 1.0, "tp": 1, "fp": 0, "fn": 0}) in scores
    assert run(capsys, "eval", graph, str(tmp_path), "--csv") == (0, "level,type,p,r,f1,tp,fp,fn\n" + "".join(
        f"{level},{t},{c['p']},{c['r']},{c['f1']},{c['tp']},{c['fp']},{c['fn']}\n" for level, t, c in scores), "")
    assert run(capsys, "eval", graph, str(tmp_path), "--tsv", "--table", "misses") == (
        0, "article\ttype\tname\na.txt\tperson\t王秀英\n", "")
    assert run(capsys, "eval", graph, str(tmp_path), "--csv", "--table", "false_hits") == (
        0, "article,type,name,id\n" + "".join(f"a.txt,{m['type']},{m['name']},{m['id']}\n"
                                              for m in report["false_hits"]), "")
    assert run(capsys, "eval", graph, str(tmp_path), "--csv", "--table", "relation_misses") == (
        0, "article,head,relation,tail\n" + "".join(f"a.txt,{m['head']},{m['relation']},{m['tail']}\n"
                                                    for m in report["relation_misses"]), "")
    assert {"head": "达州军分区", "relation": "assists", "tail": "宣汉县", "article": "a.txt"} in report["relation_misses"]
    code, text, _ = run(capsys, "eval", graph, str(tmp_path), "--json")
    assert (code, json.loads(text)) == (0, report)  # already structured: misses and false hits are objects
    assert run(capsys, "eval", graph, str(tmp_path), "--csv", "--table", "wrong") == (1, "", (
        "sygraph: error: sygraph eval has no table 'wrong' here; choose from scores, misses, false_hits, "
        "relation_misses, relation_false_hits\n"))


def bio(text: str, spans: list[tuple[str, str]]) -> str:
    tags = ["O"] * len(text)
    for name, kind in spans:
        start = text.index(name)
        tags[start: start + len(name)] = ["B-" + kind] + ["I-" + kind] * (len(name) - 1)
    return "".join(f"{c} {t}\n" for c, t in zip(text, tags))


def test_eval_bio_json_misses_are_objects_with_counts(tmp_path, capsys):
    f = tmp_path / "x.bio"
    f.write_text("\n".join([bio("张建国来到宣汉县慰问。", [("张建国", "PER")]),
                            bio("李秀兰在峰城镇看望老兵。", [("李秀兰", "PER"), ("峰城镇", "LOC"), ("老兵", "PER")]),
                            bio("王小明回到峰城镇看望老兵。", [("王小明", "PER"), ("峰城镇", "LOC"), ("老兵", "PER")])]),
                 encoding="utf-8")
    code, text, _ = run(capsys, "eval", "--bio", str(f), "--json")
    report = json.loads(text)
    assert code == 0 and report["sentences"] == 3
    assert report["misses"] == [{"type": "person", "name": "老兵", "count": 2}]
    assert report["false_hits"] == [{"type": "place", "name": "宣汉县", "count": 1}]
    assert run(capsys, "eval", "--bio", str(f), "--csv", "--table", "misses") == (0, "type,name,count\nperson,老兵,2\n", "")
    assert run(capsys, "eval", "--bio", str(f), "--tsv") == (0, (
        "level\ttype\tp\tr\tf1\ttp\tfp\tfn\n"
        "entity\tperson\t1.0\t0.6\t0.75\t3\t0\t2\n"  # 5 PER spans, 老兵 missed twice
        "entity\tplace\t0.667\t1.0\t0.8\t2\t1\t0\n"  # 宣汉县 is not tagged in the first sentence
        "entity\tunit\t0.0\t0.0\t0.0\t0\t0\t0\n"
        "entity\tmicro\t0.833\t0.714\t0.769\t5\t1\t2\n"), "")


# -- info -------------------------------------------------------------------------------

def test_info_json(capsys):
    code, text, _ = run(capsys, "info", "--json")
    info = json.loads(text)
    assert code == 0
    assert info["sygraph"]["version"] == sygraph.__version__
    assert info["python"]["version"] == platform.python_version()
    assert info["dependencies"] == {d: metadata.version(d) for d in (
        "jieba", "networkx", "rdflib", "pyoxigraph", "python-crfsuite", "opencc")}
    models = sorted(DATA.glob("*.crfsuite"))
    assert models and [m["file"] for m in info["models"]] == [p.name for p in models]
    for record, path in zip(info["models"], models):
        sidecar = path.with_name(path.name + ".json")
        assert record == {"file": path.name, "bytes": path.stat().st_size,
                          "sha256": hashlib.sha256(path.read_bytes()).hexdigest()[:16],
                          "training": json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.exists() else None}
    # what `sha256sum $(ls *.tsv *.tsv.gz *.ttl | LC_ALL=C sort) | sha256sum` gives in the data folder
    files = sorted({*DATA.glob("*.tsv"), *DATA.glob("*.tsv.gz"), *DATA.glob("*.ttl")}, key=lambda p: p.name)
    manifest = "".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n" for p in files)
    assert info["lexicon"]["files"] == len(files) > 20
    assert info["lexicon"]["sha256"] == hashlib.sha256(manifest.encode()).hexdigest()[:16]
    lines = (DATA / "divisions.tsv").read_text(encoding="utf-8").splitlines()
    assert info["divisions"]["rows"]["divisions.tsv"] == len([x for x in lines if x.strip()]) - 1 > 40_000
    from sygraph.graph import DIVISION_SOURCE

    assert info["divisions"]["source"] == DIVISION_SOURCE


def test_info_text(capsys):
    code, text, err = run(capsys, "info")
    lines = text.splitlines()
    assert (code, err) == (0, "")
    assert lines[0] == f"sygraph {sygraph.__version__} ({Path(sygraph.__file__).resolve().parent})"
    assert lines[1].startswith(f"python {platform.python_version()} (")
    assert f"  rdflib           {metadata.version('rdflib')}" in lines
    ner = DATA / "ner.crfsuite"
    model_line = f"  ner.crfsuite  {ner.stat().st_size:,} bytes  sha256 {hashlib.sha256(ner.read_bytes()).hexdigest()[:16]}"
    assert model_line in lines
    assert lines[lines.index(model_line) + 1].startswith("    ")  # its training record follows
    assert any(x.startswith("division table: ") and "rows in divisions.tsv" in x for x in lines)


# -- exit codes and --debug -------------------------------------------------------------

def test_usage_errors_exit_1_with_one_line_and_help_exits_0(capsys):
    for argv, message in ((["stats", "--top", "-3"], "argument --top: must be 0 or more: -3"),
                          (["frobnicate"], "argument COMMAND: invalid choice: 'frobnicate'"),
                          (["query", "x", "--json", "--csv"], "argument --csv: not allowed with argument --json"),
                          (["sparql"], "the following arguments are required: query")):
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        err = capsys.readouterr().err
        assert exit_.value.code == 1
        first, hint = err.splitlines()
        assert first.startswith(f"sygraph: error: {message}") and hint.startswith("(see 'sygraph")
    with pytest.raises(SystemExit) as exit_:
        main(["info", "--help"])
    assert exit_.value.code == 0 and "usage: sygraph info" in capsys.readouterr().out


def test_debug_is_global_and_reaches_every_command(monkeypatch):
    seen = []
    monkeypatch.setattr(sygraph.cli, "_build", lambda args: seen.append(args.debug) or 0)
    monkeypatch.delenv("SYGRAPH_DEBUG", raising=False)
    for argv in (["build"], ["--debug", "build"], ["build", "--debug"]):
        assert main(argv) == 0
    monkeypatch.setenv("SYGRAPH_DEBUG", "1")
    assert main(["build"]) == 0
    monkeypatch.setenv("SYGRAPH_DEBUG", "0")
    assert main(["build"]) == 0
    assert seen == [False, True, True, True, False]


def boom(_path):
    raise ZeroDivisionError("division by zero in a test")


def test_a_bug_is_one_line_without_debug(monkeypatch, capsys):
    monkeypatch.delenv("SYGRAPH_DEBUG", raising=False)
    monkeypatch.setattr(sygraph.cli, "_load", boom)
    assert run(capsys, "stats") == (1, "", "sygraph: internal error: ZeroDivisionError: division by zero in a test "
                                           "(run with --debug for the traceback)\n")


@pytest.mark.parametrize("how", ["flag", "env"])
def test_debug_adds_the_traceback(how, monkeypatch, capsys):
    monkeypatch.setattr(sygraph.cli, "_load", boom)
    if how == "env":
        monkeypatch.setenv("SYGRAPH_DEBUG", "1")
    code, text, err = run(capsys, *(["--debug"] if how == "flag" else []), "stats")
    assert (code, text) == (1, "")
    assert err.startswith("Traceback (most recent call last):\n") and "in boom" in err
    assert err.endswith("ZeroDivisionError: division by zero in a test\n"
                        "sygraph: internal error: ZeroDivisionError: division by zero in a test\n")


def test_an_error_with_debug_keeps_its_line_after_the_traceback(tmp_path, capsys):
    missing = tmp_path / "none.graphml"
    assert run(capsys, "stats", "-g", str(missing)) == (1, "", f"sygraph: error: {missing}: no such file\n")
    code, _, err = run(capsys, "stats", "-g", str(missing), "--debug")
    assert code == 1 and err.startswith("Traceback (most recent call last):\n")
    assert err.endswith(f"sygraph: error: {missing}: no such file\n")


def test_an_unreadable_file_is_named(monkeypatch, capsys):
    def denied(path):
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(sygraph.cli, "_load", denied)
    assert run(capsys, "stats", "-g", "locked.graphml") == (1, "", "sygraph: error: locked.graphml: Permission denied\n")
