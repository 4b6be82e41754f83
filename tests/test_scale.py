"""The paths to scale give exactly the graph of a plain build: workers, the incremental
cache, streamed N-Triples, the persistent store and Dask."""
import json

import pytest
import rdflib

import sygraph
from sygraph.cli import main
from sygraph.formats.graphml import generate_graphml
from sygraph.parallel import ResultCache

UNITS = ["巴中军分区", "达州军分区", "广安军分区", "南充军分区", "遂宁军分区", "内江军分区", "眉山军分区", "雅安军分区"]
PLACES = ["通江县沙溪镇王坪村", "平昌县驷马镇白岩村", "南江县赶场镇小河村", "宣汉县胡家镇三河村"]


def write_corpus(folder, n=40):
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        unit, place = UNITS[i % len(UNITS)], PLACES[i % len(PLACES)]
        text = (f"{unit}双拥纪实{i}\n2021-0{1 + i % 9}-1{i % 10} 09:00 来源:巴中日报\n"
                f"{unit}对口帮扶{place},帮助修建道路{i + 1}公里。记者 钟晓燕 摄\n"
                f"恩阳区人武部驻村队员赵家明第{i + 1}次走访{place[-3:]}。")  # distinct articles, no copies
        (folder / f"a{i:03d}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def plain(corpus):
    return sygraph.build(corpus, jobs=1)


def test_workers_give_the_same_graph(corpus, plain):
    assert generate_graphml(sygraph.build(corpus, jobs=2)) == generate_graphml(plain)


def test_incremental_rebuild_reextracts_only_changed_articles(corpus, plain, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = sygraph.build(corpus, jobs=1, cache=cache)
    assert generate_graphml(first) == generate_graphml(plain)
    calls = []
    import sygraph.pipeline as pipeline

    real = pipeline.extract
    monkeypatch.setattr(pipeline, "extract", lambda a, r=None: calls.append(a.source) or real(a, r))
    again = sygraph.build(corpus, jobs=1, cache=cache)
    assert calls == [] and generate_graphml(again) == generate_graphml(plain)
    changed = tmp_path / "changed"
    write_corpus(changed)
    (changed / "a007.txt").write_text("新的一篇\n2022-01-01 09:00 来源:巴中日报\n巴中军分区帮扶恩阳区。", encoding="utf-8")
    rebuilt = sygraph.build(changed, jobs=1, cache=cache)
    assert calls == ["a007.txt"]
    monkeypatch.setattr(pipeline, "extract", real)
    assert generate_graphml(rebuilt) == generate_graphml(sygraph.build(changed, jobs=1))


def test_a_changed_registry_is_a_changed_pipeline(tmp_path):
    article = sygraph.ingest.parse_article("a.txt", "巴中军分区帮扶王坪村。")
    a = ResultCache(tmp_path, "aaa").key(article)
    b = ResultCache(tmp_path, "bbb").key(article)
    assert a != b and a == ResultCache(tmp_path, "aaa").key(article)


def test_streamed_ntriples_hold_the_plain_build(corpus, plain, tmp_path, capsys):
    assert main(["build", str(corpus), "-o", str(tmp_path / "s"), "--stream", "-j", "2", "-q"]) == 0
    assert capsys.readouterr().err == ""  # no progress bar off a terminal
    streamed = rdflib.Graph().parse(tmp_path / "s" / "sygraph.nt", format="nt")
    assert set(streamed) == set(plain.to_rdf())
    assert json.loads((tmp_path / "s" / "report.json").read_text(encoding="utf-8"))["articles_built"] == 40


def test_the_persistent_store_answers_like_memory(plain, tmp_path, capsys):
    query = "SELECT ?name WHERE { ?u a sy:Unit ; rdfs:label ?name } ORDER BY ?name"
    in_memory = plain.sparql(query)
    assert plain.sparql(query, store=tmp_path / "store") == in_memory
    plain.write(tmp_path / "out", formats=("graphml", "nt"))
    assert main(["sparql", query, "-g", str(tmp_path / "out" / "sygraph.graphml"), "--store",
                 str(tmp_path / "st"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == in_memory


def test_dask_on_a_local_cluster_gives_the_same_graph(corpus, plain, tmp_path):
    distributed = pytest.importorskip("dask.distributed", reason="the dask extra is not installed")
    from sygraph.distributed import build_dask

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        kg = build_dask(corpus, client, npartitions=4, shard_dir=tmp_path / "shards")
    assert generate_graphml(kg) == generate_graphml(plain)
    assert len(list((tmp_path / "shards").glob("shard-*.pkl"))) == 4
