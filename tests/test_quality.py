"""Measured extraction quality on the hand-annotated seed and development articles."""
import sygraph
from sygraph.evaluate import score_gold

from conftest import SHARED, needs_shared


def test_seed_gold_scores_and_negatives(seed_graph):
    report = score_gold(seed_graph.to_networkx(), needs_shared(SHARED / "gold"))
    assert report["micro"]["f1"] >= 0.75
    assert report["negatives_extracted"] == []
    assert report["missing_articles"] == []


def test_development_set_negatives_are_not_extracted():
    dev = needs_shared(SHARED / "dev")
    report = score_gold(sygraph.build(dev / "articles").to_networkx(), dev / "gold")
    assert report["micro"]["f1"] >= 0.6
    assert report["missing_articles"] == []
