"""Feed `kg ingest` a corpus of malformed notes; each must give one line naming the file (and line)
with exit status 2, or be ingested correctly — never a traceback, never a touched snapshot.

Usage: python bench/hostile_inputs.py [--papers 3000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.notes import LIMITS  # noqa: E402
from ingest.snapshot import current_snapshot_id, load_snapshot  # noqa: E402
from bench.served import KG  # noqa: E402

GOOD = "## Discussion 1 ResNet - 2015\n1. Why residuals?\n- they ease optimization\n"


def _write(path: Path, data) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def _nested(base: Path, depth: int) -> Path:
    folder = base / "deep"
    leaf = folder
    for level in range(depth):
        leaf = leaf / f"level{level}"
    _write(leaf / "notes.md", GOOD)
    return folder


def _symlink_outside(base: Path) -> Path:
    outside = _write(base / "outside" / "secret.md", GOOD)
    folder = base / "linked"
    _write(folder / "ok.md", GOOD)
    (folder / "escape.md").symlink_to(outside)
    return folder


def _folder_named_like_a_file(base: Path) -> Path:
    folder = base / "named"
    (folder / "looks-like-a-file.md").mkdir(parents=True)
    _write(folder / "real.md", GOOD)
    return folder


def _many_papers(base: Path, count: int) -> Path:
    text = "".join(f"## Discussion {i} Synthetic Paper {i} - {1990 + i % 35}\n1. What is it about?\n"
                   f"- idea number {i} about attention and residual blocks\n" for i in range(count))
    return _write(base / "many.md", text)


def cases(base: Path, papers: int) -> list[tuple[str, Path, str]]:
    """(name, path to ingest, expected: 'error' or 'ok')."""
    return [
        ("empty file", _write(base / "empty.md", ""), "error"),
        ("whitespace only", _write(base / "blank.md", " \n\t\n"), "error"),
        ("binary (PNG)", _write(base / "image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "error"),
        # UTF-16 with its byte-order mark and Latin-1 are read, with a warning naming the encoding
        ("UTF-16 text", _write(base / "utf16.md", GOOD.encode("utf-16")), "ok"),
        ("Latin-1 text (not UTF-8)", _write(base / "latin1.md", "## Café - 2015\n1. déjà vu\n".encode("latin-1")), "ok"),
        ("bytes neither UTF-8 nor Latin-1", _write(base / "neither.md", b"## Cafe - 2015\n1. d\xe9j\x81 vu\n"), "error"),
        ("line over the limit", _write(base / "longline.md", "## A\n1. " + "x" * (LIMITS["max_line_chars"] + 1)), "error"),
        ("file over the limit", _write(base / "huge.md", "## A - 2015\n" + "1. q\n- a\n" * (LIMITS["max_file_bytes"] // 9)), "error"),
        ("folders nested too deep", _nested(base, LIMITS["max_folder_depth"] + 3), "error"),
        ("symlink pointing outside the folder", _symlink_outside(base), "error"),
        ("folder named like a notes file", _folder_named_like_a_file(base), "ok"),
        ("heading without a title", _write(base / "notitle.md", "## \n1. q\n- a\n"), "error"),
        ("heading with only a discussion number", _write(base / "number.md", "## Discussion 3\n1. q\n"), "error"),
        ("year in the future", _write(base / "future.md", "## Paper - 2999\n1. q\n"), "error"),
        ("absurd past year", _write(base / "ancient.md", "## Paper (1200)\n1. q\n"), "error"),
        ("no paper heading", _write(base / "plain.md", "just some thoughts\n- and a bullet\n"), "error"),
        ("folder with no notes", _write(base / "nonotes" / "picture.png", b"\x89PNG").parent, "error"),
        ("path that does not exist", base / "missing", "error"),
        ("a character device", Path("/dev/null"), "error"),
        ("NUL byte after the first 8 KiB", _write(base / "latenul.md", GOOD + "- " + "y" * 9000 + "\n- a\x00b\n"), "ok"),
        ("CRLF, BOM and mis-encoded bytes", _write(base / "crlf.md", "\ufeff## ResNet (2015)\r\n\u00e0\u00b8\u00b61. q\r\n- a\r\n"), "ok"),
        ("emoji and right-to-left titles", _write(base / "unicode.md", "## 🚀 Rocket Net — 2020\n1. ?\n- ok\n## شبكة - 2019\n1. q\n- a\n"), "ok"),
        (f"{papers} papers in one file", _many_papers(base, papers), "ok"),
    ]


def run(papers: int, names: set[str] | None = None, verbose: bool = True) -> list[dict]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    results = []
    with tempfile.TemporaryDirectory() as temporary:
        base = Path(temporary)
        kb = base / "kb"
        good = _write(base / "good" / "notes.md", GOOD)
        subprocess.run([KG, "ingest", str(good), "--kb", str(kb)], env=env, check=True, capture_output=True)
        for name, path, expected in cases(base / "inputs", papers):
            if names is not None and name not in names:
                continue
            before = current_snapshot_id(kb)
            files = sorted(p.name for p in (kb / "snapshots" / before).iterdir())
            # --replace: each case is the whole input (without it, kg ingest refuses to drop the good notes)
            done = subprocess.run([KG, "ingest", str(path), "--replace", "--kb", str(kb)], env=env, capture_output=True,
                                  text=True,
                                  timeout=900)
            lines = done.stderr.strip().splitlines()
            errors = [line for line in lines if not line.startswith("warning:")]
            if done.returncode == 0:
                outcome, ok = "ingested", expected == "ok" and "Traceback" not in done.stderr
                load_snapshot(kb)  # the new snapshot verifies
                message = done.stdout.strip().splitlines()[-1]
            else:
                untouched = current_snapshot_id(kb) == before and sorted(
                    p.name for p in (kb / "snapshots" / before).iterdir()) == files
                named = bool(errors) and (path.name in errors[0] or str(path) in errors[0])
                ok = (expected == "error" and done.returncode == 2 and len(errors) == 1 and named and untouched
                      and "Traceback" not in done.stderr)
                outcome, message = f"exit {done.returncode}", errors[0] if errors else done.stderr.strip()[-300:]
            results.append({"case": name, "expected": expected, "outcome": outcome, "ok": ok, "message": message})
            if verbose:
                print(f"{'ok ' if ok else 'BAD'} {name:<40} {outcome:<9} {message[:110]}")
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=3000, help="papers in the 'many papers' file")
    args = parser.parse_args()
    results = run(args.papers)
    good = sum(r["ok"] for r in results)
    print(f"# {good}/{len(results)} hostile inputs handled as promised")
    return 0 if good == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
