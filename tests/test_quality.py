"""Measured extraction quality on the hand-annotated seed and development articles."""
import sygraph
from sygraph.evaluate import score_gold

from conftest import SHARED, needs_shared


def test_seed_gold_scores_and_negatives(seed_graph):
    report = score_gold(seed_graph.to_networkx(), needs_shared(SHARED / "gold"))
    assert report["micro"]["f1"] >= 0.92
    assert all(t["f1"] >= 0.85 for t in report["types"].values())
    assert report["relations"]["recall"] >= 0.85
    assert report["negatives_extracted"] == []
    assert report["missing_articles"] == []


def test_development_set_negatives_are_not_extracted():
    dev = needs_shared(SHARED / "dev")
    report = score_gold(sygraph.build(dev / "articles").to_networkx(), dev / "gold")
    assert report["micro"]["f1"] >= 0.88
    assert all(t["f1"] >= 0.80 for t in report["types"].values())
    assert report["relations"]["recall"] >= 0.55
    assert report["negatives_extracted"] == []
    assert report["missing_articles"] == []


def test_peoples_daily_floor():
    """General news nobody tuned for: a floor that catches regressions (see the README)."""
    from sygraph.evaluate import score_bio

    report = score_bio(needs_shared(SHARED / "pd-ner" / "dev.bio"))
    assert report["types"]["person"]["f1"] >= 0.65 and report["types"]["place"]["f1"] >= 0.68
