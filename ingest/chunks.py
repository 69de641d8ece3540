"""Searchable chunks: one per note, paper and concept, each mapped to its graph node.

A chunk has two texts: ``text`` is what the user sees (the note as written) and ``index_text``
is what gets embedded and indexed: the same words plus context that makes messy notes findable
(the paper's name and year, the canonical names of the concepts the note mentions).
"""

from __future__ import annotations

import datetime

import networkx as nx

from embeddings.records import Chunk
from ingest.questions import SUMMARY_QUESTION
from kg.model import NODE_TYPES, node_title

__all__ = ["build_chunks"]


def spelled_day(iso: str) -> str:
    """An ISO date as people write it in a question ("Thursday 8 February 2024"); the text itself if not one.

    >>> spelled_day("2024-02-08"), spelled_day("spring")
    ('Thursday 8 February 2024', 'spring')
    """
    try:
        day = datetime.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day:%A} {day.day} {day:%B %Y}"


def _names(G: nx.MultiDiGraph, nodes) -> list[str]:
    return sorted({G.nodes[n]["name"] for n in nodes})


def _home_paper(G: nx.MultiDiGraph, node: str, data: dict) -> str | None:
    """The paper a concept belongs to here: where the notes define it, else the paper that introduced
    it, else the paper whose notes discuss it most."""
    defined_in = (data.get("definition_source") or {}).get("note")
    if defined_in in G:
        return G.nodes[defined_in]["paper_id"]
    if data.get("introduced_by") in G:
        return data["introduced_by"]
    discussing = [(len(d["evidence"]), -G.nodes[s].get("order", 0), s)
                  for s, _, k, d in G.in_edges(node, keys=True, data=True) if k == "discusses"]
    return max(discussing)[2] if discussing else None


def _concept_names(G: nx.MultiDiGraph, nodes) -> list[str]:
    """Canonical names with aliases (``Fast NMS (fast non-maximum suppression)``) of what a note names."""
    named = []
    for node in sorted(set(nodes)):
        data = G.nodes[node]
        aliases = [a for a in data.get("aliases", ()) if a.lower() != data["name"].lower()][:3]
        named.append(f"{data['name']} ({', '.join(aliases)})" if aliases else data["name"])
    return named


def build_chunks(G: nx.MultiDiGraph) -> list[Chunk]:
    """The chunk records (:class:`~embeddings.records.Chunk`) of a graph, in a stable order (papers,
    concepts, notes; by id)."""
    chunks = []
    for node, data in sorted(G.nodes(data=True), key=lambda item: (NODE_TYPES.index(item[1]["type"]), item[0])):
        kind = data["type"]
        if kind == "note":
            paper = G.nodes[data["paper_id"]]
            text = "\n".join(part for part in (data["question"], *data["answers"]) if part)
            if not data["answers"] and len(data["question"].split()) < 4:
                continue  # a bare heading with no answer ("Theorem 1", "Table 2") only adds noise
            mentioned = _concept_names(G, (t for _, t, k in G.out_edges(node, keys=True) if k == "mentions"))
            context = f"{paper['name']} ({paper.get('year') or 'year unknown'})"
            question = data["question"]
            if SUMMARY_QUESTION.search(question):
                question = f"{question} (the paper's main idea and contribution, the problem it solves)"
            body = "\n".join(part for part in (question, *data["answers"]) if part)
            index_text = f"{context}: {body}" + (f"\nConcepts: {'; '.join(mentioned)}" if mentioned else "")
            if data.get("session"):  # "why was the 8 February meeting cancelled": the page it was written on
                index_text += f"\nMeeting: {data['session']}" + (
                    f" ({spelled_day(data['session_date'])})" if data.get("session_date") else "")
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
            paper_id = _home_paper(G, node, data)
        record: Chunk = {"id": node, "type": kind, "title": node_title(data), "paper_id": paper_id,
                  "text": text, "index_text": index_text, "source": data.get("source")}
        chunks.append(record)
        if kind == "note" and data["answers"]:
            # a second view of the note: its own words only, so a short answer is not drowned by context
            chunks.append({**record, "view": "own-words", "index_text": text})
    return chunks
