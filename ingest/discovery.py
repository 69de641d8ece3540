"""Which files under the paths given to ``kg ingest`` are notes, and reading one as text.

A folder is walked for ``*.md``, ``*.markdown`` and ``*.txt`` files, and for Word and web-page
exports (``*.docx``, ``*.html``, ``*.htm``: Google Docs' downloads), which
:mod:`ingest.readers.office` turns into Markdown text; it leaves out what
:mod:`ingest.ignores` says is not notes (hidden and tool folders, attachments, README/LICENSE
files, the folder's ``.kgignore``); a file named on the command line is always read. Limits on
size, depth and count make hostile input an :class:`~ingest.errors.IngestError`, never a hang.
"""

from __future__ import annotations

import codecs
import hashlib
import os
from pathlib import Path

from ingest.errors import IngestError
from ingest.ignores import load_ignore
from ingest.readers.office import HTML_SUFFIXES, OFFICE_SUFFIXES, WORD_SUFFIXES, docx_to_markdown, html_to_markdown

__all__ = ["NOTE_SUFFIXES", "LIMITS", "read_note_file", "collect_note_files", "display_name"]

NOTE_SUFFIXES = (".md", ".markdown", ".txt") + OFFICE_SUFFIXES

#: Input limits (documented in the README): what is larger is rejected with an IngestError.
LIMITS = {
    "max_file_bytes": 5 * 1024 * 1024,
    # a .docx is a zip: what its parts add up to once unpacked (a zip bomb is refused before it is read)
    "max_unpacked_bytes": 64 * 1024 * 1024,
    "max_line_chars": 10_000,
    "max_files": 10_000,
    "max_folder_depth": 32,
    "min_year": 1940,
}


def display_name(path: Path, root: Path | None) -> str:
    """How evidence, warnings and errors name a notes file: relative to ``root`` when it lies under it,
    else as given.

    >>> display_name(Path("/notes/vault/Wren.md"), Path("/notes")), display_name(Path("/else/a.md"), Path("/notes"))
    ('vault/Wren.md', '/else/a.md')
    """
    if root is not None:
        try:
            return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            pass
    return str(path)


def read_note_file(path: Path, display: str | None = None) -> tuple[str, str, str | None]:
    """Read one notes file as text; return (text, sha256 of the bytes, the encoding when not UTF-8).

    UTF-8 (with or without a byte-order mark) is read as is; UTF-16 with its byte-order mark, and
    Latin-1 as Windows-1252 (its superset), are read and their encoding named, for a warning; bytes
    that are none of these are an :class:`IngestError` naming the line. A ``.docx``, ``.html`` or
    ``.htm`` file is returned as the Markdown text it converts to (:mod:`ingest.readers.office`;
    its line numbers are that text's, one line per paragraph of the document); the digest is
    still that of the file's bytes.
    """
    display = display or str(path)
    try:
        size = path.stat().st_size
        if size > LIMITS["max_file_bytes"]:
            raise IngestError(f"file is {size} bytes (limit {LIMITS['max_file_bytes']})", display)
        data = path.read_bytes()
    except IngestError:
        raise
    except OSError as error:
        raise IngestError(f"cannot read file: {error.strerror or error}", display) from None
    digest = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if suffix in WORD_SUFFIXES:
        return docx_to_markdown(data, display, LIMITS["max_unpacked_bytes"]), digest, None
    text, encoding = _decode(data, display)
    if suffix in HTML_SUFFIXES:
        text = html_to_markdown(text, display)
    return text, digest, encoding


#: the encoding a notes file that is not UTF-8 and has no byte-order mark is read in: Latin-1's
#: printable characters, plus the quotes and dashes Windows editors write in 0x80-0x9f
LEGACY_ENCODING = ("cp1252", "Latin-1 (Windows-1252)")


def _decode(data: bytes, display: str) -> tuple[str, str | None]:
    """(text, None) for UTF-8; (text, the encoding's name) for UTF-16 with a BOM or Latin-1."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "UTF-16 (byte-order mark)"
        except UnicodeDecodeError:
            raise IngestError("starts with a UTF-16 byte-order mark but is not UTF-16 text", display) from None
    if b"\x00" in data[:8192]:
        raise IngestError("binary file, not text notes", display)
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        first = error
    codec, name = LEGACY_ENCODING
    try:
        return data.decode(codec), name
    except UnicodeDecodeError:  # a byte that Windows-1252 leaves undefined: neither text we know
        line = data[: first.start].count(b"\n") + 1
        raise IngestError(f"not UTF-8 text (byte 0x{data[first.start]:02x}), nor UTF-16 or Latin-1", display,
                          line) from None


def _walk_folder(given: Path) -> list[Path]:
    """The notes files of one folder, sorted, minus what its ignore rules leave out."""
    rules = load_ignore(given)
    root = given.resolve()
    found = []
    for folder, dirnames, filenames in os.walk(given, followlinks=False):
        relative_folder = Path(folder).relative_to(given)
        if len(relative_folder.parts) > LIMITS["max_folder_depth"]:
            raise IngestError(f"folders nested deeper than {LIMITS['max_folder_depth']} levels", folder)
        dirnames[:] = sorted(d for d in dirnames if not rules.ignores((relative_folder / d).as_posix(), is_dir=True))
        for name in sorted(filenames):
            candidate = Path(folder) / name
            if not name.lower().endswith(NOTE_SUFFIXES) or rules.ignores((relative_folder / name).as_posix()):
                continue
            if candidate.is_symlink() and not candidate.resolve().is_relative_to(root):
                raise IngestError("symbolic link points outside the notes folder", candidate)
            if not candidate.is_file():
                continue  # a folder named like a notes file
            found.append(candidate)
    return found


def collect_note_files(paths: list[Path] | tuple[Path, ...]) -> list[Path]:
    """Expand files and folders into the notes files to read, sorted, without duplicates.

    A folder is walked for ``*.md``, ``*.markdown``, ``*.txt``, ``*.docx``, ``*.html`` and ``*.htm``,
    leaving out hidden entries, tool folders, attachments, README/LICENSE files and what its ``.kgignore`` lists
    (:mod:`ingest.ignores`); a symbolic link that points outside the folder is refused. A file
    named on the command line is always read.
    """
    found: list[Path] = []
    for given in paths:
        given = Path(given)
        if not given.exists():
            raise IngestError("no such file or folder", given)
        if given.is_file():
            found.append(given)
            continue
        if not given.is_dir():
            raise IngestError("not a regular file or folder", given)
        in_folder = _walk_folder(given)
        if not in_folder:
            patterns = ", ".join(f"*{suffix}" for suffix in NOTE_SUFFIXES)
            raise IngestError(f"folder holds no notes files ({patterns})", given)
        found.extend(in_folder)
        if len(found) > LIMITS["max_files"]:
            raise IngestError(f"more than {LIMITS['max_files']} notes files", given)
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())
