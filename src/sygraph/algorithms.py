"""Graph algorithms over the container that more than one layer needs: the entity graph
that paths, rankings and communities walk, and the communities themselves (the Parquet export
writes them as a table; :mod:`sygraph.query` answers with them).
"""
from __future__ import annotations

import networkx as nx

from .graph import CO_OCCURS_WITH, ENTITY_TYPES, MENTIONED_IN, GraphData
from .model import Entity

__all__ = ["entity_graph", "communities"]


def entity_graph(kg: GraphData, co_occurrence: bool = True) -> nx.Graph:
    """Entities joined by typed relations (weight 1 each) and, optionally, co-occurrence."""
    g = nx.Graph()
    for n, d in sorted(kg.graph.nodes(data=True)):
        if d.get("type") in ENTITY_TYPES:
            g.add_node(n)
    for u, v, _, d in kg.edges():
        rel = d.get("relation")
        if rel == CO_OCCURS_WITH and not co_occurrence:
            continue
        if u in g and v in g and rel != MENTIONED_IN:
            weight = float(d.get("weight", 1.0))
            g.add_edge(u, v, weight=g.edges[u, v]["weight"] + weight if g.has_edge(u, v) else weight)
    return g


def communities(kg: GraphData, min_size: int = 2) -> list[list[Entity]]:
    """Groups of entities that work together: Louvain communities over typed relations and
    co-occurrence (weighted), largest first; the seed is fixed, so results are repeatable."""
    g = entity_graph(kg, co_occurrence=True)
    g.remove_nodes_from([n for n in list(g) if g.degree(n) == 0])
    if not g.number_of_edges():
        return []
    groups = nx.community.louvain_communities(g, weight="weight", seed=0)
    out = [sorted((kg._entity(n) for n in group), key=lambda e: (e.type.value, e.name)) for group in groups
           if len(group) >= min_size]
    return sorted(out, key=lambda grp: (-len(grp), grp[0].name))
