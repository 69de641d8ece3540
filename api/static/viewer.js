// Papergraph viewer: the whole graph as a timeline of papers (a column per year, a lane per track),
// and each answer (what led to X, what X led to, a reading plan, a path, a search) as a picture of
// just its subgraph. The URL holds the view; back and forward move between views.
"use strict";

import { viewFromURL, viewToURL, sameView, lineageView, neighbourhoodView, planView, pathView, searchView,
  suggestionsView } from "./answers.js";
import { Decorations } from "./decorations.js";
import { saveBlob, viewToPNG, viewToSVG } from "./export-image.js";
import { KIND_LABELS, RELATION_LABELS, paperSize, stylesheet, trackColors } from "./graph-style.js";
import { clearLeftEdge, focusedLayout, laneOf, orderLanes, placeViewport, straightenEdges, timelineLayout } from "./layouts.js";

const EVIDENCE_RELATIONS = new Set(["led_to", "uses", "compares", "prerequisite", "introduces"]);
const DEFAULT_RELATIONS = new Set(["led_to"]);
const NOTE_LABEL_CHARS = 38;

const state = { view: { kind: "whole" }, spec: null, scene: null, colors: new Map(), placement: null, suggestFor: null };
let cy = null;
let decorations = null;

const $ = (id) => document.getElementById(id);

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value; else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

class ProblemError extends Error {
  constructor(body) {
    super(body.detail || body.title || "request failed");
    this.suggestions = body.suggestions || [];
    this.unknownName = body.name || null;  // set when no node matches a name (NodeNotFound)
  }
}

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new ProblemError(body);
  return body;
}

function status(text) { $("status").textContent = text; }

// ---------------------------------------------------------------- the graph

function graphElements(data) {
  const raw = Array.isArray(data.elements) ? data.elements
    : [...(data.elements?.nodes || []).map((e) => ({ ...e, group: "nodes" })),
      ...(data.elements?.edges || []).map((e) => ({ ...e, group: "edges" }))];
  const notes = new Map();
  for (const element of raw) {
    const d = element.data;
    const group = element.group || (d.source !== undefined && d.target !== undefined ? "edges" : "nodes");
    element.group = group;
    if (group === "edges" && d.relation === "part_of") notes.set(d.target, (notes.get(d.target) || 0) + 1);
  }
  for (const element of raw) {
    const d = element.data;
    if (element.group === "nodes") {
      d.notes = notes.get(d.id) || 0;
      d.discussed = Boolean(d.discussed) || d.notes > 0;
      if (d.type === "paper") { d.label = d.name || d.label || d.id; d.size = paperSize(d.notes); } else if (d.type === "note") {
        const question = String(d.question || d.label || d.id).replace(/\s+/g, " ").trim();
        const number = String(d.id).split("/").pop().toUpperCase();
        d.label = `${number} ${question.length > NOTE_LABEL_CHARS ? `${question.slice(0, NOTE_LABEL_CHARS - 1)}…` : question}`;
        d.size = 14;
      } else { d.label = d.name || d.label || d.id; d.size = 16; }
      d.color = "#64748b";
    } else if (!EVIDENCE_RELATIONS.has(d.relation)) {
      delete d.evidence;  // note mentions are many; their evidence is read from the node's details
    }
  }
  return raw;
}

function papers() { return cy.nodes("[type = 'paper']"); }

function colourTracks() {
  const lanes = orderLanes(papers());
  state.colors = trackColors(lanes);
  papers().forEach((n) => n.data("color", state.colors.get(laneOf(n)) || "#64748b"));
}

function checked(selector) {
  return new Set([...document.querySelectorAll(selector)].filter((box) => box.checked).map((box) => box.value));
}

function buildRelationFilters() {
  const present = [...new Set(cy.edges().map((e) => e.data("relation")))];
  const order = Object.keys(RELATION_LABELS);
  present.sort((a, b) => ((order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99)) || a.localeCompare(b));
  const fieldset = $("relation-filters");
  for (const relation of present) {
    fieldset.append(el("label", {}, el("input", { type: "checkbox", class: "relation-filter", value: relation,
      checked: DEFAULT_RELATIONS.has(relation) }), ` ${RELATION_LABELS[relation] || relation.replace(/_/g, " ")}`));
  }
  for (const item of document.querySelectorAll("#legend [data-relation]")) item.hidden = !present.includes(item.dataset.relation);
}

function clearMarks() {
  cy.elements().removeClass("faded main hit focus root");
  cy.remove(cy.elements(".transient"));
  straightenEdges(cy.edges());
}

// ---------------------------------------------------------------- the whole graph

function showWholeGraph() {
  clearMarks();
  const types = checked(".type-filter");
  const relations = checked(".relation-filter");
  cy.batch(() => {
    cy.nodes().forEach((n) => n.toggleClass("hidden", !types.has(n.data("type"))));
    cy.edges().forEach((e) => e.toggleClass("hidden", !relations.has(e.data("relation"))
      || e.source().hasClass("hidden") || e.target().hasClass("hidden")));
  });
  const shownPapers = papers().filter((n) => !n.hasClass("hidden"));
  const scene = timelineLayout(cy, shownPapers);
  const others = cy.nodes().filter((n) => !n.hasClass("hidden") && n.data("type") !== "paper");
  if (others.nonempty()) {
    // concepts and notes settle around the papers they belong to; the papers stay on the timeline
    others.removeClass("label-right").addClass("label-below");
    shownPapers.lock();
    cy.elements().not(".hidden").layout({ name: "cose", animate: false, randomize: true, fit: false, nodeRepulsion: 6000,
      idealEdgeLength: 50, numIter: 500 }).run();
    shownPapers.unlock();
    scene.box = cy.elements().not(".hidden").boundingBox({ includeLabels: true });
  }
  state.scene = scene;
  decorations.setScene(scene, state.colors);
  // the newest papers in view, the years before them a drag (or an arrow key) to the left
  // (the canvas starts right of the lane names; a column cut by its left edge is moved out of view whole)
  state.placement = { box: scene.box, nodes: cy.nodes().not(".hidden"), options: { top: decorations.axisHeight(),
    anchor: "right", valign: "top", maxZoom: 1.25 } };
  resetViewport();
  $("view-title").textContent = "Papers by year and track";
  $("whole-graph").hidden = true;
  const counts = ["paper", "concept", "note"].map((t) => `${cy.nodes(`[type = '${t}']`).length} ${t}s`).join(", ");
  status(`${counts}. Node size: how many notes the group wrote; colour: the track. Click a node or an arrow for its evidence.`);
  document.title = "Papergraph";
}

function resetViewport() {
  if (!state.placement) return;
  placeViewport(cy, state.placement.box, state.placement.options);
  if (state.placement.nodes) clearLeftEdge(cy, state.placement.nodes);
}

// ---------------------------------------------------------------- focused answers

function edgeBetween(source, target) {
  const candidates = cy.edges(`[source = "${CSS.escape(source)}"][target = "${CSS.escape(target)}"]`);
  return candidates.filter("[relation = 'led_to']").first().nonempty() ? candidates.filter("[relation = 'led_to']").first()
    : candidates.first();
}

function showFocused(spec) {
  clearMarks();
  cy.elements().addClass("hidden");
  const nodes = cy.collection();
  for (const id of spec.nodes) {
    const node = cy.getElementById(id);
    if (node.nonempty()) nodes.merge(node);
  }
  let edges = cy.collection();
  for (const e of spec.edges) {
    if (cy.getElementById(e.source).empty() || cy.getElementById(e.target).empty()) continue;
    let edge = cy.getElementById(e.id);
    if (edge.empty()) {
      edge = cy.add({ group: "edges", classes: "transient", data: { id: e.id, source: e.source, target: e.target,
        relation: e.relation, kind: e.kind, kinds: e.kinds, evidence: e.evidence, indirect: Boolean(e.indirect) } });
    }
    edge.scratch("_answer", e);
    edges.merge(edge);
  }
  // components and comparisons among the answer's papers are shown too, never followed
  nodes.edgesWith(nodes).filter("[relation = 'uses'], [relation = 'compares']").forEach((e) => { edges = edges.union(e); });
  nodes.union(edges).removeClass("hidden");

  const main = spec.mainLine || [];
  const mainNodes = cy.collection();
  const mainEdges = cy.collection();
  main.forEach((id, i) => {
    const node = cy.getElementById(id);
    if (node.nonempty()) mainNodes.merge(node);
    if (i > 0) {
      const joins = (e, a, b) => e.source().id() === a && e.target().id() === b;
      const edge = edges.filter((e) => joins(e, main[i - 1], id));
      const back = edges.filter((e) => joins(e, id, main[i - 1]));  // a shortest path may walk an edge backwards
      const chosen = edge.nonempty() ? edge.first() : back.nonempty() ? back.first() : edgeBetween(main[i - 1], id);
      if (chosen.nonempty() && !chosen.hasClass("hidden")) mainEdges.merge(chosen);
    }
  });
  mainNodes.addClass("main"); mainEdges.addClass("main");
  if (spec.hits) for (const id of spec.hits) cy.getElementById(id).addClass("hit");
  if (spec.root) cy.getElementById(spec.root).addClass("root");

  const scene = focusedLayout(cy, nodes, edges, mainEdges);
  state.scene = scene;
  decorations.setScene(scene, state.colors);
  const root = spec.root ? cy.getElementById(spec.root) : cy.collection();
  const focus = mainNodes.union(root);
  state.placement = { box: scene.box, options: { top: decorations.axisHeight(), anchor: spec.anchor, maxZoom: 1.5,
    focus: focus.nonempty() ? focus.boundingBox({ includeLabels: true }) : null } };
  resetViewport();
  $("view-title").textContent = spec.title;
  $("whole-graph").hidden = false;
  document.title = `${spec.title} · Papergraph`;
}

function renderAnswer(spec, { text = null, suggestions = [] } = {}) {
  $("answer-title").textContent = spec ? spec.title : "Answer";
  $("answer-text").textContent = text || "";
  $("answer-summary").textContent = spec ? spec.summary : "";
  renderSuggestions(suggestions);
  const list = $("answer-list");
  list.replaceChildren();
  if (spec) {
    for (const item of spec.items) {
      const li = el("li", { "data-id": item.id, class: item.main ? "main" : null },
        item.type ? [el("span", { class: `chip ${item.type}` }, item.type), " "] : null,
        el("button", { type: "button", class: "link", "data-id": item.id }, item.title),
        item.main ? el("span", { class: "visually-hidden" }, " (main line)") : null,
        item.canMarkRead ? el("button", { type: "button", class: "mark-read", "data-known": item.id,
          "aria-label": `I have read ${item.title}; leave it out` }, "read ✓") : null,
        item.note ? el("div", { class: "snippet" }, item.note) : null,
        item.where ? el("div", { class: "where" }, item.where) : null);
      list.append(li);
    }
  }
  $("answer").hidden = !spec && !text && !suggestions.length;
}

function renderSuggestions(suggestions) {
  const box = $("suggestions");
  box.replaceChildren();
  if (!suggestions || !suggestions.length) { box.hidden = true; return; }
  box.append(el("span", { class: "muted" }, "Did you mean:"));
  for (const suggestion of suggestions.slice(0, 6)) {
    if (typeof suggestion === "string") {
      box.append(el("button", { type: "button", "data-ask": suggestion }, suggestion));
    } else if (suggestion && suggestion.id) {
      box.append(el("button", { type: "button", "data-suggest": suggestion.id }, suggestion.title || suggestion.name || suggestion.id));
    } else if (suggestion && (suggestion.question || suggestion.text)) {
      box.append(el("button", { type: "button", "data-ask": suggestion.question || suggestion.text }, suggestion.question || suggestion.text));
    }
  }
  box.hidden = false;
}

// ---------------------------------------------------------------- views and the URL

// The view that shows an answer of /api/v1/ask, by the intent it was answered as.
const ASK_INTENTS = {
  lineage: (e) => ({ kind: "lineage", id: e[0] }), descendants: (e) => ({ kind: "descendants", id: e[0] }),
  prerequisites: (e) => ({ kind: "plan", id: e[0], known: [] }), plan: (e) => ({ kind: "plan", id: e[0], known: [] }),
  path: (e) => (e.length > 1 ? { kind: "path", from: e[0], to: e[1] } : null),
  compare: (e) => (e.length > 1 ? { kind: "path", from: e[0], to: e[1] } : null),
};
const ANSWER_OF = { lineage: ["node", "ancestors"], descendants: ["node", "descendants"], plan: ["target", "plan"],
  path: ["nodes", "edges"], search: ["results"] };

function specFor(view, body) {
  if (view.kind === "lineage") return lineageView(body, "ancestors");
  if (view.kind === "descendants") return lineageView(body, "descendants");
  if (view.kind === "plan") return planView(body, cy);
  if (view.kind === "path") return pathView(body);
  if (view.kind === "search") return searchView(body, cy);
  if (view.kind === "node") return neighbourhoodView(cy, view.id);
  return null;
}

function endpointFor(view) {
  const id = encodeURIComponent(view.id || "");
  if (view.kind === "lineage") return `/api/v1/lineage/${id}`;
  if (view.kind === "descendants") return `/api/v1/lineage/${id}?direction=descendants`;
  if (view.kind === "plan") {
    const params = new URLSearchParams();
    if (view.known && view.known.length) params.set("known", view.known.join(","));
    return `/api/v1/prerequisites/${id}${params.toString() ? `?${params}` : ""}`;
  }
  if (view.kind === "path") return `/api/v1/path?${new URLSearchParams({ from: view.from || "", to: view.to || "" })}`;
  if (view.kind === "search") return `/api/v1/search?${new URLSearchParams({ q: view.q, k: 12 })}`;
  return null;
}

/** Open ``view``: fetch its answer, draw it, and (``push``) record it in the browser's history. */
async function openView(view, { push = true } = {}) {
  let text = null; let suggestions = []; let body = null;
  if (view.kind !== "ask") state.suggestFor = null;
  status("Working…");
  try {
    if (view.kind === "ask") {
      const asked = await getJSON(`/api/v1/ask?${new URLSearchParams({ q: view.q })}`);
      text = asked.text || null;
      suggestions = asked.suggestions || [];
      const entities = (asked.entities || []).map((e) => e.id);
      const intent = asked.answered_as || asked.intent;
      const resolved = (ASK_INTENTS[intent] || (() => null))(entities);
      state.suggestFor = resolved ? resolved.kind : null;
      if (resolved) view = resolved;
      else if (intent !== "search" && entities.length) view = { kind: "node", id: entities[0] };
      else view = { kind: "search", q: view.q };
      const expected = ANSWER_OF[view.kind];
      body = expected && asked.answer && expected.every((key) => key in asked.answer) ? asked.answer : null;
    }
    if (view.kind === "whole") {
      showWholeGraph();
      state.spec = null;
      renderAnswer(null, { text, suggestions });
    } else {
      if (view.kind === "node") {
        const node = cy.getElementById(view.id);
        if (node.empty()) body = await getJSON(`/api/v1/nodes/${encodeURIComponent(view.id)}`);  // names, aliases
        view = { kind: "node", id: node.nonempty() ? view.id : body.node.id };
      } else {
        if (!body) body = await getJSON(endpointFor(view));
        view = canonical(view, body);
      }
      const spec = specFor(view, body);
      state.spec = spec;
      showFocused(spec);
      renderAnswer(spec, { text, suggestions });
      status("Click a node for its notes, an arrow for the lines that support it.");
      if (body) fillInputs(view, body);
      if (view.kind === "node") showDetails(view.id);
    }
    if (push && !sameView(view, state.view)) history.pushState(view, "", viewToURL(view));
    else history.replaceState(view, "", viewToURL(view));
    state.view = view;
    updateExportLink();
    document.body.dataset.view = viewToURL(view);
  } catch (error) {
    status(error.message);
    if (error instanceof ProblemError && error.unknownName) {
      // an unknown name: the closest names, drawn alone, and the URL that was asked for
      state.spec = suggestionsView(cy, error.unknownName, error.suggestions);
      showFocused(state.spec);
      if (push && !sameView(view, state.view)) history.pushState(view, "", viewToURL(view));
      else history.replaceState(view, "", viewToURL(view));
      state.view = view;
      updateExportLink();
      renderAnswer(state.spec, { suggestions: error.suggestions });
    } else {
      if (!state.scene) { state.spec = null; showWholeGraph(); }  // a link that failed otherwise: the timeline, not a heap
      renderAnswer(null, { suggestions: error.suggestions || [] });
    }
    state.suggestFor = view.kind;
    document.body.dataset.view = "failed";
  }
}

/** The view named by ids, whatever name or alias was typed: the URL a link should carry. */
function canonical(view, body) {
  if ((view.kind === "lineage" || view.kind === "descendants") && body.node) return { ...view, id: body.node.id };
  if (view.kind === "plan" && body.target) return { ...view, id: body.target.id, known: body.known || view.known || [] };
  if (view.kind === "path" && body.from && body.to) return { ...view, from: body.from, to: body.to };
  return view;
}

function fillInputs(view, body) {
  if (view.kind === "lineage" || view.kind === "descendants") $("paper").value = body.node.name || body.node.title;
  if (view.kind === "plan") $("paper").value = body.target.name || body.target.title;
  if (view.kind === "path") {
    const name = (id) => { const n = body.nodes.find((x) => x.id === id); return n ? n.name || n.title : id; };
    $("paper").value = name(body.from); $("path-to").value = name(body.to);
  }
}

function updateExportLink() {
  const format = $("export-format").value;
  const params = new URLSearchParams({ format, download: "1" });
  const query = state.spec && state.spec.exportQuery;
  if (query) {
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== "") params.set(key, value);
  } else if (!state.spec) {
    const relations = [...checked(".relation-filter")];
    if (relations.length) params.set("relation", relations.join(","));
  }
  $("export-link").href = `/api/v1/graph?${params}`;
}

function viewName() {
  const v = state.view;
  const part = v.kind === "path" ? `${v.from}-to-${v.to}` : v.id || v.q || "timeline";
  return `papergraph-${v.kind === "whole" ? "timeline" : `${v.kind}-${part}`}`.replace(/[^a-z0-9._-]+/gi, "-").slice(0, 80);
}

// ---------------------------------------------------------------- details and evidence

function evidenceList(evidence) {
  const list = el("ul");
  for (const item of evidence || []) {
    const where = item.file ? `${item.file}:${item.line}` : item.source || "";
    const cue = item.cue ? ` · cue “${item.cue}”` : "";
    const relation = item.relation_of_mention && item.relation_of_mention !== "none" ? ` · ${item.relation_of_mention.replace(/_/g, " ")}` : "";
    list.append(el("li", {}, el("span", {}, item.text || item.matched || "(no text)"),
      el("div", { class: "evidence" }, `${item.kind ? `${KIND_LABELS[item.kind] || item.kind} · ` : ""}`, el("span", { class: "where" }, where), cue, relation)));
  }
  return list;
}

function showEvidence(edge) {
  cy.edges().removeClass("focus");
  edge.addClass("focus");
  const answer = edge.scratch("_answer");
  const evidence = (answer && answer.evidence) || edge.data("evidence") || [];
  const kinds = (answer && answer.kinds) || edge.data("kinds") || (edge.data("kind") ? [edge.data("kind")] : []);
  const relation = RELATION_LABELS[edge.data("relation")] || edge.data("relation");
  const panel = $("evidence");
  panel.replaceChildren(
    el("h2", { id: "evidence-title" }, `${edge.source().data("label")} → ${edge.target().data("label")}`),
    el("p", {}, `${relation}${kinds.length ? ` (${kinds.map((k) => KIND_LABELS[k] || k).join("; ")})` : ""}`),
    evidence.length ? evidenceList(evidence) : el("p", { class: "muted" }, "No evidence lines recorded for this edge."));
  panel.hidden = false;
  panel.scrollIntoView({ block: "nearest" });
}

async function showDetails(id) {
  const panel = $("details");
  try {
    const detail = await getJSON(`/api/v1/nodes/${encodeURIComponent(id)}`);
    const node = detail.node;
    panel.replaceChildren(el("h2", { id: "details-title" }, node.title), el("p", { class: "muted" }, node.type));
    const facts = el("dl");
    const add = (label, value) => { if (value) facts.append(el("dt", {}, label), el("dd", {}, value)); };
    add("id", node.id); add("year", node.year); add("track", node.track); add("area", node.area);
    add("summary", node.summary); add("from notes", node.notes_summary);
    add("definition", node.definition); add("question", node.question);
    if (node.answers) add("answers", node.answers.join(" · ") || "(no answer)");
    if (node.source) add("source", `${node.source.file}:${node.source.line}`);
    panel.append(facts);
    if (node.type === "paper" || node.type === "concept") {
      panel.append(el("div", { class: "export-row" },
        el("button", { type: "button", "data-open": "lineage", "data-id": node.id }, "What led to it"),
        el("button", { type: "button", "data-open": "descendants", "data-id": node.id }, "What it led to"),
        el("button", { type: "button", "data-open": "plan", "data-id": node.id }, "Reading plan")));
    }
    if (detail.notes && detail.notes.length) {
      panel.append(el("h3", {}, `Notes (${detail.notes.length})`));
      const list = el("ul");
      for (const note of detail.notes) {
        list.append(el("li", {}, el("span", { class: "title" }, note.question || "(empty question)"), " ",
          el("span", { class: "where" }, `${note.source.file}:${note.source.line}`),
          el("div", { class: "snippet" }, (note.answers || []).join(" · "))));
      }
      panel.append(list);
    }
    for (const [direction, arrow] of [["incoming", "←"], ["outgoing", "→"]]) {
      for (const [relation, others] of Object.entries(detail[direction] || {})) {
        if (relation === "part_of" && direction === "incoming") continue;
        panel.append(el("h3", {}, `${arrow} ${RELATION_LABELS[relation] || relation} (${others.length})`));
        const list = el("ul");
        for (const other of others.slice(0, 25)) {
          const evidence = (other.evidence || [])[0] || {};
          const where = evidence.file ? `${evidence.file}:${evidence.line}` : evidence.source || "";
          list.append(el("li", {}, el("button", { type: "button", class: "link", "data-id": other.id }, other.title),
            other.kind ? ` (${other.kind})` : "",
            el("div", { class: "evidence" }, `${evidence.matched || evidence.text || ""} — `, el("span", { class: "where" }, where))));
        }
        panel.append(list);
      }
    }
    panel.hidden = false;
  } catch (error) {
    panel.replaceChildren(el("p", {}, error.message));
    panel.hidden = false;
  }
}

/** Centre ``id`` in the picture (showing its type if the whole graph hides it) and show its details. */
function focusNode(id, { animate = true } = {}) {
  let node = cy.getElementById(id);
  if (node.empty()) { showDetails(id); return; }
  if (node.hasClass("hidden")) {
    if (state.spec) { showDetails(id); return; }
    const box = document.querySelector(`.type-filter[value="${node.data("type")}"]`);
    if (box) { box.checked = true; showWholeGraph(); node = cy.getElementById(id); }
  }
  cy.nodes().removeClass("focus");
  node.addClass("focus");
  const zoom = Math.max(cy.zoom(), 1);
  const at = node.position();
  const pan = { x: cy.width() / 2 - at.x * zoom, y: cy.height() / 2 - at.y * zoom };
  if (animate) cy.animate({ zoom, pan }, { duration: 200 });
  else cy.viewport({ zoom, pan });
  showDetails(id);
}

// ---------------------------------------------------------------- controls

function paperInput() { return $("paper").value.trim(); }

function askFromToolbar(kind) {
  const name = paperInput();
  if (!name) { status("Type a paper or concept first."); $("paper").focus(); return; }
  if (kind === "path") {
    const other = $("path-to").value.trim();
    if (!other) { status("Type the second paper in “Path to”."); $("path-to").focus(); return; }
    openView({ kind: "path", from: name, to: other });
  } else if (kind === "plan") openView({ kind: "plan", id: name, known: [] });
  else openView({ kind, id: name });
}

function zoomBy(factor) {
  cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
}

function wireControls() {
  $("ask-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const q = $("ask").value.trim();
    if (q) openView({ kind: "ask", q });
  });
  for (const button of document.querySelectorAll("#question-form [data-view]")) {
    button.addEventListener("click", () => askFromToolbar(button.dataset.view));
  }
  $("question-form").addEventListener("submit", (event) => { event.preventDefault(); askFromToolbar("lineage"); });
  $("whole-graph").addEventListener("click", () => openView({ kind: "whole" }));
  $("home-link").addEventListener("click", (event) => { event.preventDefault(); openView({ kind: "whole" }); });
  for (const box of document.querySelectorAll(".type-filter, .relation-filter")) {
    box.addEventListener("change", () => {
      if (state.view.kind !== "whole") openView({ kind: "whole" }); else { showWholeGraph(); updateExportLink(); }
    });
  }
  $("export-format").addEventListener("change", updateExportLink);
  $("export-png").addEventListener("click", async () => saveBlob(await viewToPNG(cy, decorations), `${viewName()}.png`));
  $("export-svg").addEventListener("click", () => saveBlob(new Blob([viewToSVG(cy, decorations)], { type: "image/svg+xml" }),
    `${viewName()}.svg`));
  $("zoom-in").addEventListener("click", () => zoomBy(1.25));
  $("zoom-out").addEventListener("click", () => zoomBy(0.8));
  $("zoom-reset").addEventListener("click", resetViewport);
  $("graph").addEventListener("keydown", (event) => {
    const step = 80;
    const moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (moves[event.key]) { cy.panBy({ x: moves[event.key][0], y: moves[event.key][1] }); event.preventDefault(); }
    else if (event.key === "+" || event.key === "=") { zoomBy(1.25); event.preventDefault(); }
    else if (event.key === "-") { zoomBy(0.8); event.preventDefault(); }
    else if (event.key === "0") { resetViewport(); event.preventDefault(); }
  });
  // one listener for the buttons that panels create
  $("side").addEventListener("click", (event) => {
    const target = event.target.closest("button");
    if (!target) return;
    if (target.dataset.known && state.view.kind === "plan") {
      openView({ ...state.view, known: [...(state.view.known || []), target.dataset.known] });
    } else if (target.dataset.open) {
      openView(target.dataset.open === "plan" ? { kind: "plan", id: target.dataset.id, known: [] }
        : { kind: target.dataset.open, id: target.dataset.id });
    } else if (target.dataset.ask) {
      $("ask").value = target.dataset.ask; openView({ kind: "ask", q: target.dataset.ask });
    } else if (target.dataset.suggest) {
      // a suggested name answers the question that was asked about the unknown one
      const kind = state.suggestFor;
      if (["lineage", "descendants", "plan"].includes(kind)) openView({ kind, id: target.dataset.suggest, known: [] });
      else openView({ kind: "node", id: target.dataset.suggest });
    } else if (target.dataset.id) {
      focusNode(target.dataset.id);
    }
  });
  cy.on("tap", "node", (event) => focusNode(event.target.id()));
  cy.on("tap", "edge", (event) => showEvidence(event.target));
  window.addEventListener("popstate", (event) => openView(event.state || viewFromURL(location.search), { push: false }));
}

async function start() {
  const data = await getJSON("/api/v1/graph?format=cytoscape");
  cy = cytoscape({ container: $("graph"), elements: graphElements(data), style: stylesheet(), minZoom: 0.1, maxZoom: 4,
    boxSelectionEnabled: false, selectionType: "single" });
  decorations = new Decorations(cy, { underlay: $("underlay"), axis: $("axis"), lanes: $("lanes") });
  window.papergraph = { cy, state, decorations, openView };  // for the browser tests and the console
  colourTracks();
  buildRelationFilters();
  const names = $("paper-names");
  papers().sort((a, b) => String(a.data("label")).localeCompare(String(b.data("label"))))
    .forEach((n) => names.append(el("option", { value: n.data("label") })));
  wireControls();
  await openView(viewFromURL(location.search), { push: false });
  document.body.dataset.ready = "true";
}

start().catch((error) => { status(`Could not load the graph: ${error.message}`); document.body.dataset.ready = "error"; });
