"""The incremental cache holds data, never code: every entry is checked when read, and
whatever does not read back exactly is a miss, extracted again; the graph built from the
cache is byte-identical to a clean build; a cache that cannot be written is said once."""
from __future__ import annotations

import json
import os
import pickle
import subprocess
import zlib
from dataclasses import replace

import pytest

import sygraph
from sygraph.cli import main
from sygraph.formats.graphml import generate_graphml
from sygraph.ingest import parse_article
from sygraph.parallel import CACHE_FORMAT, ResultCache, _same, article_sha256, pipeline_version
from sygraph.pipeline import extract

TEXTS = {
    "a.txt": "青川县人武部走访慰问\n2023-03-12 10:00 来源:临江日报\n青川县人武部干部职工来到桃源村，走访慰问退役军人和烈属。"
             "村民赵明远感谢青川县人武部的关心。",
    "b.txt": "白河县双拥纪实\n2023-04-02 09:00 来源:临江日报\n白河县退役军人事务局与临江市双拥办签订共建协议，"
             "双方将在国防教育方面加强合作。",
}


@pytest.fixture(scope="module")
def articles():
    return [parse_article(name, text) for name, text in TEXTS.items()]


@pytest.fixture()
def store(tmp_path, articles):
    cache = ResultCache(tmp_path / "cache")
    cache.prepare()
    for a in articles:
        cache.put(a, extract(a))
    return cache


def test_an_entry_reads_back_as_exactly_the_result(store, articles):
    for a in articles:
        assert _same(store.get(a), extract(a))
    assert (store.hits, store.misses, store.invalid) == (2, 0, 0)
    entry = json.loads(zlib.decompress(store.entry_path(articles[0]).read_bytes()))
    assert entry["format"] == CACHE_FORMAT and entry["pipeline"] == pipeline_version()
    assert entry["article_sha256"] == article_sha256(articles[0]) and entry["key"] == store.key(articles[0])


def _plant(path, data):
    path.unlink()
    path.write_bytes(data)


def _entry(store, article, **changes):
    entry = json.loads(zlib.decompress(store.entry_path(article).read_bytes()))
    entry.update(changes)
    return zlib.compress(json.dumps(entry).encode("utf-8"))


@pytest.mark.parametrize("damage", ["corrupt", "truncated", "empty", "other article", "other version",
                                    "other registry", "other format", "wrong types", "not an object",
                                    "deep nesting", "trailing data", "zlib bomb", "pickle", "folder", "fifo",
                                    "link to a device"])
def test_a_damaged_entry_is_a_miss(damage, store, articles, tmp_path):
    a, b = articles
    path = store.entry_path(a)
    marker = tmp_path / "PWNED"

    class Exploit:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    good = path.read_bytes()
    if damage == "corrupt":
        _plant(path, os.urandom(len(good)))
    elif damage == "truncated":
        _plant(path, good[: len(good) // 2])
    elif damage == "empty":
        _plant(path, b"")
    elif damage == "other article":
        _plant(path, store.entry_path(b).read_bytes())
    elif damage == "other version":
        _plant(path, _entry(store, a, pipeline="0" * 20))
    elif damage == "other registry":
        _plant(path, _entry(store, a, registry="f" * 64))
    elif damage == "other format":
        _plant(path, _entry(store, a, format="sygraph-cache/1"))
    elif damage == "wrong types":
        entry = json.loads(zlib.decompress(good))
        entry["result"]["mentions"] = [[m[0], str(m[1])] for m in entry["result"]["mentions"]]
        _plant(path, zlib.compress(json.dumps(entry).encode()))
    elif damage == "not an object":
        _plant(path, zlib.compress(b"[1, 2, 3]"))
    elif damage == "deep nesting":
        _plant(path, zlib.compress(b"[" * 100_000 + b"]" * 100_000))
    elif damage == "trailing data":
        _plant(path, good + b"more")
    elif damage == "zlib bomb":
        _plant(path, zlib.compress(b" " * (80 << 20), 9))
    elif damage == "pickle":
        _plant(path, pickle.dumps(Exploit()))
    elif damage == "folder":
        path.unlink()
        path.mkdir()
    elif damage == "fifo":  # reading it would block for ever
        path.unlink()
        os.mkfifo(path)
    elif damage == "link to a device":
        path.unlink()
        path.symlink_to("/dev/zero")
    assert store.get(a) is None
    assert (store.misses, store.invalid) == (1, 1) and not marker.exists()
    assert _same(store.get(b), extract(b))  # the others are still read


def test_no_pickle_is_ever_read(store, articles, tmp_path):
    marker = tmp_path / "PWNED"

    class Exploit:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    for a in articles:  # where the cache of earlier versions kept its pickles
        old = store.folder / store.key(a)[:2] / f"{store.key(a)}.pkl"
        old.write_bytes(pickle.dumps(Exploit()))
        store.entry_path(a).unlink()
        assert store.get(a) is None
    assert not marker.exists()


def test_a_result_json_cannot_carry_is_not_cached(store, articles):
    a = articles[0]
    result = extract(a)
    odd = replace(result, home=("not", "a", "string"))  # a value the cache would not read back as it was
    store.entry_path(a).unlink()
    store.put(a, odd)
    assert not store.entry_path(a).exists()


def _corpus(folder):
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_outputs_from_the_cache_are_byte_identical(tmp_path):
    src = _corpus(tmp_path / "in")
    formats = ["--format", "graphml", "ttl", "nt", "jsonld", "csv", "html"]
    assert main(["build", str(src), "-o", str(tmp_path / "clean"), "-q", *formats]) == 0
    for run in ("first", "again"):  # filling the cache, then reading it
        assert main(["build", str(src), "-o", str(tmp_path / run), "-q", "--cache", str(tmp_path / "c"), *formats]) == 0
    for name in ("sygraph.graphml", "sygraph.ttl", "sygraph.nt", "sygraph.jsonld", "nodes.csv", "edges.csv",
                 "sygraph.html", "report.json"):
        clean = (tmp_path / "clean" / name).read_bytes()
        assert (tmp_path / "first" / name).read_bytes() == clean == (tmp_path / "again" / name).read_bytes(), name
    assert generate_graphml(sygraph.build(src, cache=tmp_path / "c")) == generate_graphml(sygraph.build(src))


def test_stale_scratch_folders_of_dead_builds_are_removed(tmp_path, articles):
    cache = tmp_path / "cache"
    dead = 2 ** 22 + 12345  # above the largest pid Linux gives: no process has it
    (cache / f".sygraph-tmp-{dead}").mkdir(parents=True)
    (cache / f".sygraph-tmp-{dead}" / "x.tmp").write_bytes(b"half")
    store = ResultCache(cache)
    store.put(articles[0], extract(articles[0]))
    assert sorted(p.name for p in cache.iterdir() if p.name.startswith(".")) == [f".sygraph-tmp-{os.getpid()}"]
    store.close()
    assert [p.name for p in cache.iterdir() if p.name.startswith(".")] == []


def test_a_cache_path_that_is_a_file_is_said_once(tmp_path, capsys):
    src = _corpus(tmp_path / "in")
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder", encoding="utf-8")
    assert main(["build", str(src), "-o", str(tmp_path / "out"), "-q", "--cache", str(blocked)]) == 0
    assert capsys.readouterr().err == \
        f"sygraph: warning: {blocked}: the cache is not a folder; the build goes on without it\n"


def test_a_cache_on_a_full_or_read_only_disk_is_said_once(tmp_path, capsys, small_disk):
    src = _corpus(tmp_path / "in")
    disk = tmp_path / "disk"
    small_disk.mount(disk, "1m")
    (disk / "cache").mkdir()
    small_disk.fill(disk / "filler")
    assert main(["build", str(src), "-o", str(tmp_path / "out"), "-q", "--cache", str(disk / "cache")]) == 0
    err = capsys.readouterr().err
    assert err == (f"sygraph: warning: {disk / 'cache'}: cannot write the cache (No space left on device); "
                   "the build goes on without keeping extractions\n")
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["articles_built"] == 2 and len(report["warnings"]) == 1
    # read-only: the cache is still read, nothing is kept
    os.unlink(disk / "filler")
    assert main(["build", str(src), "-o", str(tmp_path / "out"), "-q", "--cache", str(disk / "cache")]) == 0
    capsys.readouterr()
    run = subprocess.run(["mount", "-o", "remount,ro", str(disk)], capture_output=True, text=True)
    if run.returncode:
        pytest.skip(f"cannot remount read-only: {run.stderr.strip()}")
    store = ResultCache(disk / "cache", on_warning=print)
    assert store.get(parse_article("a.txt", TEXTS["a.txt"])) is not None
    capsys.readouterr()
    assert main(["build", str(src), "-o", str(tmp_path / "out2"), "-q", "--cache", str(disk / "cache")]) == 0
    assert capsys.readouterr().err == (f"sygraph: warning: {disk / 'cache'}: cannot write the cache (Read-only "
                                       "file system); the build goes on without keeping extractions\n")
    assert (tmp_path / "out2" / "sygraph.graphml").read_bytes() == (tmp_path / "out" / "sygraph.graphml").read_bytes()
