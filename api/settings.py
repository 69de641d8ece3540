"""Settings declared once: name, default, environment variable and help text.

Environment variables are read only here, at the edges (the command line and the app factory),
and the values are passed down explicitly.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["Setting", "SETTINGS", "LIMITS", "MAX_BODY_BYTES", "settings_from_env"]


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    env: str
    help: str


SETTINGS = {s.name: s for s in (
    Setting("KB", "kb", "KG_KB", "knowledge-base directory that `kg ingest` writes and `kg serve` reads"),
    Setting("MODEL", "all-MiniLM-L6-v2", "KG_MODEL", "sentence-transformers model name or local path"),
    Setting("DEVICE", "auto", "KG_DEVICE", "encoder device: auto (cuda, else mps, else cpu), cpu, cuda, mps"),
    Setting("BACKEND", "auto", "KG_BACKEND", "encoder backend: auto (torch on a GPU, else ONNX Runtime on the CPU), "
                                             "torch, onnx, or onnx-int8 (int8 weights: faster, its own vector space)"),
    Setting("THREADS", 2, "KG_THREADS", "torch and FAISS threads (one per core on a small machine)"),
    Setting("SEARCH_MODE", "hybrid", "KG_SEARCH_MODE", "dense, lexical or hybrid (cosine plus normalized BM25)"),
    Setting("CORS_ORIGINS", "", "KG_CORS_ORIGINS", "comma-separated origins allowed by CORS; empty = CORS off"),
    Setting("QUERY_BATCH", 32, "KG_QUERY_BATCH", "most concurrent search queries encoded in one model run; "
                                                 "0 = encode each query alone"),
    Setting("QUERY_BATCH_WAIT_MS", 0.0, "KG_QUERY_BATCH_WAIT_MS", "milliseconds a query waits for others to "
                                                                 "join its batch (0: batch only what queued)"),
    Setting("RELOAD_INTERVAL", 1.0, "KG_RELOAD_INTERVAL", "seconds between checks of the snapshot pointer; 0 = off"),
)}

#: request limits, documented in the README and the OpenAPI document; larger requests get a 400
LIMITS = {
    "query_chars": 500,
    "k": 100,
    "depth": 6,
    "lineage_depth": 50,
    "page_size": 500,
    "offset": 10_000_000,
    "known": 200,
    "name_chars": 200,
}


#: request bodies above this get a 413 (the API only reads query strings)
MAX_BODY_BYTES = 16 * 1024


def settings_from_env(overrides: dict | None = None) -> dict:
    """Every setting from its environment variable or default, then ``overrides``."""
    values = {}
    for setting in SETTINGS.values():
        raw = os.environ.get(setting.env)
        if raw is None:
            values[setting.name] = setting.default
        elif isinstance(setting.default, bool):
            values[setting.name] = raw.lower() in ("1", "true", "yes")
        elif isinstance(setting.default, (int, float)):
            values[setting.name] = type(setting.default)(raw)
        else:
            values[setting.name] = raw
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return values
