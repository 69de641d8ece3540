"""Settings declared once: name, environment variable, default, type and help text.

One table (:data:`SETTINGS`, after datasette's) drives the environment, the command line's
defaults and types (:func:`setting_option`) and the app factory (:func:`settings_from_env`).
Environment variables are read only here, at the edges, and the values are passed down
explicitly; a value that does not convert is an :class:`~api.errors.InvalidSetting` naming the
variable or option.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass

from embeddings.batcher import DEFAULT_MAX_BATCH, DEFAULT_MAX_WAIT_MS
from embeddings.encoder import BACKENDS
from embeddings.search import SEARCH_MODES

from api.errors import InvalidSetting

__all__ = ["Setting", "SETTINGS", "LIMITS", "MAX_BODY_BYTES", "settings_from_env", "setting_default",
           "integer", "number", "one_of", "device_name", "search_slots", "text"]


# --- value types: text -> value, or ValueError with a message that completes "KG_X: ..." --------
def text(raw: str) -> str:
    return raw


def integer(low: int, high: int | None = None) -> Callable[[str], int]:
    """An integer in [low, high]."""
    def convert(raw) -> int:
        try:
            value = int(str(raw).strip())
        except ValueError:
            raise ValueError(f"{raw!r} is not an integer") from None
        if value < low or high is not None and value > high:
            raise ValueError(f"{value} is out of range; use {low} or more" if high is None
                             else f"{value} is out of range; use {low} to {high}")
        return value
    convert.__name__ = "integer"  # argparse names the type in its messages
    return convert


def number(low: float = 0.0) -> Callable[[str], float]:
    """A number of at least ``low``."""
    def convert(raw) -> float:
        try:
            value = float(str(raw).strip())
        except ValueError:
            raise ValueError(f"{raw!r} is not a number") from None
        if not value >= low:  # also refuses nan
            raise ValueError(f"{value} is out of range; use {low:g} or more")
        return value
    convert.__name__ = "number"
    return convert


def one_of(choices: tuple[str, ...]) -> Callable[[str], str]:
    """One of ``choices``."""
    def convert(raw) -> str:
        value = str(raw).strip()
        if value not in choices:
            raise ValueError(f"{raw!r} is not one of {', '.join(choices)}")
        return value
    convert.__name__ = "choice"
    convert.choices = choices
    return convert


_DEVICE = re.compile(r"auto|cpu|mps|cuda(:\d+)?")


def device_name(raw) -> str:
    """``auto``, ``cpu``, ``mps``, ``cuda`` or ``cuda:N`` (checked before torch is asked)."""
    value = str(raw).strip()
    if not _DEVICE.fullmatch(value):
        raise ValueError(f"{raw!r} is not a device; use auto, cpu, cuda, cuda:N or mps")
    return value


def search_slots(raw) -> str | int:
    """``auto`` (from the cores and THREADS), ``off`` (no admission queue) or a number of searches, 1 or more."""
    value = str(raw).strip().lower()
    if value in ("auto", "off"):
        return value
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{raw!r} is not auto, off or a number") from None
    if not 1 <= number <= 1024:
        raise ValueError(f"{number} is out of range; use auto, off or 1 to 1024")
    return number


@dataclass(frozen=True)
class Setting:
    """One setting: its name, environment variable, default (already of its type), type and help."""

    name: str
    env: str
    default: object
    type: Callable[[str], object]
    help: str

    def convert(self, raw, where: str | None = None):
        """``raw`` text as this setting's value; an InvalidSetting naming ``where`` (default: the variable)."""
        try:
            return self.type(raw)
        except ValueError as error:
            raise InvalidSetting(where or self.env, str(error)) from None


SETTINGS = {s.name: s for s in (
    Setting("KB", "KG_KB", "kb", text, "knowledge-base directory that `kg ingest` writes and `kg serve` reads"),
    Setting("MODEL", "KG_MODEL", "all-MiniLM-L6-v2", text, "sentence-transformers model name or local path"),
    Setting("DEVICE", "KG_DEVICE", "auto", device_name, "encoder device: auto (cuda, else mps, else cpu), cpu, "
                                                        "cuda, cuda:N or mps"),
    Setting("BACKEND", "KG_BACKEND", "auto", one_of(BACKENDS),
            "encoder backend: auto (torch on a GPU, else ONNX Runtime on the CPU; serving follows a snapshot "
            "built with int8 weights), torch, onnx, onnx-int8 (int8 weights: faster, its own vector space), "
            "pipelined (torch, tokenizing ahead of a GPU), pipelined-fp16 or pipelined-bf16 (its weights in "
            "half precision, fp32 vectors)"),
    Setting("THREADS", "KG_THREADS", 2, integer(1, 1024), "ONNX Runtime, torch and FAISS threads "
                                                          "(one per core on a small machine)"),
    Setting("SEARCH_MODE", "KG_SEARCH_MODE", "hybrid", one_of(SEARCH_MODES),
            "dense, lexical or hybrid (cosine plus normalized BM25)"),
    Setting("CORS_ORIGINS", "KG_CORS_ORIGINS", "", text, "comma-separated origins allowed by CORS; empty = CORS off"),
    Setting("QUERY_BATCH", "KG_QUERY_BATCH", DEFAULT_MAX_BATCH, integer(0, 1024),
            "most concurrent search queries encoded in one model run; 0 = encode each query alone"),
    Setting("QUERY_BATCH_WAIT_MS", "KG_QUERY_BATCH_WAIT_MS", DEFAULT_MAX_WAIT_MS, number(0.0),
            "milliseconds a query waits for others to join its batch (0: batch only what queued meanwhile)"),
    Setting("RELOAD_INTERVAL", "KG_RELOAD_INTERVAL", 1.0, number(0.0),
            "seconds between checks of the snapshot pointer; 0 = only on SIGHUP"),
    Setting("HOST", "KG_HOST", "127.0.0.1", text, "address `kg serve` binds to"),
    Setting("PORT", "KG_PORT", 5000, integer(1, 65535), "port `kg serve` listens on"),
    Setting("SERVER_THREADS", "KG_SERVER_THREADS", 8, integer(1, 1024), "requests `kg serve` answers at once"),
    # the admission queue in front of encoding and search (api/admission.py)
    Setting("SEARCH_SLOTS", "KG_SEARCH_SLOTS", "auto", search_slots,
            "searches (and asks) encoded and run at once: auto (usable cores / THREADS, at least 1, plus 1), a number, "
            "or off (no admission queue: every server thread searches at once)"),
    Setting("SEARCH_QUEUE", "KG_SEARCH_QUEUE", 16, integer(0, 4096),
            "searches that wait for a slot, first come first served; the next one is answered 503 with "
            "Retry-After. `kg serve` adds this many threads to SERVER_THREADS for them"),
    # past one machine (docs/scale-out.md); both need the `scale` extra
    Setting("VECTORS", "KG_VECTORS", "faiss", text, "where `kg ingest` puts vectors: faiss (in the snapshot), a "
                                                    "Milvus Lite file (path ending in .db), or a Milvus URI (http://host:19530)"),
    Setting("RAY", "KG_RAY", "", text, "encode on Ray: empty = in this process, 'local' = a local Ray, else a Ray address"),
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


def setting_default(name: str):
    """A setting's value from its environment variable (converted and checked), else its default."""
    setting = SETTINGS[name]
    raw = os.environ.get(setting.env)
    if raw is None or raw == "":
        return setting.default
    return setting.convert(raw)


def settings_from_env(overrides: dict | None = None) -> dict:
    """Every setting from its environment variable or default, then ``overrides`` (None ones skipped)."""
    values = {name: setting_default(name) for name in SETTINGS}
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return values
