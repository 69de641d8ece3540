"""One module per notes app or file format; each turns what the app keeps on disk into what the
notes reader reads.

Word and web pages (:mod:`ingest.readers.office`) become the Markdown text they hold. A notes app's
folder — an Obsidian vault, a Logseq graph, a Notion export — becomes the one document model
(:mod:`ingest.readers.document`), which :mod:`ingest.page_roles` interprets. A folder's format is
detected from its marks (``.obsidian/``, ``logseq/config.edn``, Notion's page ids) or chosen with
``kg ingest --format``; any other folder or file is plain notes files, read by :mod:`ingest.notes`.
"""

from __future__ import annotations

from pathlib import Path

from ingest.errors import IngestError

__all__ = ["FORMATS", "app_readers", "detect_format", "document", "logseq", "notion", "obsidian", "office"]

#: What ``--format`` accepts: ``auto`` (detect), ``markdown`` (plain files), or a notes app.
FORMATS = ("auto", "markdown", "obsidian", "logseq", "notion")


def app_readers() -> dict:
    """The app readers by format, in the order their marks are checked (imported when first needed:
    they read files through :mod:`ingest.discovery`, which imports the office reader from here)."""
    from ingest.readers import logseq, notion, obsidian

    return {module.FORMAT: module for module in (obsidian, logseq, notion)}


def detect_format(folder: Path, chosen: str = "auto") -> str:
    """The format to read ``folder`` with: ``chosen`` unless ``auto``, else the first app whose marks
    the folder has, else ``markdown``."""
    if chosen not in FORMATS:
        raise IngestError(f"unknown notes format '{chosen}' (one of: {', '.join(FORMATS)})", folder)
    if chosen != "auto":
        return chosen
    if not Path(folder).is_dir():
        return "markdown"
    for name, module in app_readers().items():
        if module.detect(Path(folder)):
            return name
    return "markdown"
