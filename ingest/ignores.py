"""Which files in a notes folder are not notes: sensible defaults plus the folder's ``.kgignore``.

``.kgignore`` (at the top of a folder given to ``kg ingest``) uses gitignore syntax, matched with
the ``pathspec`` library exactly as Git would; its lines come after the defaults, so a ``!README.md``
line brings a default-ignored file back. The defaults (tool folders such as ``.obsidian/``,
attachments, README/LICENSE files, hidden entries) are data in ``note_syntax.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pathspec

from ingest.errors import IngestError
from ingest.note_syntax import note_syntax

__all__ = ["IGNORE_FILE", "NotesIgnore", "load_ignore"]

IGNORE_FILE = ".kgignore"


@dataclass(frozen=True)
class NotesIgnore:
    """The ignore rules of one notes folder; :meth:`ignores` takes a path relative to the folder."""

    spec: pathspec.GitIgnoreSpec
    source: str | None  # the .kgignore file read, if any

    def ignores(self, relative: str, is_dir: bool = False) -> bool:
        """Whether a path (relative, ``/``-separated) is left out.

        >>> rules = load_ignore(None, ["drafts/", "*.txt", "!keep.txt"])
        >>> [rules.ignores(p) for p in ("README.md", "drafts/a.md", "x.txt", "keep.txt", "ResNet.md")]
        [True, True, True, False, False]
        >>> rules.ignores(".obsidian", is_dir=True), rules.ignores("attachments/fig.md")
        (True, True)
        """
        return self.spec.match_file(relative + ("/" if is_dir else ""))


def load_ignore(folder: Path | None, extra_lines: list[str] | tuple[str, ...] = ()) -> NotesIgnore:
    """The rules for ``folder``: the defaults, then its ``.kgignore`` (if any), then ``extra_lines``."""
    lines = list(note_syntax().default_ignores)
    source = None
    if folder is not None:
        path = Path(folder) / IGNORE_FILE
        if path.is_file():
            try:
                lines += path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError) as error:
                raise IngestError(f"cannot read {IGNORE_FILE}: {error}", path) from None
            source = str(path)
    lines += list(extra_lines)
    try:
        spec = pathspec.GitIgnoreSpec.from_lines(lines)
    except Exception as error:  # pathspec raises plain errors for a malformed pattern
        raise IngestError(f"bad pattern in {IGNORE_FILE}: {error}", source or folder) from None
    return NotesIgnore(spec, source)
