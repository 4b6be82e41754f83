"""sygraph: a knowledge graph of 双拥 news.

Read Chinese news articles about 双拥 work, recognise the places, units, people and
programs they name, resolve them to canonical entities with stable ids, relate them, and
export the graph as RDF and GraphML.

Examples
--------
>>> import sygraph
>>> kg = sygraph.build_texts({"a.txt": "泸州军分区帮助古蔺县太平镇九龙村脱贫。"})
>>> [e.name for e in kg.entities(type="place")]
['九龙村', '古蔺县', '四川省', '太平镇', '泸州市']
>>> [e.name for e in kg.neighbors(kg.find("九龙村")[0], relation="located_in")]
['古蔺县', '四川省', '太平镇', '泸州市']
"""
from .builder import build, build_texts
from .errors import DataError, ExportError, InputError, QueryError, SygraphError
from .knowledge import KnowledgeGraph, load
from .model import Article, Entity, EntityType, Mention, Relation
from .pipeline import extract

__all__ = ["build", "build_texts", "load", "extract", "KnowledgeGraph", "Article", "Entity", "EntityType",
           "Mention", "Relation", "SygraphError", "InputError", "DataError", "ExportError", "QueryError"]
__version__ = "0.1.0"
