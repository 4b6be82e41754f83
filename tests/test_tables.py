"""Table exports: CSV that neo4j-admin imports and that holds the whole GraphML, and
GraphRAG-shaped Parquet, byte-identical for the same input."""
import csv
import io
import json
import re
import sys

import networkx as nx
import pytest

import sygraph
from conftest import TABLE_TEXTS as TEXTS, DIVISIONS
from sygraph.errors import ExportError
from sygraph.formats import FILE_NAMES, FORMATS, write_formats
from sygraph.formats.tables import EDGE_COLUMNS, NODE_COLUMNS, STATEMENT_COLUMNS, generate_csv
from sygraph.ids import relation_id

RECORDS = [
    {"id": "web-1", "title": "拥军路上", "published": "2022-08-01T09:00", "source": "山城晚报",
     "url": "https://news.example.org/a?id=1&p=2", "text": "叙永县人武部帮扶叙永县水尾镇。叙永县人武部政委李明出席。"},
    {"id": "web-2", "title": "再访水尾镇", "published": "2022-09-12", "source": "山城晚报",
     "url": "https://news.example.org/b", "text": "叙永县人武部走访水尾镇，送去慰问品；李明说，要把好事办实。"},
]


@pytest.fixture(scope="module")
def kg():
    return sygraph.build_texts(TEXTS)


@pytest.fixture(scope="module")
def corpus_graph(tmp_path_factory):
    """A graph from a JSONL corpus (titles, dates, publishers and URLs), with attributes beyond
    the known ones on a node, an untyped edge and a statement."""
    path = tmp_path_factory.mktemp("jsonl") / "c.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    kg = sygraph.build(path)
    unit = kg.find("叙永县人武部")[0].id
    kg.graph.nodes[unit]["note"] = "自定义;属性"
    kg.graph.nodes[unit]["rank"] = 7
    for u, v, k, d in kg.graph.edges(keys=True, data=True):
        if d["relation"] == "mentioned_in" and u == unit:
            d["share"] = 0.5
        if d["relation"] == "assists" and d.get("article") == "web-1":
            d["checked"] = True
    return kg


# -- reading CSV as neo4j-admin database import does ------------------------------------------
NEO4J_SPECIAL = {"ID", "LABEL", "START_ID", "END_ID", "TYPE"}


def _neo4j_value(kind: str, cell: str):
    if kind in ("", "string"):
        return cell
    if kind in ("int", "long"):
        assert re.fullmatch(r"-?\d+", cell), cell
        return int(cell)
    if kind in ("float", "double"):
        return float(cell)
    if kind == "boolean":
        assert cell in ("true", "false"), cell
        return cell == "true"
    if kind == "string[]":
        return cell.split(";")
    raise AssertionError(f"a type neo4j-admin does not know here: {kind!r}")


def read_neo4j(data: bytes) -> tuple[list[str], list[dict]]:
    """Rows as neo4j-admin reads them: ``name:type`` headers, special columns kept under
    ``:ID`` etc., an empty cell no property, typed values parsed, arrays split at ``;``."""
    text = data.decode("utf-8")
    assert not text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    fields = []
    for h in header:
        name, _, kind = h.partition(":")
        assert kind in NEO4J_SPECIAL or kind in ("", "string", "int", "long", "float", "double", "boolean",
                                                 "string[]"), h
        assert name or kind in NEO4J_SPECIAL, h
        fields.append((name, kind))
    records = []
    for row in body:
        assert len(row) == len(header)
        rec = {}
        for (name, kind), cell in zip(fields, row):
            if kind in NEO4J_SPECIAL:
                assert cell, (h, row)
                rec[":" + kind] = cell
                if name:
                    rec[name] = cell  # id:ID also stores the property id
            elif cell != "":
                rec[name] = _neo4j_value(kind, cell)
        records.append(rec)
    return header, records


def _graphml_value(key: str, value):
    """A GraphML value as the CSV carries it: JSON arrays as lists, "" as no property."""
    if key in ("aliases", "articles"):
        return json.loads(value) or None
    return None if value == "" else value


def _same_properties(csv_row: dict, attributes: dict, skip=()):
    """Every attribute is in the row with the same value, and the row holds nothing else."""
    expected = {k: _graphml_value(k, v) for k, v in attributes.items() if k not in skip}
    expected = {k: v for k, v in expected.items() if v is not None}
    got = {k: v for k, v in csv_row.items() if not k.startswith(":")}
    assert got == expected


def _check_csv_is_the_graphml(kg, tmp_path):
    kg.write(tmp_path, formats=("graphml", "csv"))
    g = nx.read_graphml(tmp_path / "sygraph.graphml", force_multigraph=True)
    _, nodes = read_neo4j((tmp_path / "nodes.csv").read_bytes())
    _, edges = read_neo4j((tmp_path / "edges.csv").read_bytes())
    _, statements = read_neo4j((tmp_path / "statements.csv").read_bytes())

    ids = [n[":ID"] for n in nodes]
    assert len(ids) == len(set(ids)) == g.number_of_nodes()
    assert all(r[":START_ID"] in set(ids) and r[":END_ID"] in set(ids) for r in edges + statements)
    by_id = {n[":ID"]: n for n in nodes}
    for n, d in g.nodes(data=True):
        assert by_id[n][":LABEL"] == d["type"].capitalize()
        _same_properties({k: v for k, v in by_id[n].items() if k != "id"}, d)

    assert len(edges) == g.number_of_edges()
    by_edge = {(e[":START_ID"], e[":END_ID"], e["relation"]): e for e in edges}
    assert len(by_edge) == len(edges)
    stated: dict[str, list[dict]] = {}
    for s in statements:
        assert s[":TYPE"] == "STATEMENT"
        stated.setdefault(s["relation_id"], []).append(s)
    assert len(statements) == sum(len(json.loads(d.get("statements", "[]"))) for *_, d in g.edges(data=True))
    for u, v, key, d in g.edges(keys=True, data=True):
        row = by_edge[(u, v, d["relation"])]
        assert row[":TYPE"] == d["relation"].upper()
        if "statements" not in d:  # mentioned_in, co_occurs_with
            _same_properties(row, d)
            continue
        assert key == d["relation"] and row["id"] == relation_id(u, d["relation"], v)
        _same_properties({k: x for k, x in row.items() if k != "id"}, d, skip=("statements",))
        said = stated[row["id"]]
        assert [(s[":START_ID"], s[":END_ID"], s["relation"]) for s in said] == [(u, v, d["relation"])] * len(said)
        for st, s in zip(json.loads(d["statements"]), said, strict=True):
            _same_properties({k: x for k, x in s.items() if k not in ("id", "relation_id", "relation")}, st)
    return nodes, edges, statements


def test_csv_holds_every_graphml_attribute(kg, tmp_path):
    _check_csv_is_the_graphml(kg, tmp_path)


def test_csv_of_a_corpus_with_urls_and_extra_attributes(corpus_graph, tmp_path):
    nodes, edges, statements = _check_csv_is_the_graphml(corpus_graph, tmp_path)
    article = next(n for n in nodes if n.get("source") == "web-1")
    assert {k: article.get(k) for k in ("title", "published", "publisher", "url", "home")} == {
        "title": "拥军路上", "published": "2022-08-01T09:00", "publisher": "山城晚报",
        "url": "https://news.example.org/a?id=1&p=2", "home": "510524"}
    header = (tmp_path / "nodes.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header == [*NODE_COLUMNS, "note", "rank:int"]
    unit = next(n for n in nodes if n.get("label") == "叙永县人武部")
    assert (unit["note"], unit["rank"]) == ("自定义;属性", 7)  # a plain string keeps its ;
    assert (tmp_path / "edges.csv").read_text(encoding="utf-8").splitlines()[0].split(",") == [
        *EDGE_COLUMNS, "share:float"]
    assert (tmp_path / "statements.csv").read_text(encoding="utf-8").splitlines()[0].split(",") == [
        *STATEMENT_COLUMNS, "checked:boolean"]
    assert [s.get("checked") for s in statements if s["relation"] == "assists"] == [True, None]


def test_csv_rows_exactly(kg):
    files = generate_csv(kg)
    unit, village, person, bureau = (kg.find(n)[0].id for n in ("古蔺县人武部", "九龙村", "王建国", "古蔺县退役军人事务局"))
    edges = files["edges.csv"].decode("utf-8").splitlines()
    assert edges[0] == (":START_ID,:END_ID,:TYPE,id,relation,count:int,articles:string[],confidence:float,"
                        "inferred:boolean,evidence,article,weight:int")
    rid = relation_id(unit, "assists", village)
    assert f"{unit},{village},ASSISTS,{rid},assists,2,a.txt;b.txt,0.7,false,古蔺县人武部帮扶古蔺县太平镇九龙村修路。,," in edges
    first, second = sorted((village, unit))  # co-occurrence runs from the smaller id
    assert f"{first},{second},CO_OCCURS_WITH,,co_occurs_with,,,,,,,3" in edges
    article = sygraph.graph.article_id("b.txt")
    assert f"{unit},{article},MENTIONED_IN,,mentioned_in,1,,,,,b.txt," in edges
    statements = files["statements.csv"].decode("utf-8").splitlines()
    assert statements[0] == (":START_ID,:END_ID,:TYPE,id,relation_id,relation,article,evidence,start:int,end:int,"
                             "confidence:float,inferred:boolean,role,source")
    said = [line for line in statements if f",{relation_id(person, 'affiliated_with', bureau)}," in line]
    assert len(said) == 1 and said[0].startswith(f"{person},{bureau},STATEMENT,statement-")
    assert said[0].endswith(",affiliated_with,a.txt,古蔺县退役军人事务局局长王建国出席活动。,20,40,0.85,false,局长,")
    province = kg.find("四川省")[0].id
    table = [line for line in statements if line.startswith(f"{village},{province},")]
    assert len(table) == 1 and table[0].endswith(f",located_in,,,,,1.0,true,,{DIVISIONS}")
    nodes = files["nodes.csv"].decode("utf-8").splitlines()
    assert nodes[0] == ("id:ID,:LABEL,label,type,iri,aliases:string[],adcode,level,inferred:boolean,source,title,"
                        "published,publisher,url,home,copies:string[],copy_urls:string[],copy_of,body")
    assert f"{province},Place,四川省,place,{kg.graph.nodes[province]['iri']},,510000,province,true,,,,,,,,,," in nodes
    assert f"{village},Place,九龙村,place,{kg.graph.nodes[village]['iri']},古蔺县太平镇九龙村,510525103208,village,,,,,,,,,,," \
        in nodes
    b = sygraph.graph.article_id("b.txt")  # the article's row ends with its text as read
    assert [line for line in nodes if line.startswith(f"{b},")] == [
        f"{b},Article,b.txt,article,{kg.graph.nodes[b]['iri']},,,,,b.txt,,,,,{kg.graph.nodes[b]['home']},,,,"
        + "古蔺县人武部官兵再次帮扶九龙村。王建国说，双拥工作要常抓不懈。"]


def test_a_semicolon_inside_an_array_value_is_not_a_delimiter():
    g = nx.MultiDiGraph()
    g.add_node("unit-1", type="unit", label="甲单位", iri="http://example.org/unit/1", aliases=["甲;乙", "丙"])
    nodes = generate_csv(sygraph.KnowledgeGraph(g))["nodes.csv"].decode("utf-8").splitlines()
    assert nodes[1] == "unit-1,Unit,甲单位,unit,http://example.org/unit/1,丙;甲；乙,,,,,,,,,,,,,"
    assert read_neo4j("\n".join(nodes).encode("utf-8"))[1][0]["aliases"] == ["丙", "甲；乙"]


def test_csv_is_byte_identical_for_the_same_input(kg):
    again = sygraph.build_texts(dict(reversed(list(TEXTS.items()))))
    assert generate_csv(again) == generate_csv(kg)


def test_csv_format_writes_three_files(kg, tmp_path):
    written = write_formats(kg, tmp_path, ["csv"])
    assert [p.name for p in written] == ["nodes.csv", "edges.csv", "statements.csv"] == list(FILE_NAMES["csv"])


# -- Parquet --------------------------------------------------------------------------------
GRAPHRAG = {
    "entities.parquet": ["id", "human_readable_id", "title", "type", "description", "text_unit_ids", "frequency",
                         "degree"],
    "relationships.parquet": ["id", "human_readable_id", "source", "target", "description", "weight",
                              "combined_degree", "text_unit_ids"],
    "documents.parquet": ["id", "human_readable_id", "title", "text", "text_unit_ids", "creation_date", "metadata"],
    "communities.parquet": ["id", "human_readable_id", "community", "level", "parent", "children", "title",
                            "entity_ids", "relationship_ids", "text_unit_ids", "period", "size"],
}


@pytest.fixture(scope="module")
def parquet_files(kg):
    pytest.importorskip("pyarrow")
    from sygraph.formats.parquet import generate_parquet

    return generate_parquet(kg)


def _table(files, name):
    import pyarrow.parquet as pq

    return pq.read_table(io.BytesIO(files[name])).to_pylist()


def test_parquet_is_registered():
    assert "parquet" in FORMATS
    assert FILE_NAMES["parquet"] == ("entities.parquet", "relationships.parquet", "documents.parquet",
                                     "communities.parquet", "statements.parquet")


def test_parquet_tables_have_graphrag_columns_first(parquet_files):
    import pyarrow.parquet as pq

    for name, columns in GRAPHRAG.items():
        assert pq.read_schema(io.BytesIO(parquet_files[name])).names[:len(columns)] == columns
    assert pq.read_schema(io.BytesIO(parquet_files["statements.parquet"])).names == [
        "id", "human_readable_id", "relationship_id", "head_id", "relation", "tail_id", "document_id", "article",
        "evidence", "start", "end", "confidence", "inferred", "role", "source"]


def test_parquet_values(kg, parquet_files):
    from sygraph.ids import article_id

    unit, village, county = (kg.find(n)[0].id for n in ("古蔺县人武部", "九龙村", "古蔺县"))
    a, b = article_id("a.txt"), article_id("b.txt")
    entities = {e["id"]: e for e in _table(parquet_files, "entities.parquet")}
    assert [e["human_readable_id"] for e in entities.values()] == list(range(len(kg.entities())))
    assert entities[village] == {
        "id": village, "human_readable_id": 1, "title": "九龙村", "type": "place",
        "description": "古蔺县人武部帮扶古蔺县太平镇九龙村修路。古蔺县人武部官兵再次帮扶九龙村。",
        "text_unit_ids": [a, b], "frequency": 2, "degree": 5, "iri": kg.graph.nodes[village]["iri"],
        "aliases": ["古蔺县太平镇九龙村"], "adcode": "510525103208", "level": "village", "inferred": False,
        "mentions": 3}
    relationships = _table(parquet_files, "relationships.parquet")
    assists = next(r for r in relationships if r["relation"] == "assists")
    assert assists == {
        "id": relation_id(unit, "assists", village), "human_readable_id": relationships.index(assists),
        "source": "古蔺县人武部", "target": "九龙村", "description": "古蔺县人武部帮扶古蔺县太平镇九龙村修路。",
        "weight": 2.0, "combined_degree": entities[unit]["degree"] + 5, "text_unit_ids": [a, b],
        "source_id": unit, "target_id": village, "relation": "assists", "count": 2, "articles": ["a.txt", "b.txt"],
        "confidence": 0.7, "inferred": False, "evidence": "古蔺县人武部帮扶古蔺县太平镇九龙村修路。"}
    table_only = next(r for r in relationships if (r["source_id"], r["target"]) == (village, "四川省"))
    assert (table_only["description"], table_only["evidence"], table_only["inferred"], table_only["text_unit_ids"]) \
        == ("九龙村 located_in 四川省", None, True, [])
    documents = _table(parquet_files, "documents.parquet")
    assert documents[0] == {"id": a, "human_readable_id": 0, "title": "青禾社区迎春活动纪实",
                            "text": "古蔺县人武部帮扶古蔺县太平镇九龙村修路。古蔺县退役军人事务局局长王建国出席活动。"
                                    "古蔺县人武部帮扶古蔺县太平镇九龙村修路。",
                            "text_unit_ids": [a], "creation_date": "2021-03-05T10:20",
                            "metadata": {"source": "a.txt", "publisher": "青禾日报", "url": None, "home": "510525",
                                         "copies": [], "copy_urls": [], "copy_of": None},
                            "source": "a.txt", "iri": kg.graph.nodes[a]["iri"]}
    assert (documents[1]["title"], documents[1]["creation_date"]) == (None, None)
    statements = _table(parquet_files, "statements.parquet")
    assert len(statements) == kg.summary()["statements"]
    first = next(s for s in statements if s["relation"] == "assists")
    assert {k: v for k, v in first.items() if k not in ("id", "human_readable_id")} == {
        "relationship_id": assists["id"], "head_id": unit, "relation": "assists", "tail_id": village,
        "document_id": a, "article": "a.txt", "evidence": "古蔺县人武部帮扶古蔺县太平镇九龙村修路。", "start": 0,
        "end": 20, "confidence": 0.7, "inferred": False, "role": None, "source": None}
    table = next(s for s in statements if s["relationship_id"] == table_only["id"])
    assert (table["document_id"], table["start"], table["end"], table["source"]) == (None, -1, -1, DIVISIONS)
    assert county in entities


def test_parquet_communities_are_kg_communities(kg, parquet_files):
    communities = _table(parquet_files, "communities.parquet")
    groups = kg.communities()
    assert len(communities) == len(groups) == 2
    for k, (c, group) in enumerate(zip(communities, groups)):
        assert c["entity_ids"] == sorted(e.id for e in group)
        assert (c["id"], c["human_readable_id"], c["community"], c["level"], c["parent"], c["children"]) == (
            f"community-{k}", k, k, 0, -1, [])
        assert c["size"] == len(group) and c["title"] == f"Community {k}" and c["period"] is None
        inside = set(c["entity_ids"])
        assert c["relationship_ids"] == sorted(relation_id(u, r, v) for u, r, v, _ in kg.triples()
                                               if u in inside and v in inside)
    person, bureau = kg.find("王建国")[0].id, kg.find("古蔺县退役军人事务局")[0].id
    assert communities[1]["entity_ids"] == sorted([person, bureau])
    assert communities[1]["relationship_ids"] == [relation_id(person, "affiliated_with", bureau)]


def test_parquet_reads_into_pandas_with_codes_as_strings(parquet_files):
    pd = pytest.importorskip("pandas")
    entities = pd.read_parquet(io.BytesIO(parquet_files["entities.parquet"]))
    assert entities.adcode.dropna().tolist() == ["510525103208", "510525", "510000", "510525103", "510500"]
    assert str(entities.frequency.dtype) == "int64" and str(entities.inferred.dtype) == "bool"
    statements = pd.read_parquet(io.BytesIO(parquet_files["statements.parquet"]))
    assert str(statements.start.dtype) == "int64"


def test_parquet_is_byte_identical_and_carries_no_timestamp(kg, parquet_files, tmp_path):
    import pyarrow.parquet as pq
    from sygraph.formats.parquet import generate_parquet

    assert generate_parquet(kg) == parquet_files
    assert generate_parquet(sygraph.build_texts(dict(reversed(list(TEXTS.items()))))) == parquet_files
    write_formats(kg, tmp_path / "one", ["parquet"])
    write_formats(kg, tmp_path / "two", ["parquet"])
    for name in FILE_NAMES["parquet"]:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes() == parquet_files[name]
        meta = pq.ParquetFile(io.BytesIO(parquet_files[name])).metadata
        assert meta.created_by.startswith("parquet-cpp-arrow version")
        assert set(meta.metadata) == {b"ARROW:schema"}  # no pandas block, no dates


def test_parquet_of_an_empty_graph(tmp_path):
    pytest.importorskip("pyarrow")
    from sygraph.formats.parquet import generate_parquet

    files = generate_parquet(sygraph.KnowledgeGraph())
    assert all(_table(files, name) == [] for name in files)


def test_without_pyarrow_one_clear_error(kg, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ExportError) as err:
        write_formats(kg, tmp_path, ["parquet"])
    assert str(err.value) == "Parquet output needs pyarrow: pip install 'sygraph[parquet]'"
    assert list(tmp_path.iterdir()) == []


def test_cli_builds_parquet_and_csv(tmp_path, capsys):
    pytest.importorskip("pyarrow")
    from sygraph.cli import main

    src = tmp_path / "in"
    src.mkdir()
    for name, text in TEXTS.items():
        (src / name).write_text(text, encoding="utf-8")
    code = main(["build", str(src), "-o", str(tmp_path / "out"), "--format", "parquet", "csv", "-q"])
    capsys.readouterr()
    assert code == 0
    assert {p.name for p in (tmp_path / "out").iterdir()} == {*FILE_NAMES["parquet"], *FILE_NAMES["csv"],
                                                              "report.json"}


def test_csv_of_the_seeds_holds_the_whole_graphml(seed_graph, tmp_path):
    nodes, edges, statements = _check_csv_is_the_graphml(seed_graph, tmp_path)
    assert len(statements) == seed_graph.summary()["statements"]
    assert {s.get("role") for s in statements} - {None}  # affiliations keep their roles
