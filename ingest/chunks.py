"""Searchable chunks: one per note, paper and concept, each mapped to its graph node.

A chunk has two texts: ``text`` is what the user sees (the note as written) and ``index_text``
is what gets embedded and indexed: the same words plus context that makes messy notes findable
(the paper's name and year, the canonical names of the concepts the note mentions).
"""

from __future__ import annotations

import networkx as nx

from kg.model import node_title

__all__ = ["build_chunks"]


def _names(G: nx.MultiDiGraph, nodes) -> list[str]:
    return sorted({G.nodes[n]["name"] for n in nodes})


def build_chunks(G: nx.MultiDiGraph) -> list[dict]:
    """The chunk records of a graph, in a stable order (papers, concepts, notes; by id)."""
    chunks = []
    order = {"paper": 0, "concept": 1, "note": 2}
    for node, data in sorted(G.nodes(data=True), key=lambda item: (order[item[1]["type"]], item[0])):
        kind = data["type"]
        if kind == "note":
            paper = G.nodes[data["paper_id"]]
            text = "\n".join(part for part in (data["question"], *data["answers"]) if part)
            if not text.strip():
                continue  # an empty question with empty answers says nothing to search
            mentioned = _names(G, (t for _, t, k in G.out_edges(node, keys=True) if k == "mentions"))
            context = f"{paper['name']} ({paper.get('year') or 'year unknown'}) - {paper.get('title', '')}"
            index_text = f"{context}\n{text}" + (f"\nConcepts: {', '.join(mentioned)}" if mentioned else "")
            paper_id = data["paper_id"]
        elif kind == "paper":
            text = data.get("summary") or data.get("notes_summary") or data.get("title", "")
            parts = [f"{data['name']} ({data.get('year') or 'year unknown'}): {data.get('title', '')}",
                     f"Also known as: {', '.join(data.get('aliases', []))}" if data.get("aliases") else "",
                     f"Area: {data.get('area', '')}", text, data.get("notes_summary", "")]
            introduced = _names(G, (t for _, t, k in G.out_edges(node, keys=True) if k == "introduces"))
            if introduced:
                parts.append(f"Introduces: {', '.join(introduced)}")
            index_text = "\n".join(p for p in parts if p)
            paper_id = node
        else:
            definition = data.get("definition") or ""
            text = f"{data['name']}: {definition}" if definition else data["name"]
            papers = _names(G, (s for s, _, k in G.in_edges(node, keys=True) if k in ("introduces", "discusses")))
            parts = [data["name"], f"Also known as: {', '.join(data.get('aliases', []))}" if data.get("aliases") else "",
                     definition, f"Discussed with: {', '.join(papers)}" if papers else ""]
            index_text = "\n".join(p for p in parts if p)
            paper_id = data.get("introduced_by")
        chunks.append({"id": node, "type": kind, "title": node_title(data), "paper_id": paper_id,
                       "text": text, "index_text": index_text, "source": data.get("source")})
    return chunks
