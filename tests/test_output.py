"""The committed output/ is what the seeds build to, byte for byte."""
import filecmp
import os
import subprocess
import sys

from conftest import ROOT, SEEDS, SHARED, needs_shared


def test_seeds_are_copies_of_the_shared_seeds():
    shared = needs_shared(SHARED / "seeds")
    names = sorted(p.name for p in shared.glob("*.txt"))
    assert names == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert all((SEEDS / n).read_bytes() == (shared / n).read_bytes() for n in names)


def _build(out, seed):
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    subprocess.run([sys.executable, "-m", "sygraph.cli", "build", "seeds", "-o", str(out), "-q"],
                   check=True, env=env, cwd=ROOT)


def test_committed_output_is_fresh_and_rebuilds_are_identical(tmp_path):
    _build(tmp_path / "a", 1)
    _build(tmp_path / "b", 2)
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == ["report.json", "sygraph.graphml", "sygraph.html", "sygraph.ttl"]
    match, mismatch, errors = filecmp.cmpfiles(tmp_path / "a", tmp_path / "b", names, shallow=False)
    assert mismatch == [] and errors == []
    match, mismatch, errors = filecmp.cmpfiles(ROOT / "output", tmp_path / "a", names, shallow=False)
    assert mismatch == [] and errors == [], "output/ is stale: run `sygraph build` and commit it"
