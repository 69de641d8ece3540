"""Retrieval metrics for a labelled query set: note hit@k, paper MRR@k and nDCG@k."""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["LabelledQuery", "hit_at", "reciprocal_rank", "ndcg_at", "evaluate"]


@dataclass(frozen=True)
class LabelledQuery:
    """A question and the note ids that answer it; ``paper`` is the paper expected first."""

    text: str
    notes: tuple[str, ...]

    @property
    def paper(self) -> str:
        return self.notes[0].split("/")[0]


def hit_at(ranked: list[str], relevant, k: int) -> float:
    """1.0 when any of the first ``k`` ids is relevant.

    >>> hit_at(["a", "b"], {"b"}, 1), hit_at(["a", "b"], {"b"}, 2)
    (0.0, 1.0)
    """
    return float(any(r in relevant for r in ranked[:k]))


def reciprocal_rank(ranked: list[str], wanted: str, k: int) -> float:
    """1/rank of the first ``wanted`` in the first ``k``, else 0.

    >>> reciprocal_rank(["x", "p", "p"], "p", 10)
    0.5
    """
    for rank, item in enumerate(ranked[:k], start=1):
        if item == wanted:
            return 1.0 / rank
    return 0.0


def ndcg_at(ranked: list[str], relevant, k: int) -> float:
    """Binary-relevance nDCG@k.

    >>> round(ndcg_at(["a", "b"], {"b"}, 10), 3)
    0.631
    """
    dcg = sum(1.0 / math.log2(i + 2) for i, r in enumerate(ranked[:k]) if r in relevant)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(relevant), k)))
    return dcg / ideal if ideal else 0.0


def evaluate(search, queries: list[LabelledQuery], mode: str) -> dict:
    """Mean note hit@5, paper MRR@10 and note nDCG@10 of ``search(q, k, type, mode)`` over ``queries``.

    Note metrics rank the note results (``type="note"``); paper MRR@10 ranks the unfiltered results
    by their paper id, so a paper or concept answer counts for its paper.
    """
    hits, rrs, ndcgs, misses = [], [], [], []
    for query in queries:
        notes = [r["id"] for r in search(query.text, 10, "note", mode)["results"]]
        papers = [r["paper_id"] for r in search(query.text, 10, None, mode)["results"]]
        relevant = set(query.notes)
        hits.append(hit_at(notes, relevant, 5))
        rrs.append(reciprocal_rank(papers, query.paper, 10))
        ndcgs.append(ndcg_at(notes, relevant, 10))
        if not hits[-1]:
            misses.append(query.text)
    count = len(queries) or 1
    return {"mode": mode, "queries": len(queries), "note_hit@5": sum(hits) / count, "paper_mrr@10": sum(rrs) / count,
            "ndcg@10": sum(ndcgs) / count, "misses": misses}
