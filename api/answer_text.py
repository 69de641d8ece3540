"""Readable text for lineage, path and reading-plan answers, shared by ``ask`` and the command line.

Arrows stand only between papers joined by a ``led_to`` edge: a lineage or a path is drawn as its
``main_line``, and the other papers of the answer are named after it as "also: ...".
"""

from __future__ import annotations

__all__ = ["ARROW", "chain_text", "introduced_elsewhere_text", "lineage_text", "path_text", "plan_advice",
           "plan_outline"]

ARROW = " → "


def _titles(answer: dict) -> dict[str, str]:
    nodes = list(answer.get("nodes", ()))
    for key in ("node", "target"):
        if key in answer:
            nodes.append(answer[key])
    for key in ("ancestors", "descendants", "plan"):
        nodes.extend(answer.get(key, ()))
    return {n["id"]: n["title"] for n in nodes}


def _series(names: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def chain_text(answer: dict, limit: int | None = None) -> str:
    """The answer's main line drawn with arrows, then the other papers as "(also: ...)"."""
    titles = _titles(answer)
    line = answer.get("main_line") or []
    text = ARROW.join(titles[n] for n in line)
    members = [n["id"] for n in answer.get("nodes", ())] or [
        i["id"] for key in ("ancestors", "descendants") for i in answer.get(key, ())]
    others = [titles[n] for n in members if n not in set(line)]
    if others:
        shown = others if limit is None else others[:limit]
        more = f" and {len(others) - len(shown)} more" if len(others) > len(shown) else ""
        text += f" (also: {', '.join(shown)}{more})"
    return text


def lineage_text(answer: dict, limit: int | None = 8) -> str:
    """``What led to X: A → B → X (also: ...).`` or ``What came from X: X → C → D (also: ...).``"""
    node = answer["node"]["title"]
    direction = answer["direction"]
    if not answer[direction]:
        verb = "builds on no earlier paper in the graph" if direction == "ancestors" else "led to no later paper in the graph"
        return f"{node} {verb}."
    heading = "What led to" if direction == "ancestors" else "What came from"
    return f"{heading} {node}: {chain_text(answer, limit)}."


def path_text(answer: dict, limit: int | None = 8) -> str:
    """A lineage between two papers as its main line; otherwise the shortest path, one relation per hop."""
    nodes = answer["nodes"]
    if answer["mode"] == "lineage":
        return f"{nodes[0]['title']} leads to {nodes[-1]['title']}: {chain_text(answer, limit)}."
    if answer["mode"] == "same":
        return f"{nodes[0]['title']} is the same node."
    hops = [f"-[{edge['relation']}]- {node['title']}" for node, edge in zip(nodes[1:], answer["edges"])]
    return f"{nodes[0]['title']} " + " ".join(hops) + "."


def plan_outline(answer: dict) -> list[tuple[dict, list[dict]]]:
    """The plan as (paper, [its concepts]) in reading order, the target last with the concepts for it."""
    groups: dict[str, list[dict]] = {}
    papers: list[dict] = []
    for item in answer["plan"]:
        group = item.get("group", answer["target"]["id"])
        if group == item["id"]:
            papers.append(item)
        else:
            groups.setdefault(group, []).append(item)
    return [(p, groups.get(p["id"], [])) for p in papers] + [(answer["target"], groups.get(answer["target"]["id"], []))]


def plan_advice(answer: dict) -> str:
    """A short plan as advice: "Read A, then B (with x, y), then X; for X know p and q." (the full plan: a summary)."""
    target = answer["target"]
    plan = answer["plan"]
    if not plan:
        return f"Nothing to read before {target['title']}" + (" that you do not know already." if answer["known"] else ".")
    if answer.get("all", True):
        concepts = sum(1 for i in plan if i["type"] == "concept")
        return (f"Before {target['title']}: {len(plan)} steps - {concepts} concepts and {len(plan) - concepts} papers, "
                f"in order. Start with: {', '.join(answer['ready_next'][:6])}.")
    outline = plan_outline(answer)
    reads = []
    for paper, concepts in outline[:-1]:
        with_concepts = f" (with {_series([c['name'] for c in concepts])})" if concepts else ""
        reads.append(paper["title"] + with_concepts)
    own = [c["name"] for c in outline[-1][1]]
    text = ""
    if reads:
        text = "Read " + ", then ".join(reads) + f", then {target['title']}"
        if own:
            text += f"; for {target['name']} know {_series(own)}"
    else:
        text = f"Before {target['title']}, know {_series(own)}"
    text += "."
    introduced = [c["name"] for c in answer.get("introduced_by_target") or ()]
    if introduced:
        text += f" {target['name']} itself introduces {_series(introduced)}."
    if answer.get("total", len(plan)) > len(plan):
        text += f" ({len(plan)} of {answer['total']} steps; every step with --all or all=1.)"
    return text


def introduced_elsewhere_text(concept: dict) -> str | None:
    """The sentence for a concept first proposed in a work outside the graph (``introduced_in`` of its
    node summary), naming the paper of the notes that made it known or used it; None otherwise.

    >>> introduced_elsewhere_text({"name": "dropout", "introduced_in": "Hinton et al. 2012",
    ...                            "popularised_by": {"id": "alexnet", "title": "AlexNet (2012)"}})
    'dropout was introduced in Hinton et al. 2012 (not in your notes); AlexNet (2012) popularised it.'
    >>> introduced_elsewhere_text({"name": "weight clipping"}) is None
    True
    """
    if not concept.get("introduced_in"):
        return None
    text = f"{concept['name']} was introduced in {concept['introduced_in']} (not in your notes)"
    for key, verb in (("popularised_by", "popularised"), ("used_by", "used")):
        if concept.get(key):
            return f"{text}; {concept[key]['title']} {verb} it."
    return text + "."
