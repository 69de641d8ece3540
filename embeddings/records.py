"""The chunk record, declared once: what ``ingest`` writes per searchable text and ``embeddings`` reads.

``chunks[i]`` of a snapshot describes vector ``i`` of its index and document ``i`` of its lexical
index. Declared here, in the lower layer, so the builder (:func:`ingest.chunks.build_chunks`), the
snapshot (``chunks.jsonl``), the pipeline and the search engine name the same keys.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict

__all__ = ["Chunk", "ChunkSource"]


class ChunkSource(TypedDict):
    """Where the chunk's text stands in the notes (or the catalog)."""

    file: str
    line: int


class Chunk(TypedDict):
    """One searchable text of a graph node."""

    id: str  #: the graph node the chunk stands for (a search result is one node)
    type: str  #: the node's type: paper, concept or note
    title: str  #: the node's display title
    paper_id: str | None  #: the paper the chunk belongs to (a concept's home paper), for focus and filters
    text: str  #: what the user sees: the note as written, a paper's summary, a concept's definition
    index_text: str  #: what is embedded and indexed: ``text`` plus context that makes messy notes findable
    source: ChunkSource | None  #: where the text comes from
    view: NotRequired[str]  #: ``own-words``: a note's second chunk, its words without the context
