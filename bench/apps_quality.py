"""How a notes app's folder reads, against a gold file written from its notes alone: papers found
with the name a person sees, pages wrongly counted as papers, lineage, search top 5 and ``ask``.

Usage: python bench/apps_quality.py --corpus DIR --gold FILE [--format auto] [--no-serve] [--show]

The gold file (see bench/eval/apps/README.md) lists ``papers`` (name, year, aliases, track), the
``backlog`` (pages of papers not discussed: neither right nor wrong), ``not_papers``, ``tracks`` and
``lineage`` (as bench/own_notes_quality.py reads them), ``search`` ({q, paper}) and ``ask`` ({q,
expect}). Prints:

- papers: gold papers found by their shown name (and by any name), years and aliases right;
- extra: discussed papers in the graph that are neither gold papers nor backlog (pages that are not
  papers, counted as papers);
- lineage: stated ancestors found, must_not violated, foreign share (ingest/lineage_evaluation.py);
- search: gold paper in the top 5 (a note counts as its paper), over a real snapshot;
- ask: answers whose text holds every expected name or word (a paper's aliases count for it).

The search and ask figures build a snapshot with the real model (a minute or two); ``--no-serve``
leaves them out.
"""

from __future__ import annotations

import argparse
import calendar
import datetime
import inspect
import json
import os
import re
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from ingest.lineage_evaluation import score_corpus  # noqa: E402
from ingest.pipeline import build_graph_for  # noqa: E402

__all__ = ["main"]


def _key(text: str) -> str:
    """A name compared case, space and punctuation aside; a "+" stays (PointNet++ is not PointNet)."""
    return re.sub(r"[^a-z0-9+]+", "", str(text).lower())


#: a day as notes and golds write it: "Mar 29", "June 4", "Feb 6th, 2025" (an ISO date is read by ``fromisoformat``)
_SPOKEN_DAY = re.compile(r"^(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?$")


def day_spellings(expected: str) -> list[str]:
    """The ways an answer may write the day a gold expects, lowercased: an expected "Mar 29" is right in an answer
    that says "March 29, 2024" or "2024-03-29" (the answer spells months out, or writes a meeting's ISO day; the
    gold writes the day as the notes do; "-03-29" stands for any year's). Not a day: [].

    >>> day_spellings("Mar 29"), day_spellings("2024-12-12"), day_spellings("GAN 2014")
    (['march 29', 'mar 29', '-03-29'], ['2024-12-12', 'december 12, 2024', 'dec 12, 2024'], [])
    """
    try:
        day = datetime.date.fromisoformat(expected.strip())
        month, number, iso = day.month, day.day, [day.isoformat()]
    except ValueError:
        spoken = _SPOKEN_DAY.match(expected.strip())
        names = [name.lower() for name in calendar.month_name[1:]]
        month_word = spoken.group("month").lower() if spoken else ""
        months = [i + 1 for i, name in enumerate(names) if len(month_word) >= 3 and name.startswith(month_word)]
        if not spoken or len(months) != 1 or not 1 <= int(spoken.group("day")) <= 31:
            return []
        month, number, iso = months[0], int(spoken.group("day")), []
        if spoken.group("year"):
            iso = [f"{spoken.group('year')}-{month:02d}-{number:02d}"]
    year = f", {iso[0][:4]}" if iso else ""  # a day of a given year only in that year
    return list(dict.fromkeys([*iso, f"{calendar.month_name[month].lower()} {number}{year}",
                               f"{calendar.month_abbr[month].lower()} {number}{year}",
                               *([] if iso else [f"-{month:02d}-{number:02d}"])]))


def _says(text: str, spelling: str, day: bool) -> bool:
    """``spelling`` in the lowercased answer ``text``; a day not followed by a digit ("march 2" is not "march 29")."""
    if not day:
        return spelling.lower() in text
    if spelling.startswith("-"):  # an ISO day of any year: "2023-11-14" for "Nov 14"
        return re.search(rf"(?<!\d)(?:19|20)\d\d{re.escape(spelling)}(?!\d)", text) is not None
    return re.search(rf"(?<![\w]){re.escape(spelling)}(?!\d)", text) is not None


def namespace_names(G, gold: dict) -> dict:
    """The gold rewritten where it names a Logseq namespaced page by its full path ("papers/Wren"): the page
    is the paper of its last part (``papers___Wren.md`` is named "Wren", issue 23), so a gold name "a/b" that
    no paper answers to, whose last part a discussed paper is named, stands for that paper.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(); G.add_node("wren", type="paper", name="Wren", discussed=True)
    >>> namespace_names(G, {"papers": [{"name": "papers/Wren"}], "lineage": {"papers/Wren": {"must": ["I/O"]}}})
    {'papers': [{'name': 'Wren'}], 'lineage': {'Wren': {'must': ['I/O']}}}
    """
    known = {_key(name) for _, d in G.nodes(data=True) if d.get("type") == "paper"
             for name in (d.get("name", ""), *(d.get("aliases") or []))}
    renamed = {}
    for name in [str(paper["name"]) for paper in gold.get("papers") or []] + [str(b) for b in gold.get("backlog") or []]:
        last = name.rsplit("/", 1)[-1].strip()
        if "/" in name and _key(name) not in known and _key(last) in known:
            renamed[name] = last

    def rewrite(value):
        if isinstance(value, str):
            return renamed.get(value, value)
        if isinstance(value, list):
            return [rewrite(v) for v in value]
        if isinstance(value, dict):
            return {rewrite(k): rewrite(v) for k, v in value.items()}
        return value

    return rewrite(gold) if renamed else gold


def _build(corpus: Path, notes_format: str):
    if "notes_format" in inspect.signature(build_graph_for).parameters:
        return build_graph_for([corpus], display_root=corpus.parent, notes_format=notes_format)
    return build_graph_for([corpus], display_root=corpus.parent)  # code from before the app readers


def score_papers(G, gold: dict) -> dict:
    discussed = {n: d for n, d in G.nodes(data=True) if d.get("type") == "paper" and d.get("discussed")}
    by_name = {_key(d.get("name", "")): n for n, d in discussed.items()}
    by_any = dict(by_name)
    for n, d in discussed.items():
        for alias in d.get("aliases", []) or []:
            by_any.setdefault(_key(alias), n)
    shown = found = years = aliases_right = aliases_total = 0
    matched, lost = set(), []
    for paper in gold.get("papers") or []:
        node = by_name.get(_key(paper["name"]))
        if node:
            shown += 1
        node = node or by_any.get(_key(paper["name"])) or next(
            (by_any[_key(a)] for a in paper.get("aliases") or [] if _key(a) in by_any), None)
        if not node:
            lost.append(paper["name"])
            continue
        found += 1
        matched.add(node)
        years += (discussed[node].get("year") == paper.get("year")) if paper.get("year") else 1
        # the names the paper answers to: its name, aliases and title (the full title its page gives)
        names = ({_key(discussed[node].get("name", "")), _key(discussed[node].get("title") or "")}
                 | {_key(a) for a in discussed[node].get("aliases", []) or []})
        for alias in paper.get("aliases") or []:
            aliases_total += 1
            aliases_right += _key(alias) in names
    backlog = {_key(b) for b in gold.get("backlog") or []}
    extra = sorted(d.get("name", n) for n, d in discussed.items()
                   if n not in matched and _key(d.get("name", "")) not in backlog)
    total = len(gold.get("papers") or [])
    return {"papers_gold": total, "found_by_shown_name": shown, "found_by_any_name": found,
            "years_right": years, "aliases_right": aliases_right, "aliases_total": aliases_total,
            "extra_papers": len(extra), "extra": extra, "lost": lost}


def _paper_of(G, node_id: str) -> str:
    if G.nodes.get(node_id, {}).get("type") == "note":
        for _, target, key in G.out_edges(node_id, keys=True):
            if key == "part_of":
                return target
    return node_id


def score_served(corpus: Path, gold: dict, notes_format: str) -> dict:
    from api.service import Service
    from embeddings.encoder import create_encoder
    from ingest.pipeline import run_ingest
    from ingest.snapshot import load_snapshot

    with tempfile.TemporaryDirectory() as tmp:
        kwargs = {"notes_format": notes_format} if "notes_format" in inspect.signature(run_ingest).parameters else {}
        encoder = create_encoder(cache_dir=Path(tmp) / "cache")
        run_ingest([corpus], Path(tmp) / "kb", sources="replace", encoder=encoder, **kwargs)
        service = Service(load_snapshot(Path(tmp) / "kb"), encoder)
        G = service.graph
        names = {}
        for n, d in G.nodes(data=True):
            if d.get("type") == "paper":
                for name in [d.get("name", ""), *(d.get("aliases") or [])]:
                    names.setdefault(_key(name), n)
        for paper in gold.get("papers") or []:  # a gold paper is found by its name or any alias it gives
            node = next((names[_key(n)] for n in [paper["name"], *(paper.get("aliases") or [])] if _key(n) in names),
                        None)
            if node:
                names.setdefault(_key(paper["name"]), node)
        search_right, search_misses = 0, []
        for item in gold.get("search") or []:
            want = names.get(_key(item["paper"]))
            results = service.search(item["q"], k=10)["results"]
            top = list(dict.fromkeys(_paper_of(G, r["id"]) for r in results))[:5]
            if want and want in top:
                search_right += 1
            else:
                search_misses.append(f"{item['q']!r} -> want {item['paper']}, got {top[:3]}")
        ask_right, ask_misses = 0, []
        for item in gold.get("ask") or []:
            answer = service.ask(item["q"])
            text = (answer.get("text") or "").lower()
            ok = True
            for expected in map(str, item.get("expect") or []):  # a date or a number read by YAML is its text
                node = names.get(_key(expected))
                spellings = [expected]
                if node:
                    spellings += [G.nodes[node].get("name", ""), *(G.nodes[node].get("aliases") or [])]
                days = day_spellings(expected)
                if not any(s and _says(text, s, False) for s in spellings) and not any(
                        _says(text, s, True) for s in days):
                    ok = False
            ask_right += ok
            if not ok:
                ask_misses.append(f"{item['q']!r} expects {item.get('expect')}: {text[:160]!r}")
        return {"search_top5": search_right, "search_total": len(gold.get("search") or []),
                "ask_right": ask_right, "ask_total": len(gold.get("ask") or []),
                "search_misses": search_misses, "ask_misses": ask_misses}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True, type=Path)
    parser.add_argument("--gold", required=True, type=Path)
    parser.add_argument("--format", default="auto", dest="notes_format")
    parser.add_argument("--no-serve", action="store_true", help="leave out search and ask (no model needed)")
    parser.add_argument("--show", action="store_true", help="list what was lost, extra and missed")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    gold = yaml.safe_load(args.gold.read_text(encoding="utf-8"))
    result = _build(args.corpus, args.notes_format)
    gold = namespace_names(result.graph, gold)
    figures = score_papers(result.graph, gold)
    lineage_gold = {k: gold[k] for k in ("tracks", "lineage") if gold.get(k)}
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as handle:
        yaml.safe_dump(lineage_gold, handle)
    lineage = score_corpus(args.corpus, Path(handle.name), result=result)
    os.unlink(handle.name)
    figures.update({k: lineage[k] for k in ("must_found", "must_total", "must_not_violated", "foreign_share")})
    figures["lineage_misses"] = lineage.get("misses", [])
    figures["lineage_wrong"] = lineage.get("violations", [])  # ancestors the gold rules out
    if not args.no_serve:
        figures.update(score_served(args.corpus, gold, args.notes_format))
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"corpus: {args.corpus}")
    print(f"papers: {figures['found_by_shown_name']}/{figures['papers_gold']} by the name shown, "
          f"{figures['found_by_any_name']} by any name; years {figures['years_right']}, aliases "
          f"{figures['aliases_right']}/{figures['aliases_total']}; extra papers {figures['extra_papers']}")
    print(f"lineage: stated {figures['must_found']}/{figures['must_total']}, must_not violated "
          f"{figures['must_not_violated']}, foreign share {figures['foreign_share']}")
    if "search_top5" in figures:
        print(f"search top 5: {figures['search_top5']}/{figures['search_total']}; "
              f"ask: {figures['ask_right']}/{figures['ask_total']}")
    if args.show:
        for key in ("lost", "extra", "lineage_misses", "lineage_wrong", "search_misses", "ask_misses"):
            for line in figures.get(key, []):
                print(f"  {key}: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
