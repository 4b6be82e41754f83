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
    """Entities joined by typed relations (weight 1 each) and, optionally, co-occurrence.

    One undirected edge per pair of entities; its weight adds up every statement between
    them (and, with ``co_occurrence``, every sentence naming both). Articles are not nodes.

    Parameters
    ----------
    kg : GraphData
    co_occurrence : bool, default True

    Returns
    -------
    networkx.Graph
        Every entity is a node, related or not.

    Examples
    --------
    >>> import sygraph
    >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
    >>> g = entity_graph(kg, co_occurrence=False)
    >>> g.number_of_nodes(), g.number_of_edges()
    (6, 9)
    >>> unit, county = kg.find("叙永县人武部")[0].id, kg.find("叙永县")[0].id
    >>> g.edges[unit, county]["weight"]
    2.0
    """
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
    co-occurrence (weighted), largest first; the seed is fixed, so results are repeatable.

    Parameters
    ----------
    kg : GraphData
    min_size : int, default 2
        Smaller groups are left out.

    Returns
    -------
    list of list of Entity
        Each group sorted by type and name; ties in size by the first name.

    Examples
    --------
    >>> import sygraph
    >>> kg = sygraph.build_texts({"a.txt": "叙永县人武部帮助叙永县水尾镇修路。", "b.txt": "叙永县人武部与叙永县人民医院签约。"})
    >>> [[e.name for e in group] for group in communities(kg)]
    [['叙永县', '叙永县人武部', '叙永县人民医院'], ['四川省', '水尾镇', '泸州市']]
    >>> communities(kg, min_size=4)
    []
    """
    g = entity_graph(kg, co_occurrence=True)
    g.remove_nodes_from([n for n in list(g) if g.degree(n) == 0])
    if not g.number_of_edges():
        return []
    groups = nx.community.louvain_communities(g, weight="weight", seed=0)
    out = [sorted((kg._entity(n) for n in group), key=lambda e: (e.type.value, e.name)) for group in groups
           if len(group) >= min_size]
    return sorted(out, key=lambda grp: (-len(grp), grp[0].name))
