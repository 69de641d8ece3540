"""One module per notes app or file format; each turns what the app keeps on disk into the one
document model (:mod:`ingest.readers.document`), which :mod:`ingest.page_roles` interprets.

A folder's format is detected from its marks (``.obsidian/``, ``logseq/``, Notion's page ids) or
chosen with ``kg ingest --format``; plain Markdown files (any other folder or file) are read by
:mod:`ingest.notes`.
"""

from __future__ import annotations

from pathlib import Path

from ingest.errors import IngestError
from ingest.readers import logseq, notion, obsidian

__all__ = ["APP_READERS", "FORMATS", "detect_format"]

#: The app readers, in the order their marks are checked.
APP_READERS = {module.FORMAT: module for module in (obsidian, logseq, notion)}
#: What ``--format`` accepts: ``auto`` (detect), ``markdown`` (plain files), or an app.
FORMATS = ("auto", "markdown", *APP_READERS)


def detect_format(folder: Path, chosen: str = "auto") -> str:
    """The format to read ``folder`` with: ``chosen`` unless ``auto``, else the first app whose marks
    the folder has, else ``markdown``."""
    if chosen not in FORMATS:
        raise IngestError(f"unknown notes format '{chosen}' (one of: {', '.join(FORMATS)})", folder)
    if chosen != "auto":
        return chosen
    if not Path(folder).is_dir():
        return "markdown"
    for name, module in APP_READERS.items():
        if module.detect(Path(folder)):
            return name
    return "markdown"
