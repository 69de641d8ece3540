// From an API answer to a view: which nodes and edges it shows, its main line, its title, the list
// beside the picture, and the URL that reopens it. One function per kind of question.
"use strict";

import { edgeStrength } from "./graph-style.js";

/** The query string of a view, and back. The URL holds the view so that a link reopens it. */
export function viewFromURL(search) {
  const params = new URLSearchParams(search);
  const list = (value) => (value || "").split(",").map((s) => s.trim()).filter(Boolean);
  if (params.get("lineage")) return { kind: "lineage", id: params.get("lineage") };
  if (params.get("descendants")) return { kind: "descendants", id: params.get("descendants") };
  if (params.get("plan")) return { kind: "plan", id: params.get("plan"), known: list(params.get("known")) };
  if (params.get("path")) {
    const [from, to] = list(params.get("path"));
    return { kind: "path", from, to };
  }
  if (params.get("q")) return { kind: "search", q: params.get("q") };
  if (params.get("ask")) return { kind: "ask", q: params.get("ask") };
  if (params.get("node")) return { kind: "node", id: params.get("node") };
  return { kind: "whole" };
}

export function viewToURL(view) {
  const params = new URLSearchParams();
  if (view.kind === "lineage" || view.kind === "descendants") params.set(view.kind, view.id);
  else if (view.kind === "plan") {
    params.set("plan", view.id);
    if (view.known && view.known.length) params.set("known", view.known.join(","));
  } else if (view.kind === "path") params.set("path", `${view.from},${view.to}`);
  else if (view.kind === "search") params.set("q", view.q);
  else if (view.kind === "ask") params.set("ask", view.q);
  else if (view.kind === "node") params.set("node", view.id);
  const query = params.toString().replace(/%2C/gi, ",");
  return query ? `/?${query}` : "/";
}

export function sameView(a, b) {
  return viewToURL(a) === viewToURL(b);
}

function edgeKey(source, relation, target) {
  return `${source}|${relation}|${target}`;
}

/**
 * The strongest chain of ``edges`` (each {source, target, kind(s), evidence}) into ``end``, walking back
 * along the strongest edge at each step (the newest source among equals). Used for a reading plan whose
 * steps name no main line; lineage and path answers carry the server's own ``main_line``.
 */
export function strongestChain(edges, { end, yearOf = () => 0 }) {
  const into = new Map();
  for (const e of edges) {
    if (!into.has(e.target)) into.set(e.target, []);
    into.get(e.target).push(e);
  }
  const chain = [end];
  const seen = new Set(chain);
  for (;;) {
    const options = (into.get(chain[0]) || []).filter((e) => !seen.has(e.source));
    if (!options.length) break;
    options.sort((a, b) => (edgeStrength(b) - edgeStrength(a)) || yearOf(b.source) - yearOf(a.source));
    seen.add(options[0].source);
    chain.unshift(options[0].source);
  }
  return chain;
}

/** The evidence record shown for an edge: the notes' line where there is one, else the first.
 * Its text and its place are always read from this one record (never a note's words beside a
 * catalog line). */
function shownRecord(evidence) {
  return (evidence || []).find((e) => e.source === "notes" && e.file) || (evidence || [])[0] || null;
}

function where(record) {
  if (!record) return "";
  return record.file ? `${record.file}:${record.line}` : record.source || "";
}

function why(record) {
  return record ? record.text || record.matched || "" : "";
}

/** {note, where} of an edge's evidence, both from one record. */
function evidenceLine(evidence) {
  const record = shownRecord(evidence);
  return { note: why(record), where: where(record) };
}

/** Edges of an answer in one shape: {id, source, target, relation, kind, kinds, evidence}. */
function normalEdges(edges) {
  return (edges || []).map((e) => ({ ...e, relation: e.relation || "led_to",
    id: e.id || edgeKey(e.source, e.relation || "led_to", e.target) }));
}

export function lineageView(body, direction) {
  const root = body.node;
  const members = direction === "descendants" ? body.descendants : body.ancestors;
  const edges = normalEdges(body.edges);
  const main = body.main_line;  // the server's rule (kg.queries.main_line); it always ends at the root
  const ancestors = direction !== "descendants";
  // each member's first step is the edge that puts it at its distance (the server's order)
  const stepOf = (m) => (m.evidence || [])[0] || {};
  return {
    title: ancestors ? `What led to ${root.title}` : `What ${root.title} led to`,
    summary: `${members.length} paper${members.length === 1 ? "" : "s"} ${ancestors ? "led to it" : "came from it"}` +
      (main.length > 1 ? `; the main line: ${main.map((id) => titleOf(id, root, members)).join(" → ")}` : "") +
      outsideLine(body.outside_line, root, members),
    root: root.id, nodes: [root.id, ...members.map((m) => m.id)], edges, mainLine: main,
    anchor: ancestors ? "right" : "left",
    items: members.map((m) => ({ id: m.id, title: m.title, main: main.includes(m.id),
      ...evidenceLine(stepOf(m).evidence) })),
    exportQuery: { root: root.id, depth: 8, relation: "led_to" },
  };
}

/** The group of papers reached only through another research line (the server leaves them out). */
function outsideLine(group, root, members) {
  if (!group || !group.count) return "";
  const through = group.through.map((id) => titleOf(id, root, members)).join(", ");
  return `; ${group.label}: ${group.count} through ${through} (all=1 lists them)`;
}

function titleOf(id, root, members) {
  if (id === root.id) return root.name || root.title;
  const m = members.find((x) => x.id === id);
  return m ? m.name || m.title : id;
}

/** Where ``id`` first meets one of ``targets`` going forward over prerequisite and led_to edges
 * of the whole graph ``cy``: [the node reached, the edges walked], or null. */
function firstReached(cy, id, targets) {
  const seen = new Set([id]);
  let frontier = [[id, []]];
  while (frontier.length) {
    const next = [];
    for (const [at, walked] of frontier) {
      const out = cy.getElementById(at).outgoers("edge").filter((e) => ["prerequisite", "led_to"].includes(e.data("relation")));
      for (const e of out) {
        const to = e.target().id();
        if (seen.has(to)) continue;
        seen.add(to);
        if (targets.has(to)) return [to, [...walked, e]];
        next.push([to, [...walked, e]]);
      }
    }
    frontier = next;
  }
  return null;
}

export function planView(body, cy) {
  const target = body.target;
  const ids = new Set([target.id, ...body.plan.map((p) => p.id)]);
  const edges = [];
  for (const step of body.plan) {
    const direct = (step.why || []).filter((reason) => ids.has(reason.needed_for));
    for (const reason of direct) {
      edges.push({ source: step.id, target: reason.needed_for, relation: reason.relation || "prerequisite",
        kind: reason.kind, kinds: reason.kind ? [reason.kind] : [], evidence: reason.evidence || [] });
    }
    if (direct.length || !cy) continue;
    // a short plan leaves steps out: join this step to the first chosen step it leads to
    const reached = firstReached(cy, step.id, new Set([...ids].filter((id) => id !== step.id)));
    if (!reached) continue;
    const [to, walked] = reached;
    const via = walked.slice(0, -1).map((e) => e.target().data("label"));
    edges.push({ id: `${step.id}|via|${to}`, source: step.id, target: to, relation: walked[0].data("relation"),
      kind: "indirect", kinds: [], indirect: true, via,
      evidence: [{ source: "graph", text: `needed for ${cy.getElementById(to).data("label")} through ${via.join(" → ")}` },
        ...(walked[0].data("evidence") || [])] });
  }
  const normal = normalEdges(edges);
  const years = new Map(body.plan.map((p) => [p.id, p.year || 0]));
  const onMain = body.plan.filter((p) => p.on_main_line).map((p) => p.id);
  const main = body.main_line && body.main_line.length ? body.main_line
    : onMain.length ? [...onMain, target.id]
      : strongestChain(normal.filter((e) => e.relation === "led_to"), { end: target.id, yearOf: (id) => years.get(id) || 0 });
  const known = body.known || [];
  const shortened = body.all === false && body.total > body.plan.length ? ` (the ${body.plan.length} that matter most of ${body.total})` : "";
  const names = new Map(body.plan.map((p) => [p.id, p.name || p.title]));
  return {
    title: `Reading plan for ${target.title}`,
    summary: `${body.plan.length} step${body.plan.length === 1 ? "" : "s"} before ${target.title}${shortened}` +
      (known.length ? `, leaving out ${known.join(", ")}` : "") +
      (body.ready_next && body.ready_next.length ? `. Start with: ${body.ready_next.map((id) => names.get(id) || id).join(", ")}` : ""),
    root: target.id, nodes: [...ids], edges: normal, mainLine: main, anchor: "right", known,
    items: body.plan.map((p) => ({ id: p.id, title: p.title, main: main.includes(p.id), canMarkRead: true,
      note: (p.why || []).map((w) => `needed for ${names.get(w.needed_for) || (w.needed_for === target.id ? target.name || target.title : w.needed_for)}`)
        .slice(0, 2).join("; "),
      where: where(shownRecord(((p.why || [])[0] || {}).evidence)) })),
    exportQuery: { root: target.id, depth: 6, relation: "led_to,prerequisite" },
  };
}

export function pathView(body) {
  const ids = body.nodes.map((n) => n.id);
  const edges = normalEdges(body.edges);
  // a lineage path carries the server's main line; a shortest path is its own line
  const main = body.main_line && body.main_line.length ? body.main_line : ids;
  const first = body.nodes.find((n) => n.id === body.from) || body.nodes[0];
  const last = body.nodes.find((n) => n.id === body.to) || body.nodes[body.nodes.length - 1];
  return {
    title: `From ${first.title} to ${last.title}`,
    summary: body.mode === "lineage"
      ? `${Math.max(0, ids.length - 2)} papers in between; the main line: ${main.map((id) => (body.nodes.find((n) => n.id === id) || {}).name || id).join(" → ")}`
      : `The shortest connection, ${edges.length} step${edges.length === 1 ? "" : "s"}`,
    root: body.to, nodes: ids, edges, mainLine: main, anchor: "center",
    items: body.nodes.map((n) => {
      const e = edges.find((x) => x.target === n.id) || edges.find((x) => x.source === n.id);
      return { id: n.id, title: n.title, main: main.includes(n.id), ...(e ? evidenceLine(e.evidence) : { note: "", where: "" }) };
    }),
    exportQuery: { root: body.from, depth: Math.max(1, edges.length), relation: [...new Set(edges.map((e) => e.relation))].join(",") },
  };
}

/** Search results: the hits, the papers their notes belong to, and the edges among them. */
export function searchView(body, cy) {
  const ids = new Set();
  for (const r of body.results) {
    ids.add(r.id);
    if (r.paper_id) ids.add(r.paper_id);
  }
  const present = [...ids].filter((id) => cy.getElementById(id).nonempty());
  const set = new Set(present);
  const edges = [];
  cy.edges().forEach((e) => {
    const relation = e.data("relation");
    if (set.has(e.source().id()) && set.has(e.target().id()) && ["part_of", "led_to", "uses", "compares"].includes(relation)) {
      edges.push({ id: e.id(), source: e.source().id(), target: e.target().id(), relation, kind: e.data("kind"),
        kinds: e.data("kinds"), evidence: e.data("evidence") || [] });
    }
  });
  const papers = new Set(body.results.map((r) => r.paper_id).filter(Boolean));
  return {
    title: `Search: “${body.query}”`,
    summary: `${body.results.length} result${body.results.length === 1 ? "" : "s"} in ${papers.size} paper${papers.size === 1 ? "" : "s"}`,
    root: null, nodes: present, edges, mainLine: [], hits: body.results.map((r) => r.id), anchor: "center",
    items: body.results.map((r) => ({ id: r.id, title: r.title, type: r.type, note: r.snippet,
      where: r.source ? `${r.source.file}:${r.source.line}` : "" })),
    exportQuery: null,
  };
}

/** A name the graph does not have (a link's ``?node=nonsense``, a typo): just the closest names it
 * has, drawn with the edges among them, never the whole graph. The "Did you mean" buttons open the
 * view that was asked for on the name chosen. */
export function suggestionsView(cy, name, suggestions) {
  const present = (suggestions || []).filter((s) => s && s.id && cy.getElementById(s.id).nonempty());
  const ids = new Set(present.map((s) => s.id));
  const edges = [];
  cy.edges().forEach((e) => {
    const relation = e.data("relation");
    if (ids.has(e.source().id()) && ids.has(e.target().id()) && ["led_to", "uses", "compares", "introduces", "prerequisite"].includes(relation)) {
      edges.push({ id: e.id(), source: e.source().id(), target: e.target().id(), relation, kind: e.data("kind"),
        kinds: e.data("kinds"), evidence: e.data("evidence") || [] });
    }
  });
  return {
    title: `No match for “${name}”`,
    summary: present.length ? `The ${present.length} closest name${present.length === 1 ? "" : "s"} in the graph, drawn alone`
      : "Nothing in the graph has a name close to it",
    root: null, nodes: [...ids], edges, mainLine: [], anchor: "center", items: [], exportQuery: null,
  };
}

function shortTitle(node) {
  const year = node.data("type") === "paper" && node.data("year") ? ` (${node.data("year")})` : "";
  return `${node.data("label") || node.id()}${year}`;
}

const NEIGHBOUR_RELATIONS = ["led_to", "uses", "compares", "introduces", "prerequisite", "discusses"];
const MAX_NEIGHBOURS = 30;

/** One paper or concept with the papers and concepts it is directly joined to (what "what is X"
 * and the other one-name questions answer): the strongest relations first, at most 30. */
export function neighbourhoodView(cy, id) {
  const node = cy.getElementById(id);
  const kept = (n) => ["paper", "concept"].includes(n.data("type"));
  const edges = node.connectedEdges().filter((e) => NEIGHBOUR_RELATIONS.includes(e.data("relation"))
    && kept(e.source()) && kept(e.target())).sort((a, b) =>
    NEIGHBOUR_RELATIONS.indexOf(a.data("relation")) - NEIGHBOUR_RELATIONS.indexOf(b.data("relation"))).slice(0, MAX_NEIGHBOURS);
  const others = [];
  edges.forEach((e) => { const other = e.source().id() === id ? e.target() : e.source(); if (!others.includes(other)) others.push(other); });
  const title = shortTitle(node);
  return {
    title, summary: `${others.length} paper${others.length === 1 ? "" : "s"} and concepts joined to it`,
    root: id, nodes: [id, ...others.map((n) => n.id())], mainLine: [], anchor: "center",
    edges: edges.map((e) => ({ id: e.id(), source: e.source().id(), target: e.target().id(), relation: e.data("relation"),
      kind: e.data("kind"), kinds: e.data("kinds"), evidence: e.data("evidence") || [] })),
    items: others.map((n) => {
      const e = edges.find((x) => x.source().id() === n.id() || x.target().id() === n.id());
      const arrow = e.source().id() === id ? "→" : "←";
      return { id: n.id(), title: shortTitle(n), type: n.data("type"),
        note: `${arrow} ${e.data("relation").replace(/_/g, " ")}`, where: where(shownRecord(e.data("evidence"))) };
    }),
    exportQuery: { root: id, depth: 1 },
  };
}
