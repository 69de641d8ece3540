"""How the parser reads a corpus of notes against its gold file: papers and notes per file, and each
paper's name, year, aliases and authors.

Usage: python bench/layouts_quality.py DIR [--gold FILE]

DIR holds notes in any layout and (unless --gold) a gold.yaml written from the notes alone:

    papers: [{name, year, aliases, authors, file}, ...]
    files:  [{path, papers, notes}, ...]

Prints one row per file (gold and parsed counts, unused lines), the papers whose fields differ, and
the totals. Used for the held-out corpus (bench/eval/heldout-notes) and the tuning corpus
(tests/data/layouts, which tests/ingest/test_layouts.py asserts exactly).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.notes import parse_paths  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--gold", type=Path)
    args = parser.parse_args()
    gold = yaml.safe_load((args.gold or args.corpus / "gold.yaml").read_text(encoding="utf-8"))
    corpus = parse_paths([args.corpus], display_root=args.corpus)
    found = {r.file: r for r in corpus.reports}
    print(f"{'file':<40} {'gold papers/notes':>18} {'parsed':>8} {'unused':>7}")
    exact = 0
    for entry in gold["files"]:
        report = found.get(entry["path"])
        parsed = (report.papers, report.notes) if report else None
        exact += parsed == (entry["papers"], entry["notes"])
        print(f"{entry['path']:<40} {entry['papers']:>8}/{entry['notes']:<9} "
              f"{'-' if parsed is None else f'{parsed[0]}/{parsed[1]}':>8} "
              f"{len(report.unused_lines) if report else '-':>7}")
    sections = {(s.source.file, s.title): s for s in corpus.sections}
    right = 0
    for entry in gold["papers"]:
        section = sections.get((entry["file"], entry["name"]))
        differences = ["not found"] if section is None else [
            f"{field} {got!r} != {want!r}" for field, got, want in (
                ("year", section.year, entry.get("year")),
                ("aliases", sorted(section.aliases), sorted(entry.get("aliases") or [])),
                ("authors", list(section.authors), list(entry.get("authors") or []))) if got != want]
        right += not differences
        if differences:
            print(f"  {entry['name']}: {'; '.join(differences)}")
    print(f"files with the gold counts {exact}/{len(gold['files'])}; papers with the gold fields "
          f"{right}/{len(gold['papers'])}; papers parsed {len(corpus.sections)}; warnings {len(corpus.warnings)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
