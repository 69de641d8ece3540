"""Read and write a knowledge graph as node-link JSON (the snapshot's ``graph.json``)."""

from __future__ import annotations

import networkx as nx

__all__ = ["graph_to_data", "graph_from_data"]


def graph_to_data(G: nx.MultiDiGraph) -> dict:
    """The graph as a node-link dict (D3's shape: ``nodes``, ``edges`` with ``key``)."""
    return nx.node_link_data(G, edges="edges")


def graph_from_data(data: dict) -> nx.MultiDiGraph:
    """Rebuild a graph written by :func:`graph_to_data`."""
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
