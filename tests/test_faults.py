"""Faults a build must survive, each in a real process on a real file system: SIGKILL, SIGINT
and SIGTERM in the middle of one- and two-worker builds, two builds into one folder, a
read-only folder, a full disk, a poisoned cache, FIFOs and broken links among the inputs,
outputs read back as inputs, a bug inside a worker, and the streamed export.

Every corpus here is invented by the test (sentences written for it, names made up)."""
from __future__ import annotations

import json
import os
import pickle
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

import sygraph
from sygraph.cli import main

PY = sys.executable
# places no division table knows (a build from the cache then never loads the table: faster)
UNITS = ["鹤川县人武部", "岚栖镇武装部", "雾川县退役军人事务局", "霁川市双拥办", "澄岫区人武部", "雾川县民政局"]
VILLAGES = ["翠岫村", "芷汀村", "蘅芜村", "沅芷村", "蓼汀村", "汀岫村", "芷岚村"]
PEOPLE = ["赵明远", "钱立新", "孙海燕", "李红梅", "周建华", "吴志刚", "郑秋菊"]
SENTENCES = [
    "{unit}干部职工来到{village}，走访慰问退役军人和烈属，送去米面油和慰问金。",
    "{person}是{unit}的工作人员，他说要把拥军优属的各项政策落到实处。",
    "当天，{unit}与{unit2}签订军地共建协议，双方将在国防教育和就业安置方面加强合作。",
    "{village}地处山区，{unit}多年来帮助村里修通道路、建设饮水工程。",
    "活动现场，医护人员为老兵测量血压，并讲解了冬季养生常识。",
    "{person}表示，今后将定期组织志愿者到{village}开展帮扶活动。",
    "据了解，{unit}今年已累计走访军属家庭{n}户，解决实际困难{m}件。",
    "{village}的老党员{person}感谢{unit}的关心，表示要教育子女踊跃参军。",
]


def article(i: int, sentences: int = 8) -> str:
    """An invented article, different for every ``i``."""
    unit, unit2 = UNITS[i % len(UNITS)], UNITS[(i + 2) % len(UNITS)]
    lines = [f"{unit}开展双拥走访活动（第{i}期）", f"2023-0{1 + i % 9}-1{i % 10} 10:00 来源:临江日报"]
    for k in range(sentences):
        lines.append(SENTENCES[(i + k) % len(SENTENCES)].format(
            unit=UNITS[(i + k) % len(UNITS)], unit2=unit2, village=VILLAGES[(i * 3 + k) % len(VILLAGES)],
            person=PEOPLE[(i + 2 * k) % len(PEOPLE)], n=10 + i + k, m=3 + (i * k) % 7))
    return "\n".join(lines) + "\n"


def corpus(folder: Path, n: int, start: int = 0, sentences: int = 8) -> Path:
    """``n`` invented articles, UTF-8 with a BOM (which spares each build the weighing of
    encodings: the suite is faster)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        (folder / f"a{i:04d}.txt").write_bytes(b"\xef\xbb\xbf" + article(i, sentences).encode("utf-8"))
    return folder


def launch(*args: str, code: str | None = None, env: dict | None = None, cwd: Path | None = None) -> subprocess.Popen:
    """``sygraph build ARGS`` in a new session (its own process group, as a terminal job)."""
    command = [PY, "-c", code, *args] if code else [PY, "-m", "sygraph.cli", "build", *args]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, env={**os.environ, **(env or {})}, cwd=cwd)


def finish(proc: subprocess.Popen, timeout: float = 90) -> tuple[int, str, str]:
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        out, err = proc.communicate()
        pytest.fail(f"the build did not end in {timeout} s:\n{err}")
    return proc.returncode, out, err


def build(*args: str, timeout: float = 90, **kw) -> tuple[int, str, str]:
    return finish(launch(*args, **kw), timeout)


def kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _stat(pid: int) -> list[str] | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            return f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None


def children(pid: int) -> list[int]:
    """The live child processes of ``pid``, read from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat(int(entry))
            if fields and int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry))
    return found


def alive(pid: int, group: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z" and int(fields[2]) == group


def wait_for(condition, timeout: float, what: str, proc: subprocess.Popen | None = None):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"the build ended before {what}: {proc.returncode}\n{proc.stderr.read()}")
        time.sleep(0.02)
    pytest.fail(f"timed out waiting for {what}")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def leftovers(*folders: Path) -> list[str]:
    """sygraph's staging, lock and temporary files in and beside the folders."""
    found = []
    for folder in folders:
        for where in (folder, folder.parent):
            if where.is_dir():
                found += [str(where / p.name) for p in where.iterdir()
                          if "sygraph-" in p.name or p.name.endswith(".tmp")]
    return sorted(set(found))


def cache_entries(folder: Path) -> list[Path]:
    return [p for p in folder.glob("[0-9a-f][0-9a-f]/*") if p.is_file()] if folder.is_dir() else []


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    """A finished build of a small corpus (the outputs a failed build must leave whole), and
    its warm cache, and the corpus grown by one more article (built from that cache, it extracts
    one article: fast, so that a test reaches the writing stage soon)."""
    base = tmp_path_factory.mktemp("previous")
    small = corpus(base / "small", 4, sentences=4)
    grown = corpus(base / "grown", 4, sentences=4)
    corpus(grown, 1, start=900, sentences=4)
    for given, out in ((grown, "grown-out"), (small, "out")):  # the second from the cache
        code, _, err = build(str(given), "-o", str(base / out), "--cache", str(base / "cache"), "-q", "-j", "1")
        assert code == 0, err
    return {"out": base / "out", "cache": base / "cache", "small": small, "grown": grown,
            "files": snapshot(base / "out")}


def setup_out(previous, tmp_path) -> tuple[Path, Path]:
    """A copy of the previous outputs and of the warm cache, for one test to damage."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    shutil.copytree(previous["out"], out)
    shutil.copytree(previous["cache"], cache)
    return out, cache


@pytest.fixture(scope="module")
def slow(tmp_path_factory):
    """Enough invented articles that extraction takes several seconds with two workers."""
    return corpus(tmp_path_factory.mktemp("slow") / "in", 160, sentences=12)


# -- 1, 2: interrupted in the middle of extraction, with workers ---------------------------------
# the three cases of a test run at once (each its own process group, folders and cache): the
# suite stays short on two cores

HOWS = ("SIGKILL", "SIGINT", "SIGTERM")
STOPPED = {"SIGINT": (130, "sygraph: interrupted\n"), "SIGTERM": (143, "sygraph: terminated\n")}


NO_WARM_UP = """
import sys
import sygraph.segment
sygraph.segment.tokenize = lambda text, real=sygraph.segment.tokenize: [] if text == "预热" else real(text)
from sygraph.cli import main  # the workers load the tokenizer themselves: the workers start sooner
sys.exit(main(["build", *sys.argv[1:]]))
"""


def test_two_worker_builds_stopped_while_extracting(previous, slow, tmp_path):
    runs = {}
    try:
        for how in HOWS:
            out, cache = setup_out(previous, tmp_path / how)
            runs[how] = (launch(str(slow), "-o", str(out), "--cache", str(cache), "-j", "2", "-q", code=NO_WARM_UP),
                         out, cache)
        results = {}
        for how, (proc, out, cache) in runs.items():
            # the workers are up, with batches of articles in flight
            wait_for(lambda: len(children(proc.pid)) >= 2, 90, "two workers", proc)
            time.sleep(0.3)
            workers = children(proc.pid)
            if how == "SIGKILL":
                os.kill(proc.pid, signal.SIGKILL)
            else:  # as Ctrl-C, or a service manager, does: to the whole process group
                os.killpg(proc.pid, getattr(signal, how))
            results[how] = (proc, workers)
        for how, (proc, workers) in results.items():
            code, _, err = finish(proc, 30)
            # no worker outlives the build
            wait_for(lambda: not any(alive(w, proc.pid) for w in workers), 10, f"the workers of {how} to end")
            out, cache = runs[how][1], runs[how][2]
            assert snapshot(out) == previous["files"], how  # the previous outputs, whole
            if how == "SIGKILL":
                assert code == -signal.SIGKILL
                assert leftovers(out)  # until the next build
            else:
                assert (code, err) == STOPPED[how]
                assert leftovers(out) == [] and [p.name for p in cache.iterdir() if p.name.startswith(".")] == []
    finally:
        for proc, *_ in runs.values():
            kill_group(proc)
    # the next build removes what the killed one left, before it reads anything
    out, cache = runs["SIGKILL"][1:]
    (tmp_path / "empty").mkdir()
    code, _, err = build(str(tmp_path / "empty"), "-o", str(out), "-q", "--cache", str(cache))
    assert code == 0, err
    assert set(snapshot(out)) == set(previous["files"])
    assert leftovers(out) == [] and [p.name for p in cache.iterdir() if p.name.startswith(".")] == []


# -- 2, 3: stopped while the outputs are being written --------------------------------------------

STOP_AT_THE_FIRST_OUTPUT = """
import os, signal, sys
from sygraph.cli import main
real = os.replace
def replace(a, b, **kw):  # the first output file is in place (in staging, or in the folder)
    real(a, b, **kw)
    if str(b).endswith(("sygraph.graphml", "sygraph.ttl")):
        os.kill(os.getpid(), signal.{signal})
os.replace = replace
sys.exit(main(["build", *sys.argv[1:]]))
"""


def test_builds_stopped_while_writing_leave_the_previous_outputs(previous, tmp_path):
    runs = {}
    for how in HOWS:
        out, cache = setup_out(previous, tmp_path / how)
        runs[how] = (launch(str(previous["grown"]), "-o", str(out), "--cache", str(cache), "-q", "-j", "1",
                            code=STOP_AT_THE_FIRST_OUTPUT.replace("{signal}", how)), out, cache)
    for how, (proc, out, cache) in runs.items():
        code, _, err = finish(proc)
        assert snapshot(out) == previous["files"], how  # never one new file beside old ones
        if how == "SIGKILL":
            assert code == -signal.SIGKILL
            assert leftovers(out)  # what a killed build leaves, until the next build
        else:
            assert (code, err) == STOPPED[how]
            assert leftovers(out) == []
    out, cache = runs["SIGKILL"][1:]
    code, _, err = build(str(previous["grown"]), "-o", str(out), "--cache", str(cache), "-q", "-j", "1")
    assert code == 0, err
    assert leftovers(out) == [] and json.loads((out / "report.json").read_text())["articles_built"] == 5


# -- 3: one folder, one build at a time; what a narrower build leaves ------------------------------

SLOW_READING = """
import sys, time
import sygraph.builder
real = sygraph.builder.read_articles
def read_articles(*args, **kwargs):  # a build that takes a while, holding its folder's lock
    time.sleep(3)
    yield from real(*args, **kwargs)
sygraph.builder.read_articles = read_articles
from sygraph.cli import main
sys.exit(main(["build", *sys.argv[1:]]))
"""


def test_two_builds_into_one_folder(previous, tmp_path):
    out, cache = setup_out(previous, tmp_path)
    first_input = previous["grown"]
    first = launch(str(first_input), "-o", str(out), "--cache", str(cache), "-q", "-j", "1", code=SLOW_READING)
    try:
        wait_for(lambda: (tmp_path / ".out.sygraph-lock").exists(), 30, "the first build's lock", first)
        code, _, err = build(str(previous["small"]), "-o", str(out), "--cache", str(cache), "-q", timeout=30)
        assert code == 1 and err.count("\n") == 1 and err.startswith("sygraph: error: ")
        assert f"another build (pid {first.pid})" in err
        code, _, err = finish(first, 60)
    finally:
        kill_group(first)
    assert code == 0, err
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["inputs"] == [str(first_input)] and report["articles_built"] == 5
    assert leftovers(out) == []
    # a narrower build leaves no file of an earlier, wider one
    code, _, err = build(str(previous["small"]), "-o", str(out), "--cache", str(cache), "-q", "--format", "graphml")
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["report.json", "sygraph.graphml"]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["outputs"] == ["sygraph.graphml"] and report["articles_built"] == 4


def test_what_is_not_sygraphs_in_the_folder_stays(previous, tmp_path):
    out, cache = setup_out(previous, tmp_path)
    (out / "notes.txt").write_text("我的笔记", encoding="utf-8")
    (out / "store").mkdir()
    (out / "store" / "data").write_bytes(b"x")
    os.chmod(out, 0o750)
    code, _, err = build(str(previous["small"]), "-o", str(out), "--cache", str(cache), "-q", "--format", "nt")
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt", "report.json", "store", "sygraph.nt"]
    assert (out / "store" / "data").read_bytes() == b"x" and stat.S_IMODE(out.stat().st_mode) == 0o750
    assert json.loads((out / "report.json").read_text())["articles_built"] == 4 and leftovers(out) == []


# -- 3: a folder that cannot be written, a full disk ----------------------------------------------

def test_a_read_only_output_folder_is_said_before_any_work(previous, tmp_path, small_disk):
    if os.geteuid() == 0:  # root ignores permissions: a read-only file system instead
        disk = tmp_path / "disk"
        small_disk.mount(disk, "8m")
        shutil.copytree(previous["out"], disk / "out")
        run = subprocess.run(["mount", "-o", "remount,ro", str(disk)], capture_output=True, text=True)
        if run.returncode:
            pytest.skip(f"cannot remount read-only: {run.stderr.strip()}")
        _check_read_only(disk / "out", tmp_path, previous, "Read-only file system")
    else:
        out = tmp_path / "out"
        shutil.copytree(previous["out"], out)
        os.chmod(out, 0o555)
        try:
            _check_read_only(out, tmp_path, previous, "Permission denied")
        finally:
            os.chmod(out, 0o755)


def _check_read_only(out: Path, tmp_path: Path, previous, reason: str) -> None:
    cache = tmp_path / "fresh-cache"
    code, _, err = build(str(previous["small"]), "-o", str(out), "--cache", str(cache), "-q")
    assert code == 1 and err == f"sygraph: error: {out}: cannot write ({reason})\n"
    assert snapshot(out) == previous["files"]
    assert cache_entries(cache) == []  # said before any article was extracted


def test_a_full_disk_leaves_the_previous_outputs(previous, tmp_path, small_disk):
    disk = tmp_path / "disk"
    small_disk.mount(disk, "4m")
    out = disk / "out"
    shutil.copytree(previous["out"], out)
    filler = disk / "filler"
    small_disk.fill(filler)  # then free room for the first file, not for all
    os.truncate(filler, max(0, filler.stat().st_size - len(previous["files"]["sygraph.graphml"]) * 3 // 2))
    code, _, err = build(str(previous["grown"]), "-o", str(out), "--cache", str(previous["cache"]), "-q",
                         "-j", "1")
    assert code == 1 and err == f"sygraph: error: {out}: cannot write (No space left on device)\n"
    assert snapshot(out) == previous["files"] and leftovers(out) == []
    # the streamed export on that disk: one line, never a traceback
    small_disk.fill(filler)
    os.truncate(filler, filler.stat().st_size - 4096)
    code, _, err = build(str(previous["grown"]), "-o", str(out), "--stream", "-q", "-j", "1",
                         "--cache", str(previous["cache"]))
    assert code == 1 and err == f"sygraph: error: {out}: cannot write (No space left on device)\n"
    assert snapshot(out) == previous["files"] and leftovers(out) == []


def test_a_stream_into_a_file_gives_one_line(previous, tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder", encoding="utf-8")
    code, _, err = build(str(previous["small"]), "-o", str(blocked), "-q", "--stream")
    assert code == 1 and err == f"sygraph: error: {blocked}: not a folder\n"


# -- 5: a poisoned cache --------------------------------------------------------------------------

def test_a_corrupt_truncated_planted_or_foreign_cache_is_a_miss(previous, tmp_path):
    import zlib

    from sygraph.ingest import read_articles
    from sygraph.parallel import article_sha256

    out, cache = setup_out(previous, tmp_path)
    # the cache as the code of this moment keys it (code edited since the module's first build
    # is another pipeline: this build then fills the cache again)
    code, _, err = build(str(previous["small"]), "-o", str(tmp_path / "refresh"), "--cache", str(cache), "-q", "-j", "1")
    assert code == 0, err
    # the entries of the four articles, found by the article digest each holds (the newest: the
    # keys hold a digest of sygraph's code, which may have changed since this test process began)
    holds = {}
    for p in sorted(cache_entries(cache), key=lambda p: p.stat().st_mtime_ns):
        holds[json.loads(zlib.decompress(p.read_bytes()))["article_sha256"]] = p
    paths = [holds[article_sha256(a)] for a in read_articles([previous["small"]])]
    marker = tmp_path / "PWNED"

    class Exploit:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    paths[0].write_bytes(os.urandom(300))  # corrupt
    paths[1].write_bytes(paths[1].read_bytes()[: paths[1].stat().st_size // 2])  # truncated
    paths[2].write_bytes(paths[3].read_bytes())  # another article's entry
    paths[3].unlink()
    paths[3].mkdir()  # a folder where an entry should be
    for path in paths:  # and pickles that run code, where the old cache looked
        path.with_name(path.name.split(".")[0] + ".pkl").write_bytes(pickle.dumps(Exploit()))
    code, _, err = build(str(previous["small"]), "-o", str(out), "--cache", str(cache), "-q", "-j", "1")
    assert code == 0 and "Traceback" not in err
    warning = (f"{cache}: 4 cache entries could not be read (corrupt, truncated, or not an entry of this article "
               "and version) and were extracted again")
    assert err == f"sygraph: warning: {warning}\n"
    assert not marker.exists()
    files = snapshot(out)
    report = json.loads(files.pop("report.json"))
    assert report["warnings"] == [{"input": str(cache), "problem": warning.partition(": ")[2]}]
    # byte-identical to the build from the clean cache
    assert files == {k: v for k, v in snapshot(tmp_path / "refresh").items() if k != "report.json"}


# -- 4, 6: what is walked -----------------------------------------------------------------------------

def _deep_folder(root: Path, text: str) -> None:
    """Folders nested past PATH_MAX (4096 bytes), made relative to each other."""
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(18):
            name = "深" * 80
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        out = os.open("深处.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, text.encode("utf-8"))
        os.close(out)
    finally:
        os.close(fd)


def test_fifos_broken_links_and_overlong_paths_are_named_and_never_block(previous, tmp_path):
    src = tmp_path / "in"
    shutil.copytree(previous["small"], src)
    os.mkfifo(src / "pipe.txt")  # nothing ever writes to it: reading it would block for ever
    os.symlink(src / "gone.txt", src / "broken.txt")
    os.symlink(src / "gone-folder", src / "broken-folder")
    _deep_folder(src, article(7))
    code, _, err = build(str(src), "-o", str(tmp_path / "out"), "-q", "-j", "1", "--cache", str(previous["cache"]),
                         timeout=60)
    assert code == 3, err
    lines = sorted(err.splitlines())
    assert lines[:3] == [f"sygraph: skipped: {src / 'broken-folder'}: a symbolic link to nothing ({src / 'gone-folder'})",
                         f"sygraph: skipped: {src / 'broken.txt'}: a symbolic link to nothing ({src / 'gone.txt'})",
                         f"sygraph: skipped: {src / 'pipe.txt'}: not a regular file (a FIFO)"]
    assert len(lines) == 4 and lines[3].startswith(f"sygraph: skipped: {src}/深") \
        and lines[3].endswith(": cannot read this folder (File name too long)")
    assert json.loads((tmp_path / "out" / "report.json").read_text())["articles_built"] == 4


def test_outputs_are_never_read_back_as_inputs(previous, tmp_path, monkeypatch, capsys):
    src = tmp_path / "corpus"
    shutil.copytree(previous["small"], src)
    cache = str(previous["cache"])
    for _ in range(2):  # the second build finds the first one's outputs inside its input
        assert main(["build", str(src), "-o", str(src / "out"), "-q", "--cache", cache]) == 0
        assert json.loads((src / "out" / "report.json").read_text())["articles_built"] == 4
    # `sygraph build .` with the default output/ (and another build's folder) inside it
    monkeypatch.chdir(src)
    for _ in range(2):
        assert main(["build", ".", "-q", "--cache", cache]) == 0
        report = json.loads((src / "output" / "report.json").read_text())
        assert report["articles_built"] == 4 and report["skipped"] == []
    assert capsys.readouterr().err == ""


def test_an_output_folder_that_is_the_current_folder_is_written_in_place(previous, tmp_path):
    out, cache = setup_out(previous, tmp_path)
    (out / "keep.md").write_text("留着", encoding="utf-8")
    code, _, err = build(str(previous["grown"]), "-o", ".", "-q", "--cache", str(cache), "--format", "graphml", "nt",
                         cwd=out)
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["keep.md", "report.json", "sygraph.graphml", "sygraph.nt"]
    assert json.loads((out / "report.json").read_text())["articles_built"] == 5 and leftovers(out) == []


# -- 6: the same names, the same ids ------------------------------------------------------------------

def test_same_named_files_are_named_by_their_paths_whatever_the_order(tmp_path, capsys):
    for folder, text in (("a", article(1, 3)), ("b", article(2, 3))):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(text, encoding="utf-8")
    a, b = str(tmp_path / "a" / "x.txt"), str(tmp_path / "b" / "x.txt")
    assert main(["build", a, b, "-o", str(tmp_path / "ab"), "-q", "--format", "graphml", "nt"]) == 0
    assert main(["build", b, a, "-o", str(tmp_path / "ba"), "-q", "--format", "graphml", "nt"]) == 0
    assert snapshot(tmp_path / "ab")["sygraph.graphml"] == snapshot(tmp_path / "ba")["sygraph.graphml"]
    assert snapshot(tmp_path / "ab")["sygraph.nt"] == snapshot(tmp_path / "ba")["sygraph.nt"]
    sources = {x["source"] for x in sygraph.load(tmp_path / "ab" / "sygraph.graphml").articles()}
    assert sources == {"a/x.txt", "b/x.txt"}
    # the same file twice is one article, said once
    capsys.readouterr()
    assert main(["build", a, a, "-o", str(tmp_path / "aa"), "-q", "--format", "graphml"]) == 0
    assert capsys.readouterr().err == f"sygraph: warning: {a}: given twice; read once\n"


def test_a_duplicate_jsonl_id_is_skipped_naming_file_and_line(tmp_path, capsys):
    def record(ident, i):
        return json.dumps({"id": ident, "text": article(i, 3)}, ensure_ascii=False)

    (tmp_path / "one.jsonl").write_text("\n".join([record("k1", 1), record("k2", 2), record("k1", 3)]) + "\n",
                                        encoding="utf-8")
    (tmp_path / "two.jsonl").write_text(record("k2", 4) + "\n", encoding="utf-8")
    one, two = str(tmp_path / "one.jsonl"), str(tmp_path / "two.jsonl")
    for n, order in enumerate(([one, two], [two, one])):
        assert main(["build", *order, "-o", str(tmp_path / f"o{n}"), "-q", "--format", "graphml"]) == 3
        assert sorted(capsys.readouterr().err.splitlines()) == [
            f"sygraph: skipped: {one}:3: duplicate id 'k1' (first: {one}:1); skipped",
            f"sygraph: skipped: {two}:1: duplicate id 'k2' (first: {one}:2); skipped"]
    assert (tmp_path / "o0" / "sygraph.graphml").read_bytes() == (tmp_path / "o1" / "sygraph.graphml").read_bytes()


# -- 7: a bug inside a worker -------------------------------------------------------------------------

BUG_IN_A_WORKER = """
import sys
import sygraph.parallel, sygraph.pipeline
sygraph.parallel.SMALL_CORPUS = 0  # workers even for a few articles
import sygraph.segment
sygraph.segment.tokenize = lambda text: []  # the parent's warm-up: no article here needs the tokenizer
real = sygraph.pipeline.extract
def extract(article, registry=None):
    if article.source == "a0950.txt":
        return {}["a bug"]
    return real(article, registry)
sygraph.pipeline.extract = extract
from sygraph.cli import main
sys.exit(main(["build", *sys.argv[1:]]))
"""


def test_a_bug_in_a_worker_is_an_internal_error_with_its_traceback_on_request(previous, tmp_path):
    # the other articles come from the cache: only the one with the bug reaches a worker
    src = tmp_path / "in"
    shutil.copytree(previous["small"], src)
    corpus(src, 1, start=950)
    procs = [launch(str(src), "-o", str(tmp_path / f"out{debug}"), "-q", "-j", "2", "--cache",
                    str(previous["cache"]), code=BUG_IN_A_WORKER, env={"SYGRAPH_DEBUG": debug}) for debug in ("", "1")]
    (code, _, err), (debug_code, _, debug_err) = (finish(p) for p in procs)
    assert code == 4 and err == ("sygraph: internal error: a0950.txt: KeyError: 'a bug' "
                                 "(run with --debug for the traceback)\n")
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["articles_built"] == 4 and report["skipped"] == []
    assert report["internal_errors"] == [{"input": "a0950.txt", "problem": "KeyError: 'a bug'"}]
    assert debug_code == 4 and debug_err.startswith("Traceback (most recent call last):\n")
    assert ", in extract\n" in debug_err
    assert debug_err.endswith("\nKeyError: 'a bug'\nsygraph: internal error: a0950.txt: KeyError: 'a bug'\n")


# -- 8: the streamed export -----------------------------------------------------------------------------

def test_the_streamed_file_has_an_ordinary_mode_and_its_true_triple_count(previous, tmp_path):
    import rdflib

    out = tmp_path / "out"
    code, stdout, err = build(str(previous["grown"]), "-o", str(out), "--stream", "-j", "1", "--cache",
                              str(previous["cache"]), code="import os, sys; os.umask(0o027); from sygraph.cli import "
                                                           "main; sys.exit(main(['build', *sys.argv[1:]]))")
    assert code == 0, err
    nt = out / "sygraph.nt"
    assert stat.S_IMODE(nt.stat().st_mode) == 0o640  # 0666 under the umask, as every output
    triples = len(rdflib.Graph().parse(nt, format="nt"))
    assert len(nt.read_text(encoding="utf-8").splitlines()) > triples  # the file repeats some
    assert json.loads((out / "report.json").read_text())["counts"] == {"triples": triples}
    assert f"triples {triples} " in stdout
