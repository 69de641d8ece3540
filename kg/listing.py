"""Lists of papers: the papers of the notes filtered by year, area, track or person, an overview of the whole
reading group, and the family of papers a short name stands for ("Lark" for Lark v1, v2, v3).

Graph first, JSON-ready dicts, beside :mod:`kg.descriptions`; ``ask`` routes list questions here and
:mod:`api.answer_text` writes their text.
"""

from __future__ import annotations

import datetime
import re

import networkx as nx

from kg.model import chronological_key, compact_key
from kg.names import is_plural_of, name_index
from kg.queries import node_summary

__all__ = ["papers_read", "list_papers", "group_words", "groups_named", "overview", "family", "read_around"]

#: what follows a family's name in a member's name: a version ("v2", "2", "-3") or nothing else
_VERSION = re.compile(r"^v?\d+(?:\.\d+)?[a-z]?$")


def papers_read(G: nx.MultiDiGraph) -> list[str]:
    """The papers the notes discuss (not the catalog's background papers), oldest first."""
    return sorted((n for n, d in G.nodes(data=True) if d.get("type") == "paper" and d.get("discussed")),
                  key=lambda n: chronological_key(G, n))


def _words(text: str) -> set[str]:
    return {w for w in re.split(r"[^a-z0-9]+", (text or "").lower()) if w}


def group_words(G: nx.MultiDiGraph) -> dict[str, set[tuple[str, str]]]:
    """Each word of an area or track name of the papers read -> the (field, value) it names:
    ``detection`` -> {("area", "vision/detection")}, ``quill`` -> {("track", "quill")}."""
    words: dict[str, set[tuple[str, str]]] = {}
    for paper in papers_read(G):
        for field in ("area", "track"):
            value = G.nodes[paper].get(field)
            if value and value != "unknown":
                for word in _words(value):
                    words.setdefault(word, set()).add((field, value))
    return words


def _matches(word: str, known: str) -> bool:
    return word == known or is_plural_of(word, known)


def list_papers(G: nx.MultiDiGraph, year: int | None = None, groups=(), papers=None, met: tuple | None = None) -> dict:
    """The papers read, oldest first, kept by every filter given: ``year`` (of publication), ``groups``
    (``(field, value)`` pairs: an area or a track; any of them), ``papers`` (a set of ids, e.g. a person's),
    ``met`` (``(year or None, month)``: talked about at a meeting of that month, by the paper's
    ``discussed_on`` dates; then in the order of those meetings; ``(year or None, months, season)``: of a season).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n, y, area in (("quill", 2016, "vision/detection"), ("nib", 2017, "generative"),
    ...                    ("ink", 2017, "vision/detection")):
    ...     G.add_node(n, type="paper", name=n.title(), year=y, area=area, track=None, discussed=True)
    >>> [p["id"] for p in list_papers(G, year=2017)["papers"]]  # one year: in reading order, then by id
    ['ink', 'nib']
    >>> [p["id"] for p in list_papers(G, groups=[("area", "vision/detection")])["papers"]]
    ['quill', 'ink']
    >>> G.nodes["nib"]["discussed_on"], G.nodes["ink"]["discussed_on"] = ["2024-02-07"], ["2024-01-31", "2024-02-01"]
    >>> [p["id"] for p in list_papers(G, met=(2024, 2))["papers"]], list_papers(G, met=(None, 3))["papers"]
    (['ink', 'nib'], [])
    """
    found, first_meeting = [], {}
    for paper in papers_read(G):
        data = G.nodes[paper]
        if year is not None and data.get("year") != year:
            continue
        if met is not None:
            days = _met_in(data.get("discussed_on") or (), met[0], met[1])
            if not days:
                continue
            first_meeting[paper] = days[0]
        if groups and not any(data.get(field) == value for field, value in groups):
            continue
        if papers is not None and paper not in papers:
            continue
        found.append({**node_summary(G, paper), "area": data.get("area"), "track": data.get("track"),
                      "status": data.get("status")})
    if met is not None:  # in the order of the meetings of that month
        found.sort(key=lambda p: first_meeting[p["id"]])
    filters = {"year": year, "groups": [{"field": f, "value": v} for f, v in groups],
               "papers": sorted(papers) if papers is not None else None}
    if met is not None:
        filters["met"] = {"year": met[0], "month": list(met[1]) if len(met) > 2 else met[1],
                          **({"season": met[2]} if len(met) > 2 else {})}
    dated = sum(1 for p in papers_read(G) if G.nodes[p].get("discussed_on"))
    return {"filters": filters, "papers": found, "total_read": len(papers_read(G)), "with_meeting_dates": dated}


def _met_in(days, year: int | None, month) -> list[str]:
    """The ISO dates of ``days`` in that month, or in those months (a season's), of that year (of any year when
    None).

    >>> _met_in(["2024-02-07", "2024-10-02", "2023-11-09"], 2024, (9, 10, 11, 12))
    ['2024-10-02']
    """
    months = set(month) if isinstance(month, (tuple, list)) else {month}
    return [day for day in days if int(day[5:7]) in months and (year is None or int(day[:4]) == year)]


def groups_named(G: nx.MultiDiGraph, words) -> list[tuple[str, str]]:
    """The areas and tracks whose names hold one of ``words`` (a plural counts: "Quills" names the quill track)."""
    known = group_words(G)
    found: list[tuple[str, str]] = []
    for word in words:
        for name, groups in known.items():
            if _matches(compact_key(word), name):
                found += [g for g in sorted(groups) if g not in found]
    return found


def overview(G: nx.MultiDiGraph, per_group: int = 6) -> dict:
    """What the reading group reads: how many papers and notes, the years, and the papers by area and track.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("quill", type="paper", name="Quill", year=2016, area="vision", track="q", discussed=True)
    >>> G.add_node("quill/q1", type="note", paper_id="quill")
    >>> o = overview(G)
    >>> o["papers"], o["notes"], o["years"], [a["name"] for a in o["areas"]]
    (1, 1, [2016, 2016], ['vision'])
    """
    papers = papers_read(G)
    years = [G.nodes[p]["year"] for p in papers if G.nodes[p].get("year")]
    notes = sum(1 for _, d in G.nodes(data=True) if d.get("type") == "note")

    def grouped(field):
        groups: dict[str, list[str]] = {}
        for paper in papers:
            groups.setdefault(G.nodes[paper].get(field) or "unknown", []).append(paper)
        ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
        return [{"name": name, "count": len(members), "papers": [node_summary(G, p) for p in members[:per_group]]}
                for name, members in ordered]

    return {"papers": len(papers), "notes": notes, "years": [min(years), max(years)] if years else [],
            "first": node_summary(G, papers[0]) if papers else None,
            "last": node_summary(G, papers[-1]) if papers else None,
            "areas": grouped("area"), "tracks": grouped("track"),
            "background_papers": sum(1 for _, d in G.nodes(data=True) if d.get("type") == "paper"
                                     and not d.get("discussed"))}


def family(G: nx.MultiDiGraph, written: str) -> list[str]:
    """The papers a name stands for as a family, oldest first: papers whose name is ``written`` followed by a
    version ("Lark" -> Lark v1, Lark v2, Lark 3), when there are two or more and ``written`` is none of
    theirs' own name (an alias of one: Lark v1 may be known as "Lark"). Else ``[]``.

    >>> G = nx.MultiDiGraph()
    >>> for n, name, y in (("lark-v1", "Lark v1", 2016), ("lark-v2", "Lark v2", 2017), ("larkspur", "Larkspur", 2018)):
    ...     G.add_node(n, type="paper", name=name, year=y, aliases=["Lark"] if n == "lark-v1" else [])
    >>> family(G, "lark"), family(G, "Lark v2")
    (['lark-v1', 'lark-v2'], [])
    """
    key = compact_key(written)
    if not key:
        return []
    index = name_index(G)
    members = []
    for name_key in index.keys:  # the keys of every name: a family's names start with its name
        if not name_key.startswith(key):
            continue
        papers = [n for n, how in index.owners[name_key] if how == "name" and G.nodes[n].get("type") == "paper"]
        if papers and name_key == key:
            return []  # the name of one paper: that paper
        if _VERSION.match(name_key[len(key):]):
            members += [n for n in papers if n not in members]
    if len(members) < 2 or not all(n in members for n, _ in index.owners.get(key, ())):
        return []  # a name another node owns (a concept, a paper outside the family) is that node's
    return sorted(members, key=lambda n: chronological_key(G, n))


def _met_days(data: dict) -> list[str]:
    """A paper's meeting days (ISO) in order; a day that is no ISO date is left out."""
    days = []
    for day in data.get("discussed_on") or ():
        try:
            days.append(datetime.date.fromisoformat(str(day)).isoformat())
        except ValueError:
            continue
    return sorted(days)


def read_around(G: nx.MultiDiGraph, paper: str, direction: str = "after") -> dict:
    """The papers the group took up right after (``direction="after"``) or right before ``paper``, by the days of
    their meetings, or by the order of the notes when ``paper`` has no meeting day (``by`` says which).

    After: a paper first met after ``paper``'s first meeting, at its first such day, or one begun the same day and
    carried on later, at its next day; before: a paper first met before it, at its last day before it. The nearest
    of all papers (those of the same day together) and, when it is another, the nearest of ``paper``'s own line of
    work (its track): "the next segmentation paper after X". ``discussed`` says whether the group read ``paper``.

    >>> G = nx.MultiDiGraph()
    >>> for n, days, track in [("wren", ["2024-01-04"], "a"), ("lark", ["2024-01-11"], "b"),
    ...                        ("kite", ["2024-01-04", "2024-01-18"], "a")]:
    ...     G.add_node(n, type="paper", name=n.title(), discussed=True, discussed_on=days, track=track, order=0)
    >>> around = read_around(G, "wren")
    >>> [(p["id"], p["day"]) for p in around["nearest"]], [(p["id"], p["day"]) for p in around["on_line"]]
    ([('lark', '2024-01-11')], [('kite', '2024-01-18')])
    >>> [p["id"] for p in read_around(G, "lark", "before")["nearest"]], read_around(G, "kite")["nearest"][0]["id"]
    (['kite', 'wren'], 'lark')
    """
    if direction not in ("after", "before"):
        raise ValueError(f"direction must be 'after' or 'before', not {direction!r}")
    after = direction == "after"
    data = G.nodes[paper]
    own = _met_days(data)
    placed = []  # (place, id, day): the nearest place is the smallest after, the largest before
    for node, other in G.nodes(data=True):
        if node == paper or other.get("type") != "paper" or not (other.get("discussed") or other.get("discussed_on")):
            continue
        days = _met_days(other)
        if own and days:
            if after and days[0] >= own[0] and any(d > own[0] for d in days):
                day = min(d for d in days if d > own[0])
                placed.append(((day,), node, day))
            elif not after and days[0] < own[0]:
                day = max(d for d in days if d < own[0])
                placed.append(((day,), node, day))
        elif not own and other.get("order") is not None and data.get("order") is not None \
                and other["order"] != data["order"] and (other["order"] > data["order"]) == after:
            placed.append(((other["order"],), node, None))

    def nearest(found):
        closest = (min if after else max)((place for place, _, _ in found), default=None)
        return [{**node_summary(G, node), "day": day, "presenters": list(G.nodes[node].get("presenters") or ()),
                 "status": G.nodes[node].get("status"), "track": G.nodes[node].get("track")}
                for place, node, day in sorted(found, key=lambda c: c[1]) if place == closest]

    if not data.get("discussed"):
        placed = []  # a paper the group never read has no place in its reading
    first = nearest(placed)
    track = data.get("track")
    on_line = nearest([c for c in placed if track and G.nodes[c[1]].get("track") == track])
    listed = {p["id"] for p in first}
    return {"paper": {**node_summary(G, paper), "days": own, "discussed": bool(data.get("discussed"))},
            "direction": "after" if after else "before", "by": "meetings" if own else "notes order",
            "nearest": first, "track": track,
            "on_line": [] if any(p["id"] in listed for p in on_line) else on_line}
