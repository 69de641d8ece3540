"""Dense, lexical and hybrid search over chunk records (hybrid: cosine plus normalized BM25)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from embeddings.encoder import Encoder
from embeddings.index import VectorIndex
from embeddings.lexical import BM25Index
from embeddings.records import Chunk

__all__ = ["SEARCH_MODES", "SearchEngine", "chunk_result"]

SEARCH_MODES = ("dense", "lexical", "hybrid")


@dataclass
class SearchEngine:
    """Search the chunk records of a snapshot; each result is one graph node, best first.

    ``chunks[i]`` (a :class:`~embeddings.records.Chunk`) describes vector ``i`` and lexical document ``i``.
    Hybrid mode fuses scores, not ranks (:meth:`_convex`): reciprocal rank fusion was the first version
    and lost on both query sets (docs/search-quality.md), so it is not kept as an option.
    """

    chunks: list[Chunk]
    vectors: VectorIndex
    lexical: BM25Index
    encoder: Encoder
    mode: str = "hybrid"
    lexical_weight: float = 0.7
    focus_bonus: float = 0.03
    query_cache_size: int = 2048

    def _convex(self, query: str, depth: int, focus: set) -> list[tuple[int, float]]:
        """cosine + lexical_weight * normalized BM25 (+ focus_bonus for chunks of papers the query names).

        Scores, not ranks: a clear dense winner is not dragged down by a word the notes spell differently.
        """
        query_vector = self.encode_query(query)
        dense_ranking, dense = self.dense_ranking(query, depth, query_vector)
        lexical_ranking, lexical = self.lexical_ranking(query, depth)
        if lexical:
            lexical = dict(zip(lexical, self.lexical.normalize(np.fromiter(lexical.values(), np.float32)).tolist()))
        candidates = set(dense_ranking) | set(lexical_ranking)
        missing = [i for i in lexical_ranking if i not in dense]
        if missing:  # lexical-only candidates need their cosine too
            stored = np.stack([self.vectors.reconstruct(i) for i in missing])
            dense.update(zip(missing, (stored @ query_vector).tolist()))
        fused = []
        for i in candidates:
            score = dense.get(i, 0.0) + self.lexical_weight * lexical.get(i, 0.0)
            if focus and self.chunks[i]["paper_id"] in focus:
                score += self.focus_bonus
            fused.append((i, score))
        fused.sort(key=lambda item: (-item[1], item[0]))
        return fused

    def _depth(self, k: int, types) -> int:
        depth = max(k * 5, 50)
        return len(self.chunks) if types else min(depth, len(self.chunks))

    def __post_init__(self):
        # repeated queries (the viewer, `ask`, popular questions) skip the encoder; vectors are read-only
        @lru_cache(maxsize=self.query_cache_size)
        def encode(text: str) -> np.ndarray:
            vector = self.encoder.encode_query(text)
            vector.setflags(write=False)
            return vector

        self.encode_query = encode

    def dense_ranking(self, query: str, depth: int, vector=None) -> tuple[list[int], dict[int, float]]:
        if not len(self.vectors):
            return [], {}
        vector = self.encode_query(query) if vector is None else vector
        scores, ids = self.vectors.search(vector[None, :], depth)
        ranking = [int(i) for i in ids[0] if i >= 0]
        return ranking, {int(i): float(s) for s, i in zip(scores[0], ids[0]) if i >= 0}

    def lexical_ranking(self, query: str, depth: int) -> tuple[list[int], dict[int, float]]:
        scores, ids = self.lexical.search(query, depth)
        return [int(i) for i in ids], {int(i): float(s) for s, i in zip(scores, ids)}

    def search(self, query: str, k: int = 10, types=None, mode: str | None = None, focus=()) -> list[dict]:
        """The best ``k`` nodes for ``query``, optionally only of the given node ``types``.

        ``focus`` holds the ids of papers the query names (found by the caller's entity linking): in
        hybrid mode their chunks get ``focus_bonus``, so "which activation does YOLO use" prefers YOLO's notes.
        """
        mode = mode or self.mode
        if mode not in SEARCH_MODES:
            raise ValueError(f"mode must be one of {', '.join(SEARCH_MODES)}")
        allowed = set(types) if types else None
        depth = self._depth(k, allowed)
        if mode == "dense":
            ranking, scores = self.dense_ranking(query, depth)
            ranked = [(i, scores[i]) for i in ranking]
        elif mode == "lexical":
            ranking, scores = self.lexical_ranking(query, depth)
            ranked = [(i, scores[i]) for i in ranking]
        else:
            ranked = self._convex(query, depth, set(focus or ()))
        results, seen = [], set()
        for index, score in ranked:
            chunk = self.chunks[index]
            if allowed is not None and chunk["type"] not in allowed:
                continue
            if chunk["id"] in seen:
                continue
            seen.add(chunk["id"])
            results.append(chunk_result(chunk, score))
            if len(results) >= k:
                break
        return results


def chunk_result(chunk: Chunk, score: float) -> dict:
    """A chunk as one search result: id, type, title, score, paper id, snippet and source."""
    text = " ".join(chunk["text"].split())
    snippet = text if len(text) <= 280 else text[:277].rsplit(" ", 1)[0] + "..."
    return {"id": chunk["id"], "type": chunk["type"], "title": chunk["title"], "score": round(float(score), 6),
            "paper_id": chunk["paper_id"], "snippet": snippet, "source": chunk["source"]}
