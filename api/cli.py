"""The `kg` command line: ingest, serve, search, lineage, plan, path, ask, show, export.

Human-readable output by default; ``--json`` prints exactly what the matching endpoint returns
(the same Service method). Bad input: one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from api.errors import EXIT_BAD_INPUT, EXIT_INTERRUPTED, InvalidParameter, InvalidSetting, exit_status, os_error_line
from api.settings import SETTINGS, setting_default, settings_from_env
from embeddings.search import SEARCH_MODES
from ingest.readers import FORMATS as NOTES_FORMATS
from kg.export import FORMATS, mermaid_limits_warning
from kg.model import authors_text
from kg.model import NODE_TYPES

__all__ = ["main", "build_parser"]


class _Parser(argparse.ArgumentParser):
    """argparse with its errors on one line (``kg serve: error: argument --port: ...``), exit status 2."""

    def error(self, message):
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _setting_type(setting):
    """An argparse type that converts like the setting, its message naming the option (argparse adds it)."""
    def convert(raw):
        try:
            return setting.type(raw)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
    convert.__name__ = setting.type.__name__
    return convert


def setting_option(parser: argparse.ArgumentParser, flag: str, name: str, help_text: str | None = None) -> None:
    """An option for setting ``name`` of :data:`~api.settings.SETTINGS`: its type, its help, and its default
    from the environment variable (checked now: a bad value is an InvalidSetting naming the variable)."""
    setting = SETTINGS[name]
    choices = getattr(setting.type, "choices", None)
    parser.add_argument(flag, type=_setting_type(setting), default=setting_default(name),
                        metavar=("{" + ",".join(choices) + "}") if choices else None,
                        help=f"{help_text or setting.help} (default: ${setting.env} or {setting.default})")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kg", description="Papergraph: a knowledge graph and semantic search "
                                            "over paper-reading notes.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    def command(name, help_text, json_flag=True):
        p = sub.add_parser(name, help=help_text, description=help_text)
        setting_option(p, "--kb", "KB", "knowledge-base directory")
        if json_flag:
            p.add_argument("--json", action="store_true", help="print the endpoint's JSON instead of text")
        return p

    def encoder_options(p):
        setting_option(p, "--model", "MODEL")
        setting_option(p, "--device", "DEVICE")
        setting_option(p, "--backend", "BACKEND")

    p = command("ingest", "build a snapshot from notes files or folders (default: the sources the knowledge base "
                          "was built from; the bundled notes for a new one)", json_flag=False)
    p.add_argument("paths", nargs="*", type=Path, help="notes files or folders")
    encoder_options(p)
    p.add_argument("--strict", action="store_true",
                   help="fail (exit 2) when a line of the notes gives no note or field, or a file is skipped")
    p.add_argument("--format", dest="notes_format", default="auto",
                   choices=NOTES_FORMATS,
                   help="how to read a notes folder: auto (detected from .obsidian/, logseq/, Notion's page ids), "
                        "markdown (plain files), or the app that keeps it")
    setting_option(p, "--vectors", "VECTORS")
    p.add_argument("--ray", nargs="?", const="local", default=setting_default("RAY") or None, metavar="ADDRESS",
                   help="encode the texts missing from the cache on Ray (no ADDRESS: a local Ray; default: $KG_RAY)")
    joined = p.add_mutually_exclusive_group()
    joined.add_argument("--add", action="store_true", help="add PATHs to the sources this knowledge base is built from")
    joined.add_argument("--replace", action="store_true",
                        help="build from PATHs alone, dropping the sources recorded so far")

    p = command("serve", "serve the API and the viewer on a production WSGI server", json_flag=False)
    setting_option(p, "--host", "HOST")
    setting_option(p, "--port", "PORT")
    setting_option(p, "--threads", "SERVER_THREADS")
    setting_option(p, "--search-slots", "SEARCH_SLOTS")
    setting_option(p, "--search-queue", "SEARCH_QUEUE")
    encoder_options(p)

    p = command("search", "semantic search over notes, papers and concepts")
    p.add_argument("query")
    p.add_argument("-k", type=int, default=10, help="number of results")
    p.add_argument("--type", choices=NODE_TYPES, help="only nodes of this type")
    p.add_argument("--mode", choices=SEARCH_MODES, help="retrieval mode")

    p = command("lineage", "what led to a paper (or, with --descendants, what it led to)")
    p.add_argument("id", help="paper id, name or alias")
    p.add_argument("--descendants", action="store_true")
    p.add_argument("--all", action="store_true", help="list what comes only through another research line too")

    p = command("plan", "reading plan: what to understand before a paper or concept (at most 12 steps; --all for every step)")
    p.add_argument("id")
    p.add_argument("--known", action="append", default=[], metavar="ID[,ID...]",
                   help="ids already read; comma-separated, the option repeatable (like the API's known=a,b)")
    p.add_argument("--all", action="store_true", help="every step, in an order that respects prerequisites")

    p = command("path", "how two papers or concepts are related")
    p.add_argument("source", metavar="FROM")
    p.add_argument("target", metavar="TO")

    p = command("ask", "ask a question: what led to X, what do I need before X, how is X related to Y, ...")
    p.add_argument("question")

    p = command("show", "one node with its neighbours and evidence")
    p.add_argument("id")

    command("snapshots", "the published snapshots of the knowledge base, newest first (* = served)")

    p = command("rollback", "serve the previous published snapshot again (atomically; a running server follows)",
                json_flag=False)
    p.add_argument("--to", metavar="ID", help="this snapshot instead of the previous one")

    p = command("export", "export the graph for Gephi, Cytoscape, Graphviz, D3 or Mermaid", json_flag=False)
    p.add_argument("--format", default="node-link", choices=tuple(FORMATS))
    p.add_argument("--root", help="export only the part around this node")
    p.add_argument("--depth", type=int, default=2, help="hops from --root (default 2)")
    p.add_argument("--relation", help="only edges of these relations (comma-separated)")
    p.add_argument("-o", "--output", type=Path, help="write to this file instead of standard output")

    command("doctor", "what in the notes is ambiguous or missing: the build report of the snapshot, in full")
    return parser


def _service(kb: str, with_search: bool):
    from api.service import Service
    from ingest.snapshot import load_snapshot

    settings = settings_from_env({"KB": kb, "QUERY_BATCH": 0})  # one question: no batching thread
    snapshot = load_snapshot(Path(kb), with_search=with_search)  # first: a missing base fails before a cache is made
    encoder = None
    if with_search:
        from api.holder import serving_encoder

        encoder = serving_encoder(settings)
    return Service(snapshot, encoder, settings["SEARCH_MODE"])


def _print_json(payload) -> None:
    print(json.dumps(payload, ensure_ascii=False, indent=2))


def _respond(args, payload, render) -> int:
    """Print the endpoint's JSON with --json, else the human rendering."""
    if args.json:
        _print_json(payload)
    else:
        _show_resolved(payload.get("resolved"))
        render(payload)
    return 0


def _show_resolved(resolved) -> None:
    """One line per name answered under another spelling (a typo, a note's paper): never silently."""
    for record in [resolved] if isinstance(resolved, dict) else resolved or ():
        print(f"note: {record['from']!r} taken as {record['to']} ({record['how']})")


def _where(evidence: dict) -> str:
    if evidence.get("file"):
        return f"{evidence['file']}:{evidence.get('line', '?')}"
    return evidence.get("source", "")


def _first_evidence(steps: list[dict]) -> str:
    """The first record of the first step (a lineage item's step into its path): its line and its place."""
    for step in steps:
        for evidence in step.get("evidence", ()):
            text = evidence.get("text") or evidence.get("matched", "")
            sure = f", confidence {step['confidence']:.2f}" if step.get("confidence") is not None else ""
            return f"{step.get('kind', step.get('relation', ''))}{sure}: {text[:70]} ({_where(evidence)})"
    return ""


def _served_id(kb: Path) -> str | None:
    """The snapshot ``kb`` serves now, or None (no base yet, or none readable)."""
    from ingest.errors import SnapshotError
    from ingest.snapshot import current_snapshot_id

    try:
        return current_snapshot_id(kb)
    except (SnapshotError, OSError):
        return None


def _cmd_ingest(args) -> int:
    before = _served_id(Path(args.kb))
    try:
        return _ingest(args)
    except KeyboardInterrupt:
        now = _served_id(Path(args.kb))
        if now == before:
            kept = f"{args.kb} still serves {before}" if before else f"{args.kb} has no snapshot yet"
            print(f"kg: interrupted; nothing was published ({kept})", file=sys.stderr)
        else:
            print(f"kg: interrupted after snapshot {now} was published to {args.kb}", file=sys.stderr)
        return EXIT_INTERRUPTED


def _ingest(args) -> int:
    from ingest.pipeline import run_ingest

    if args.ray and "://" not in args.ray and ":" not in args.ray and Path(args.ray).exists():
        args.paths, args.ray = [*args.paths, Path(args.ray)], "local"  # `--ray notes/`: a path, not an address
    sources = "add" if args.add else "replace" if args.replace else "check"
    report = run_ingest(args.paths or None, Path(args.kb), model=args.model, device=args.device,
                        backend=args.backend, progress=sys.stderr.isatty(), threads=setting_default("THREADS"),
                        strict=args.strict, sources=sources, vectors=args.vectors, ray=args.ray,
                        notes_format=args.notes_format)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    _print_file_reports(report.files)
    for line in report.sources:
        print(line)
    counts = report.counts
    nodes, edges, kinds = counts["nodes"], counts["edges"], counts["led_to_kinds"]
    print(f"encoder: {report.model} on {report.device or 'no device (every chunk came from the cache)'}"
          + (f" ({report.backend})" if report.backend else ""))
    print(f"chunks: {report.chunks}; embedded {report.embedded}, reused {report.reused} from the cache")
    print(f"graph: {nodes.get('paper', 0)} papers ({counts['papers_discussed']} discussed), "
          f"{nodes.get('concept', 0)} concepts, {nodes.get('note', 0)} notes")
    print("edges: " + ", ".join(f"{k} {v}" for k, v in edges.items())
          + f" (led_to: {', '.join(f'{k} {v}' for k, v in kinds.items())})")
    if report.unchanged:
        print(f"unchanged: snapshot {report.snapshot_id} in {args.kb} was built from these sources and settings; "
              f"nothing published")
    else:
        print(f"snapshot {report.snapshot_id} published to {args.kb} in {report.seconds['total']:.1f} s")
    _print_report_summary(report.report)
    return 0


def _print_file_reports(files, all_up_to: int = 20) -> None:
    """Per notes file: papers, notes, lines not used (first few line numbers). Past ``all_up_to``
    files only the files with something not used are listed, then a total."""
    listed = [f for f in files if len(files) <= all_up_to or f.skipped or f.unused_lines]
    for report in listed:
        print(report.summary_line())
    if len(listed) < len(files):
        unused = sum(len(f.unused_lines) for f in files)
        print(f"{len(files)} files: {sum(f.papers for f in files)} papers, {sum(f.notes for f in files)} notes, "
              f"{unused} lines not used")


def _cmd_snapshots(args) -> int:
    from ingest.snapshot import list_snapshots

    listed = list_snapshots(Path(args.kb))
    if args.json:
        _print_json(listed)
        return 0
    for item in listed:
        counts, inputs = item["counts"], item.get("inputs") or {}
        where = ", ".join((["bundled notes"] if inputs.get("bundled") else []) + inputs.get("paths", [])) or "?"
        print(f"{'*' if item['current'] else ' '} {item['id']}  {counts.get('paper', 0)} papers, "
              f"{counts.get('note', 0)} notes  from {where}")
    return 0


def _cmd_rollback(args) -> int:
    from ingest.snapshot import rollback

    before, now = rollback(Path(args.kb), args.to)
    print(f"rolled back {args.kb}: {before} -> {now} (a running 'kg serve' reloads it)")
    return 0


def _print_report_summary(report: dict) -> None:
    """The short build report at the end of ``kg ingest``: one line per kind of finding."""
    from ingest.build_report import REPORT_SECTIONS

    counts = report.get("counts", {})
    lines = [f"  {counts[name]} {meaning}" for name, meaning in REPORT_SECTIONS.items() if counts.get(name)]
    if lines:
        print("report (in full: kg doctor):")
        print("\n".join(lines))


def _cmd_doctor(args) -> int:
    return _respond(args, _service(args.kb, with_search=False).report(), _show_report)


def _show_report(payload) -> None:
    from ingest.build_report import REPORT_SECTIONS, BuildReport

    print(f"snapshot {payload['snapshot']}")
    for name, meaning in REPORT_SECTIONS.items():
        items = payload.get(name) or []
        if name == "concepts_created" and items:
            print(f"{len(items)} {meaning}: " + ", ".join(item["name"] for item in items))
            continue
        print(f"{len(items)} {meaning}" + (":" if items else ""))
        for item in items:
            print(f"  {BuildReport.item_line(name, item)}")


def _cmd_serve(args) -> int:
    from api.server import serve

    serve({"KB": args.kb, "MODEL": args.model, "DEVICE": args.device, "BACKEND": args.backend,
           "SEARCH_SLOTS": args.search_slots, "SEARCH_QUEUE": args.search_queue}, args.host, args.port, args.threads)
    return 0


def _cmd_search(args) -> int:
    return _respond(args, _service(args.kb, True).search(args.query, args.k, args.type, args.mode), _show_search)


def _show_search(payload) -> None:
    if not payload["results"]:
        print("no results")
    for rank, result in enumerate(payload["results"], start=1):
        source = result.get("source") or {}
        where = f"{source.get('file')}:{source.get('line')}" if source else ""
        print(f"{rank:2}. [{result['score']:.4f}] {result['title']}  ({result['id']}, {result['type']}) {where}")
        if result.get("people"):
            print(f"    ({'; '.join(result['people'])})")
        print(f"    {result['snippet']}")


def _cmd_lineage(args) -> int:
    direction = "descendants" if args.descendants else "ancestors"
    return _respond(args, _service(args.kb, False).lineage(args.id, direction, all=args.all), _show_lineage)


def _show_lineage(payload) -> None:
    from api.answer_text import chain_text

    direction = payload["direction"]
    heading = "What led to" if direction == "ancestors" else "What came from"
    print(f"{heading} {payload['node']['title']} (oldest first):")
    if payload[direction]:
        print(f"  main line: {chain_text(payload)}")
    line = set(payload.get("main_line", ()))
    for item in payload[direction]:
        year = item["year"] or "----"
        mark = "*" if item["id"] in line else " "
        away = "  (outside this line)" if item.get("outside_line") else ""
        print(f" {mark}{year}  {item['name']:<28} [{item['id']}] distance {item['distance']}  "
              f"{_first_evidence(item['evidence'])}{away}")
    outside = payload.get("outside_line") or {}
    if outside.get("count") and not payload.get("all"):
        names = ", ".join(f"{p['name']} ({p['year'] or '----'})" for p in outside["papers"][:6])
        more = f" and {outside['count'] - 6} more" if outside["count"] > 6 else ""
        print(f"  {outside['label']}: {outside['count']} through {', '.join(outside['through'])}: {names}{more} "
              f"(--all lists them)")
    if payload[direction]:
        print("  (* on the main line)")
    else:
        print("  (nothing in the graph)")
    for guess in payload.get("suggested") or ():
        print(f"  perhaps {guess['year'] or '----'}  {guess['name']:<28} [{guess['id']}] confidence "
              f"{guess['confidence']:.2f}, under the scorer's threshold: {guess['why']}")
    if payload.get("suggested"):
        print(f"  (not drawn: confirm one with 'Builds on: {payload['suggested'][0]['name']}' under the paper)")


def _cmd_plan(args) -> int:
    known = [k for value in args.known for k in value.split(",")]
    return _respond(args, _service(args.kb, False).prerequisites(args.id, known, args.all), _show_plan)


def _show_plan(payload) -> None:
    from api.answer_text import plan_advice, plan_outline

    def needed_for(item) -> str:
        return ", ".join(dict.fromkeys(r["needed_for"] for r in item["why"]))

    if payload.get("all", True):
        print(f"Reading plan for {payload['target']['title']} ({len(payload['plan'])} steps, in order):")
        for number, item in enumerate(payload["plan"], start=1):
            print(f"  {number:3}. {item['title']:<40} [{item['type']}] needed for {needed_for(item)}")
    else:
        print(f"Reading plan for {payload['target']['title']} ({len(payload['plan'])} of {payload['total']} steps):")
        print(plan_advice(payload))
        number = 0
        for paper, concepts in plan_outline(payload):
            if paper["id"] == payload["target"]["id"]:
                if concepts:
                    print(f"  for {paper['title']} itself:")
            else:
                number += 1
                line = " (main line)" if paper.get("on_main_line") else ""
                print(f"  {number:3}. {paper['title']:<40} [paper]{line} needed for {needed_for(paper)}")
            for concept in concepts:
                number += 1
                print(f"  {number:3}.   - {concept['name']:<36} [concept] needed for {needed_for(concept)}")
    print(f"Start with: {', '.join(payload['ready_next']) or '(nothing left)'}")
    for known in payload.get("known_as", ()):
        taken = " and ".join(f"{n['title']} [{n['type']}]" for n in known["nodes"])
        both = " (the name is both's: both are left out)" if len(known["nodes"]) > 1 else ""
        print(f"Known: '{known['written']}' = {taken}{both}")


def _cmd_path(args) -> int:
    return _respond(args, _service(args.kb, False).path(args.source, args.target), _show_path)


def _show_path(payload) -> None:
    from api.answer_text import chain_text

    titles = {n["id"]: n["title"] for n in payload["nodes"]}
    if payload["mode"] == "lineage":
        print(f"Lineage from {titles[payload['nodes'][0]['id']]} to {titles[payload['nodes'][-1]['id']]}: "
              + chain_text(payload))
        print(f"  {len(payload['edges'])} led_to edges among these {len(payload['nodes'])} papers:")
    else:
        print(f"Shortest path ({len(payload['edges'])} hops):")
    line = payload.get("main_line") or []
    on_line = set(zip(line, line[1:]))
    for edge in payload["edges"]:
        evidence = edge["evidence"][0] if edge["evidence"] else {}
        kind = f" ({edge['kind']})" if edge.get("kind") else ""
        mark = "*" if (edge["source"], edge["target"]) in on_line else " "
        print(f" {mark}{titles[edge['source']]} -[{edge['relation']}{kind}]-> {titles[edge['target']]}   "
              f"{(evidence.get('matched') or evidence.get('text', ''))[:60]} ({_where(evidence)})")


def _cmd_ask(args) -> int:
    # the router's example questions and the search fallback both need the encoder
    return _respond(args, _service(args.kb, True).ask(args.question), _show_ask)


def _show_ask(payload) -> None:
    # how the question was routed (the cue's regex, the example scores) is for --json's trace only
    print(f"[{payload['intent']}] {payload['text']}")


def _cmd_show(args) -> int:
    return _respond(args, _service(args.kb, False).node(args.id), _show_node)


def _show_node(payload) -> None:
    from api.answer_text import introduced_elsewhere_text

    node = payload["node"]
    print(f"{node['title']}  [{node['id']}, {node['type']}]")
    if node.get("authors"):
        print(f"  authors: {authors_text(node['authors'])}")
    if node.get("presenters"):
        print(f"  presented by: {authors_text(node['presenters'])}")
    for key in ("venue", "full_title", "area", "summary", "notes_summary", "question"):
        if node.get(key):
            print(f"  {key.replace('_', ' ')}: {node.get(key)}")
    if node.get("definition"):
        print(f"  definition ({_definition_from(node)}): {node['definition']}")
    elsewhere = introduced_elsewhere_text(node)  # first proposed in a work the graph does not hold
    if elsewhere:
        print(f"  introduced: {elsewhere}")
    elif node.get("introduced_by"):
        print(f"  introduced by: {node['introduced_by']}")
    answers = (node.get("answers") or ()) if node["type"] == "note" else ()
    for answer in answers:
        print("  - " + "\n    ".join(answer.splitlines()))
    for direction in ("outgoing", "incoming"):
        for relation, others in payload[direction].items():
            arrow = "->" if direction == "outgoing" else "<-"
            print(f"  {arrow} {relation}: " + ", ".join(o["id"] for o in others[:12])
                  + (f" (+{len(others) - 12})" if len(others) > 12 else ""))
    for note in payload.get("notes", []):
        print(f"  Q {note['id']} ({note['source']['file']}:{note['source']['line']}): {note['question']}")


def _definition_from(node: dict) -> str:
    """Where a concept's definition comes from, in a few words: "notes, quill/q3, n.md:4", "summary of X, which
    introduced it"."""
    source = node.get("definition_source") or {}
    if node.get("definition_from") == "paper summary" and node.get("definition_paper"):
        return f"summary of {node['definition_paper']['title']}, which introduced it"
    if node.get("definition_from") == "notes" and source.get("note"):
        return f"notes, {source['note']}, {_where(source)}"
    return f"{node.get('definition_from') or 'catalog'}, {_where(source)}"


def _cmd_export(args) -> int:
    body, _, _, over = _service(args.kb, False).graph_export(args.format, args.root, args.depth, args.relation)
    if args.output:
        _write_atomically(args.output, body)  # a bad --output is the one line, before any warning
    else:
        sys.stdout.write(body)
    if over:  # one line, and the export is still written: a renderer with raised limits draws it
        print("kg: warning: " + mermaid_limits_warning(over, "--root ID --depth N, or --relation led_to"), file=sys.stderr)
    if args.output:
        print(f"wrote {args.output} ({len(body.encode('utf-8'))} bytes, {args.format})", file=sys.stderr)
    return 0


def _write_atomically(target: Path, body: str) -> None:
    """Write ``target`` through a temporary file beside it; on any failure nothing is left behind."""
    if target.is_dir():
        raise InvalidParameter("--output", f"{target} is a folder; give the file to write (e.g. {target / 'graph.txt'})")
    if not target.parent.is_dir():
        raise InvalidParameter("--output", f"{target.parent}: no such folder")
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        temporary.write_text(body, encoding="utf-8")
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


COMMANDS = {"ingest": _cmd_ingest, "serve": _cmd_serve, "search": _cmd_search, "lineage": _cmd_lineage,
            "plan": _cmd_plan, "path": _cmd_path, "ask": _cmd_ask, "show": _cmd_show, "export": _cmd_export,
            "snapshots": _cmd_snapshots, "rollback": _cmd_rollback, "doctor": _cmd_doctor}


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the edge: libraries below never touch the environment
    try:
        args = build_parser().parse_args(argv)
    except InvalidSetting as error:  # an environment variable that does not convert
        print(f"kg: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        return COMMANDS[args.command](args)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:  # Ctrl-C: one line and the shell's status for SIGINT, no traceback
        print("kg: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # noqa: BLE001 - every error becomes one line, never a traceback
        status = exit_status(error)  # from the error class's ``status``
        if status == EXIT_BAD_INPUT and isinstance(error, OSError):
            print(f"kg: error: {os_error_line(error, kb=getattr(args, 'kb', None))}", file=sys.stderr)
        elif status == EXIT_BAD_INPUT:
            print(f"kg: error: {error}", file=sys.stderr)
        else:
            print(f"kg: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        return status


if __name__ == "__main__":
    sys.exit(main())
