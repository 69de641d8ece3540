"""Obsidian vaults: one Markdown file per page, YAML front matter, ``[[wiki links]]``.

Conventions read (https://help.obsidian.md/): a vault is a folder with a ``.obsidian/`` settings
folder; a page's name is its file name (``Linking notes``: links name files, not titles); a leading
``YYYY - `` in the file name is the year, the rest the name; front matter ``aliases`` (and a
``title`` other than the file name) add names, ``tags``/``type`` say what the page is
(``Properties``); links are ``[[target]]``, ``[[target|label]]``, ``[[target#heading]]`` and embeds
``![[target]]``; a link to a page that has no file is a name to resolve, not a page. The templates
folder is the one ``.obsidian/templates.json`` names (core Templates plugin) or the Templater
plugin's ``templates_folder``; the daily notes folder (``.obsidian/daily-notes.json``) holds
sessions. ``.obsidian/``, ``.trash/`` and attachments are not notes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ingest.discovery import collect_note_files, display_name
from ingest.readers.document import Source
from ingest.readers.markdown_pages import day_named, read_markdown_page, starts_with_a_day

__all__ = ["FORMAT", "detect", "read"]

FORMAT = "obsidian"
_YEAR_PREFIX = re.compile(r"^(?P<year>(?:19|20)\d{2})\s*[-–—_.]\s*(?P<name>.+)$")
_CALLOUT = re.compile(r"^(\s*>\s*)\[![\w-]+\][+-]?\s*")
_QUOTE = re.compile(r"^\s*>\s?")


def detect(folder: Path) -> bool:
    """A folder is a vault when it has Obsidian's settings folder."""
    return (folder / ".obsidian").is_dir()


def _setting_folder(folder: Path, relative: str, key: str) -> str | None:
    try:
        value = json.loads((folder / relative).read_text(encoding="utf-8")).get(key)
    except (OSError, ValueError, AttributeError):
        return None
    if not value:
        return None
    return str(value).strip("/") or None


def _normalizer(renamed: dict[str, str]):
    """Callout marks (``> [!note] Title``) become plain quote text; comments ``%% .. %%`` are blanked;
    a link to a file named ``YYYY - Name`` links ``Name``, the page's name."""
    names = "|".join(map(re.escape, sorted(renamed, key=len, reverse=True)))
    pattern = re.compile(r"(\[\[)(" + names + r")(?=[\]|#])") if renamed else None

    def normalize(lines: list[str], body_start: int) -> tuple[list[str], dict]:
        out, dropped = _normalize(lines, body_start)
        if pattern is not None:
            out = [pattern.sub(lambda m: m.group(1) + renamed[m.group(2)], line) for line in out]
        return out, dropped

    return normalize


def _normalize(lines: list[str], body_start: int) -> tuple[list[str], dict]:
    out, dropped, in_comment = list(lines), {}, False
    for i in range(body_start, len(lines)):
        line = lines[i]
        if line.strip().startswith("%%") or in_comment:
            if line.strip().count("%%") % 2 == 1:
                in_comment = not in_comment
            out[i], dropped[i] = "", "comment"
            continue
        out[i] = _QUOTE.sub("", _CALLOUT.sub(r"\1", line))  # a quote or callout's text is note text
    return out, dropped


def read(folder: Path, display_root: Path | None = None) -> Source:
    """Every page of the vault at ``folder``."""
    templates = (_setting_folder(folder, ".obsidian/templates.json", "folder")
                 or _setting_folder(folder, ".obsidian/plugins/templater-obsidian/data.json", "templates_folder"))
    daily = _setting_folder(folder, ".obsidian/daily-notes.json", "folder")
    pages, digests = [], []
    paths = [p for p in collect_note_files([folder]) if p.suffix.lower() in (".md", ".markdown")]
    renamed = {p.stem: _YEAR_PREFIX.match(p.stem)["name"].strip() for p in paths
               if _YEAR_PREFIX.match(p.stem) and not starts_with_a_day(p.stem)}
    normalize = _normalizer(renamed)
    for path in paths:
        relative = path.relative_to(folder)
        display = display_name(path, display_root or folder.parent)
        rel_folder = relative.parent.as_posix() if relative.parent != Path(".") else ""
        stem = path.stem
        hint, date = None, day_named(stem)
        if templates and (rel_folder == templates or rel_folder.startswith(templates + "/")):
            hint = "template"
        if daily and (rel_folder == daily or rel_folder.startswith(daily + "/")) or date:
            hint = hint or "session"
        name, extra = stem, {}
        prefixed = _YEAR_PREFIX.match(stem)
        if prefixed and not starts_with_a_day(stem):  # "2017 - Wren" is Wren of 2017; "2024-02-15 Wren" a meeting
            name, extra = prefixed["name"].strip(), {"year": (prefixed["year"],)}
        page, digest = read_markdown_page(path, display, name=name, folder=rel_folder, hint=hint, date=date,
                                          normalize=normalize, extra_properties=extra)
        pages.append(page)
        digests.append((display, digest))
    return Source(FORMAT, str(folder), tuple(pages), digests=tuple(digests))
