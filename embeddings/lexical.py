"""A small BM25 lexical index over sparse matrices, saved as ``.npz`` beside the vectors."""

from __future__ import annotations

import json
import re
from array import array
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse

__all__ = ["tokenize", "BM25Index"]

_TOKEN = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset("""a an and are as at be by can do does for from has have how i if in into is it its of on or
so than that the their them then there these they this to was we what when where which who why will with you your
paper papers""".split())


def tokenize(text: str) -> list[str]:
    """Lowercase word tokens without stopwords, plurals folded (``gradients`` -> ``gradient``).

    >>> tokenize("Which papers fixed the vanishing gradients?")
    ['fixed', 'vanishing', 'gradient']
    """
    tokens = []
    for token in _TOKEN.findall(text.lower()):
        if token in _STOPWORDS:
            continue
        if len(token) > 4 and token.endswith("ies"):
            token = token[:-3] + "y"
        elif len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
            token = token[:-1]
        tokens.append(token)
    return tokens


class BM25Index:
    """Okapi BM25 (k1, b) with term scores precomputed into a CSC matrix [docs x terms]."""

    def __init__(self, k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        self.vocabulary: dict[str, int] = {}
        self.typical = 1.0
        self.matrix = sparse.csc_matrix((0, 0), dtype=np.float32)

    def __len__(self) -> int:
        return self.matrix.shape[0]

    def fit(self, texts: list[str]) -> "BM25Index":
        # one pass, one document's terms at a time, postings in typed arrays (4 bytes an entry, not
        # three Python ints): at 100k chunks this is the ingest's largest structure after the graph
        rows, cols, tfs, lengths = array("i"), array("i"), array("f"), array("f")
        for row, text in enumerate(texts):
            doc = Counter(tokenize(text))
            lengths.append(sum(doc.values()))
            for term, tf in doc.items():
                rows.append(row)
                cols.append(self.vocabulary.setdefault(term, len(self.vocabulary)))
                tfs.append(tf)
        n = len(lengths)
        rows, cols = np.frombuffer(rows, dtype=np.int32), np.frombuffer(cols, dtype=np.int32)
        tfs, lengths = np.frombuffer(tfs, dtype=np.float32), np.frombuffer(lengths, dtype=np.float32)
        average = float(lengths.mean()) if n and lengths.mean() > 0 else 1.0
        df = np.bincount(cols, minlength=len(self.vocabulary)).astype(np.float32)  # a term once per document
        idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
        # the score of one typical match (average tf and idf in a document of average length): the unit
        # that `normalize` measures a query's best score against
        average_tf = float(np.mean(tfs, dtype=np.float64)) if len(tfs) else 1.0
        average_idf = float(idf.mean()) if len(idf) else 1.0
        self.typical = average_idf * average_tf * (self.k1 + 1) / (average_tf + self.k1)
        norm = self.k1 * (1 - self.b + self.b * lengths[rows] / average)
        scores = idf[cols] * tfs * (self.k1 + 1) / (tfs + norm)
        self.matrix = sparse.csc_matrix((scores.astype(np.float32), (rows, cols)),
                                        shape=(n, len(self.vocabulary)), dtype=np.float32)
        return self

    def normalize(self, scores: np.ndarray) -> np.ndarray:
        """Scores in [0, 1] relative to the best one plus one typical match (capped at six).

        Unlike dividing by the best score, a query whose best match is one common word stays low
        (about 0.5) instead of being inflated to 1.0 (the normalization txtai uses for BM25).
        """
        if not len(scores):
            return scores
        ceiling = min(float(scores.max()) + self.typical, 6 * self.typical)
        return np.minimum(scores / ceiling, 1.0)

    def search(self, query: str, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, doc ids) of the best ``k`` documents with a positive score, best first."""
        cols = sorted({self.vocabulary[t] for t in tokenize(query) if t in self.vocabulary})
        if not cols or not len(self):
            return np.zeros(0, np.float32), np.zeros(0, np.int64)
        scores = np.asarray(self.matrix[:, cols].sum(axis=1)).ravel()
        k = min(k, int(np.count_nonzero(scores)))
        if k <= 0:
            return np.zeros(0, np.float32), np.zeros(0, np.int64)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.lexsort((top, -scores[top]))]
        return scores[top], top

    def save(self, path: Path) -> None:
        path = Path(path)
        sparse.save_npz(path.with_suffix(".npz"), self.matrix.tocsr(), compressed=False)
        path.with_suffix(".vocab.json").write_text(json.dumps(
            {"k1": self.k1, "b": self.b, "typical": self.typical, "vocabulary": self.vocabulary}), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "BM25Index":
        path = Path(path)
        meta = json.loads(path.with_suffix(".vocab.json").read_text(encoding="utf-8"))
        index = cls(meta["k1"], meta["b"])
        index.vocabulary = meta["vocabulary"]
        index.typical = meta.get("typical", 1.0)
        index.matrix = sparse.load_npz(path.with_suffix(".npz")).tocsc()
        return index


