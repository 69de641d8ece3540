"""The knowledge graph: data model, queries (lineage, reading plans, paths), name resolution, storage."""

from kg.errors import KGError, NodeNotFound, NoPath, NotAPaper
from kg.model import LED_TO_KINDS, NODE_TYPES, RELATIONS, compact_key, new_graph, node_title, slugify
from kg.queries import (edge_record, lineage, lineage_on_topic, main_line, main_line_between, node_detail, node_summary, path,
                        reading_plan, relation_view, short_plan)
from kg.resolve import resolve, suggest
from kg.store import graph_from_data, graph_to_data

__all__ = [
    "KGError", "NodeNotFound", "NoPath", "NotAPaper",
    "LED_TO_KINDS", "NODE_TYPES", "RELATIONS", "compact_key", "new_graph", "node_title", "slugify",
    "lineage", "lineage_on_topic", "main_line", "main_line_between", "reading_plan", "short_plan", "path", "node_detail", "node_summary", "edge_record", "relation_view",
    "resolve", "suggest", "graph_to_data", "graph_from_data",
]
