"""Shared fixtures: the project's paths and one build of the seeds per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

import sygraph

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


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
