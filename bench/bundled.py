"""The knowledge base the quality benchmarks score: the bundled notes built with the real encoder.

``bundled_knowledge_base(kb)`` yields ``(kb path, encoder)``: ``kb`` when given, else the bundled
notes built into a temporary folder that is removed at the end.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from embeddings.encoder import Encoder, configure_threads, create_encoder
from ingest.pipeline import run_ingest

__all__ = ["bundled_knowledge_base"]


@contextmanager
def bundled_knowledge_base(kb: Path | None = None, threads: int = 2) -> Iterator[tuple[Path, Encoder]]:
    """``(kb, encoder)``: the given knowledge base, or one of the bundled notes built for this run."""
    configure_threads(threads)
    encoder = create_encoder(threads=threads)
    with tempfile.TemporaryDirectory() as temporary:
        path = kb or Path(temporary) / "kb"
        if kb is None:
            run_ingest(None, path, encoder=encoder)
        yield path, encoder
