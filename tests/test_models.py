"""The shipped models agree with the shipped corpus and lexicon: a model records what it was
trained on, and a lexicon edit that changes its features without retraining fails here."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from sygraph import body, pairs, tagger
from sygraph.lexicon import digest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = hashlib.sha256((ROOT / "corpus" / "annotations.jsonl").read_bytes()).hexdigest()


@pytest.mark.parametrize("model, files, retrain", [
    (body.model_path(), body.FEATURE_FILES, "scripts/train_body.py"),
    (tagger.domain_model_path(), tagger.FEATURE_FILES, "scripts/train_domain.py"),
    (pairs.model_path(), pairs.LEXICON_FILES, "scripts/train_relations.py"),
])
def test_a_corpus_model_was_trained_on_the_shipped_corpus_and_lexicon(model, files, retrain):
    record = json.loads(Path(model + ".json").read_text(encoding="utf-8"))
    assert (record["annotations"], record["lexicon"]) == (CORPUS, digest(files)), f"stale: run {retrain}"


def test_the_digest_changes_with_any_feature_file_and_nothing_else(monkeypatch):
    from sygraph import lexicon

    before = digest(("roles.tsv", "chrome.tsv"))
    real = lexicon._read_text
    monkeypatch.setattr(lexicon, "_read_text", lambda name: real(name) + ("x" if name == "roles.tsv" else ""))
    assert digest(("roles.tsv", "chrome.tsv")) != before
    assert digest(("chrome.tsv",)) == hashlib.sha256(b"chrome.tsv\0" + real("chrome.tsv").encode() + b"\0").hexdigest()[:16]
