"""The build report: what in a group's notes is ambiguous or missing, for ``kg ingest``, ``kg doctor`` and ``/report``.

Every item names the file and line to fix. The report is saved in the snapshot (``report.json``
and the graph's ``report`` attribute) so that ``kg doctor`` and ``GET /api/v1/report`` give it in
full without rebuilding.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

__all__ = ["BuildReport", "REPORT_SECTIONS"]

#: section -> what it lists (the order ``kg doctor`` prints them in)
REPORT_SECTIONS = {
    "papers_without_year": "papers with no year (add 'Year: 2020' under the heading, or a BibTeX entry)",
    "forward_references": "papers named as coming later (never made ancestors of the paper whose notes say so)",
    "refused_cycles": "mentions refused because the lineage would run in a circle (both lines given)",
    "refused_back_in_time": "builds-on statements refused because the named paper is newer",
    "ambiguous_names": "names that mean more than one paper or concept",
    "unresolved_names": "names given as ancestors ('Builds on:', papers.yaml cites, 'builds on X') that match no "
                        "paper (kept as papers of their own)",
    "concepts_created": "concepts created from the notes",
    "papers_without_lineage": "discussed papers with no lineage at all (no 'led_to' in or out)",
    "inferred_unconfirmed": "lineage only the scorer inferred, least confident first: confirm it with 'Builds on: X' "
                            "or overrule it with 'Not: X' under the later paper",
    "lineage_suggested": "discussed papers nothing leads to, with the scorer's best guesses under its threshold: "
                         "confirm one with 'Builds on: X' (or rule it out with 'Not: X') under the paper",
    "bibtex_unmatched": "BibTeX entries no heading matched",
    "pages_unclassified": "pages of a notes app that nothing marks as a paper, concept, session, index or template "
                          "while other pages are marked as papers: not read (give each a 'type:')",
}


@dataclass
class BuildReport:
    """Lists of findings, each item a dict with at least ``file`` and ``line`` where it applies."""

    papers_without_year: list[dict] = field(default_factory=list)
    forward_references: list[dict] = field(default_factory=list)
    refused_cycles: list[dict] = field(default_factory=list)
    refused_back_in_time: list[dict] = field(default_factory=list)
    ambiguous_names: list[dict] = field(default_factory=list)
    unresolved_names: list[dict] = field(default_factory=list)
    concepts_created: list[dict] = field(default_factory=list)
    papers_without_lineage: list[dict] = field(default_factory=list)
    inferred_unconfirmed: list[dict] = field(default_factory=list)
    lineage_suggested: list[dict] = field(default_factory=list)
    bibtex_unmatched: list[dict] = field(default_factory=list)
    pages_unclassified: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        """The report as JSON: ``counts`` per section, then every section in full."""
        sections = asdict(self)
        return {"counts": {name: len(items) for name, items in sections.items()}, **sections}

    @staticmethod
    def item_line(section: str, item: dict) -> str:
        """One item as a line of ``kg doctor``'s output: ``file:line: what``."""
        where = f"{item.get('file')}:{item.get('line')}" if item.get("file") else "-"
        if section == "refused_cycles":
            other = item.get("blocked_by", {})
            return (f"{where}: {item['earlier']} -> {item['later']} refused: it would close a circle with "
                    f"{other.get('path', '')} ({other.get('file')}:{other.get('line')})")
        if section == "refused_back_in_time":
            return f"{where}: {item['earlier']} ({item.get('earlier_year')}) is newer than {item['later']} " \
                   f"({item.get('later_year')})"
        if section == "forward_references":
            return f"{where}: {item['paper']}'s notes say {item['later']} came later ({item.get('cue')!r})"
        if section == "ambiguous_names":
            return f"{where}: {item['name']!r} could mean {', '.join(item['candidates'])}; took {item.get('chosen')}"
        if section == "concepts_created":
            return f"{where}: {item['name']} ({item['id']})"
        if section == "inferred_unconfirmed":
            return f"{where}: {item['earlier']} -> {item['later']} (confidence {item['confidence']:.2f}): {item['why']}"
        if section == "lineage_suggested":
            guesses = "; ".join(f"{g['name']} ({g['confidence']:.2f}: {g['why']})" for g in item["suggested"])
            return f"{where}: {item['name']}: perhaps {guesses}"
        if section == "bibtex_unmatched":
            return f"{where}: {item['key']}: {item['title']}"
        if section == "unresolved_names":
            added = f" (added as paper '{item['added']}')" if item.get("added") else ""
            return f"{where}: {item['name']!r} in the notes of {item.get('paper')}{added}"
        return f"{where}: {item.get('name', item.get('paper', ''))}"
