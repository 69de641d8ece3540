// Papergraph viewer: draws /api/v1/graph (Cytoscape.js, served from node_modules), searches,
// highlights "what led to X" and reading plans, shows a node's details and evidence.
"use strict";

const AREA_COLORS = {
  "vision": "#2563eb", "generative": "#9333ea", "sequence": "#ea580c", "graph": "#0d9488",
  "reinforcement learning": "#dc2626", "optimization": "#64748b", "unknown": "#334155",
};

const state = { answer: null, answerKind: null, root: null };
let cy = null;

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "class") node.className = value; else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child ?? "")));
  return node;
}

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) {
    const hint = body.suggestions && body.suggestions.length ? ` Did you mean: ${body.suggestions.map((s) => s.id).join(", ")}?` : "";
    throw new Error(`${body.detail || body.title}${hint}`);
  }
  return body;
}

function status(text) { document.getElementById("status").textContent = text; }

function areaColor(area) {
  const key = Object.keys(AREA_COLORS).find((k) => (area || "unknown").startsWith(k));
  return AREA_COLORS[key || "unknown"];
}

function style() {
  return [
    { selector: "node", style: { "label": "data(short)", "font-size": 10, "text-valign": "bottom", "text-margin-y": 3,
      "color": "#1f2937", "text-wrap": "ellipsis", "text-max-width": 120 } },
    { selector: "node[type = 'paper']", style: { "shape": "round-rectangle", "width": 22, "height": 22,
      "background-color": "data(color)", "border-width": 1, "border-color": "#0f172a", "font-size": 11, "font-weight": "bold" } },
    { selector: "node[type = 'paper'][!discussed]", style: { "background-opacity": 0.45, "border-style": "dashed", "font-weight": "normal" } },
    { selector: "node[type = 'concept']", style: { "shape": "ellipse", "width": 12, "height": 12, "background-color": "#16a34a" } },
    { selector: "node[type = 'note']", style: { "shape": "tag", "width": 8, "height": 8, "background-color": "#ca8a04", "font-size": 8 } },
    { selector: "edge", style: { "width": 1, "line-color": "#cbd5e1", "curve-style": "bezier", "opacity": 0.7 } },
    { selector: "edge[relation = 'led_to']", style: { "width": 2, "line-color": "#475569", "target-arrow-shape": "triangle",
      "target-arrow-color": "#475569", "opacity": 0.9 } },
    { selector: "edge[relation = 'led_to'][kind = 'track']", style: { "line-style": "dotted" } },
    { selector: "edge[relation = 'prerequisite']", style: { "line-style": "dashed", "line-color": "#86efac",
      "target-arrow-shape": "vee", "target-arrow-color": "#86efac" } },
    { selector: ".hidden", style: { "display": "none" } },
    { selector: ".faded", style: { "opacity": 0.12 } },
    { selector: ".highlight", style: { "opacity": 1, "border-width": 3, "border-color": "#f59e0b", "z-index": 10 } },
    { selector: "edge.highlight", style: { "line-color": "#f59e0b", "target-arrow-color": "#f59e0b", "width": 3 } },
    { selector: ".focus", style: { "border-width": 4, "border-color": "#e11d48", "z-index": 20 } },
  ];
}

function checked(selector) {
  return new Set([...document.querySelectorAll(selector)].filter((box) => box.checked).map((box) => box.value));
}

function applyFilters() {
  const types = checked(".type-filter");
  const relations = checked(".relation-filter");
  cy.batch(() => {
    cy.nodes().forEach((node) => node.toggleClass("hidden", !types.has(node.data("type"))));
    cy.edges().forEach((edge) => {
      const visible = relations.has(edge.data("relation")) && !edge.source().hasClass("hidden") && !edge.target().hasClass("hidden");
      edge.toggleClass("hidden", !visible);
    });
  });
  updateExportLink();
}

function layoutTimeline(elements) {
  // papers on a timeline: x by year (oldest left), one lane per research track; concepts and notes
  // are then spread around the papers they connect to, papers held in place
  const eles = (elements || cy.elements()).filter((e) => !e.hasClass("hidden"));
  const papers = eles.nodes("[type = 'paper']");
  // one column per distinct year, so the decades before 2012 do not squeeze the years that matter
  const years = [...new Set(papers.map((n) => n.data("year")).filter(Boolean))].sort((a, b) => a - b);
  const column = new Map(years.map((year, i) => [year, i]));
  const lanes = new Map();
  papers.sort((a, b) => (a.data("year") || 9999) - (b.data("year") || 9999)).forEach((n) => {
    const lane = n.data("track") || n.data("area") || "other";
    if (!lanes.has(lane)) lanes.set(lane, lanes.size);
  });
  const stacked = new Map();
  const positions = {};
  papers.forEach((n) => {
    const year = n.data("year");
    const lane = lanes.get(n.data("track") || n.data("area") || "other");
    const key = `${lane}|${year}`;
    const slot = stacked.get(key) || 0;
    stacked.set(key, slot + 1);
    const x = year ? column.get(year) : years.length;  // papers with no year at the far right
    positions[n.id()] = { x: x * 130 + slot * 16, y: lane * 70 + slot * 26 };
  });
  papers.layout({ name: "preset", positions: (n) => positions[n.id()], fit: false, animate: false }).run();
  const others = eles.nodes().not(papers);
  if (others.nonempty()) {
    papers.lock();
    eles.layout({ name: "cose", animate: false, randomize: true, fit: false, nodeRepulsion: 4000,
      idealEdgeLength: 40, numIter: 400 }).run();
    papers.unlock();
  }
  const focus = eles.filter(".highlight");
  cy.fit(focus.nonempty() ? focus : eles, 30);
}

function layoutForce() {
  cy.elements().filter((e) => !e.hasClass("hidden")).layout({ name: "cose", animate: false, nodeRepulsion: 9000,
    idealEdgeLength: 60, numIter: 600 }).run();
  cy.fit(undefined, 30);
}

function clearHighlight() {
  cy.elements().removeClass("faded highlight focus");
  state.answer = null; state.answerKind = null; state.root = null;
  document.getElementById("answer").hidden = true;
  updateExportLink();
}

function highlight(ids, kind, root) {
  clearHighlight();
  state.answer = ids; state.answerKind = kind; state.root = root;
  const members = cy.collection();
  for (const id of ids) { const node = cy.getElementById(id); if (node.nonempty()) members.merge(node); }
  const relations = kind === "lineage" ? ["led_to"] : ["led_to", "prerequisite"];
  const edges = members.edgesWith(members).filter((e) => relations.includes(e.data("relation")));
  members.merge(edges);
  members.forEach((e) => { if (e.isNode() && e.hasClass("hidden")) e.removeClass("hidden"); });
  edges.removeClass("hidden");
  cy.elements().not(members).addClass("faded");
  members.addClass("highlight");
  cy.getElementById(root).addClass("focus");
  layoutTimeline(cy.elements().not(".hidden"));
  cy.fit(members, 40);
  updateExportLink();
}

function updateExportLink() {
  const format = document.getElementById("export-format").value;
  const params = new URLSearchParams({ format, download: "1" });
  if (state.root) {
    params.set("root", state.root);
    params.set("depth", "6");
    params.set("relation", state.answerKind === "lineage" ? "led_to" : "led_to,prerequisite");
  } else {
    const relations = [...checked(".relation-filter")];
    if (relations.length && relations.length < 6) params.set("relation", relations.join(","));
  }
  document.getElementById("export-link").href = `/api/v1/graph?${params}`;
}

async function showDetails(id) {
  const panel = document.getElementById("details");
  try {
    const detail = await getJSON(`/api/v1/nodes/${encodeURIComponent(id)}`);
    const node = detail.node;
    panel.replaceChildren(el("h2", {}, node.type), el("h3", { id: "details-title" }, node.title));
    const facts = el("dl");
    const add = (label, value) => { if (value) facts.append(el("dt", {}, label), el("dd", {}, value)); };
    add("id", node.id); add("year", node.year); add("title", node.type === "paper" ? node.title : null);
    add("area", node.area); add("summary", node.summary); add("from notes", node.notes_summary);
    add("definition", node.definition); add("question", node.question);
    if (node.answers) add("answers", node.answers.join(" · ") || "(no answer)");
    if (node.source) add("source", `${node.source.file}:${node.source.line}`);
    panel.append(facts);
    if (detail.notes && detail.notes.length) {
      panel.append(el("h2", {}, `Notes (${detail.notes.length})`));
      const list = el("ul");
      for (const note of detail.notes) {
        list.append(el("li", {}, el("span", { class: "title" }, note.question || "(empty question)"), " ",
          el("span", { class: "where" }, `${note.source.file}:${note.source.line}`),
          el("div", { class: "snippet" }, note.answers.join(" · "))));
      }
      panel.append(list);
    }
    for (const [direction, label] of [["incoming", "←"], ["outgoing", "→"]]) {
      for (const [relation, others] of Object.entries(detail[direction])) {
        if (relation === "part_of" && direction === "incoming") continue;
        panel.append(el("h2", {}, `${label} ${relation} (${others.length})`));
        const list = el("ul");
        for (const other of others.slice(0, 25)) {
          const evidence = (other.evidence || [])[0] || {};
          const where = evidence.file ? `${evidence.file}:${evidence.line}` : evidence.source || "";
          const item = el("li", {}, el("a", { href: "#", "data-id": other.id }, other.title),
            other.kind ? ` (${other.kind})` : "", el("div", { class: "evidence" }, `${evidence.matched || evidence.text || ""} — ${where}`));
          list.append(item);
        }
        panel.append(list);
      }
    }
    panel.querySelectorAll("a[data-id]").forEach((a) => a.addEventListener("click", (event) => {
      event.preventDefault(); focusNode(a.dataset.id);
    }));
    panel.hidden = false;
  } catch (error) {
    panel.replaceChildren(el("p", {}, error.message));
    panel.hidden = false;
  }
}

function focusNode(id) {
  const node = cy.getElementById(id);
  if (node.empty()) return;
  if (node.hasClass("hidden")) {
    document.querySelector(`.type-filter[value="${node.data("type")}"]`).checked = true;
    applyFilters();
  }
  cy.elements().removeClass("focus");
  node.addClass("focus");
  cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 250 });
  showDetails(id);
}

async function search(event) {
  event.preventDefault();
  const query = document.getElementById("search").value.trim();
  if (!query) return;
  const list = document.getElementById("result-list");
  try {
    const body = await getJSON(`/api/v1/search?${new URLSearchParams({ q: query, k: 10 })}`);
    list.replaceChildren(...body.results.map((result) => {
      const where = result.source ? `${result.source.file}:${result.source.line}` : "";
      const item = el("li", { "data-id": result.id }, el("span", { class: `chip ${result.type}` }, result.type), " ",
        el("span", { class: "title" }, result.title), el("div", { class: "snippet" }, result.snippet),
        el("div", { class: "where" }, where));
      item.addEventListener("click", () => focusNode(result.id));
      return item;
    }));
    document.getElementById("results").hidden = false;
    status(`${body.results.length} results for “${query}”`);
  } catch (error) { status(error.message); }
}

async function ask(kind) {
  const name = document.getElementById("paper").value.trim();
  if (!name) { status("Type a paper or concept first."); return; }
  const answerPanel = document.getElementById("answer");
  try {
    if (kind === "lineage") {
      const body = await getJSON(`/api/v1/lineage/${encodeURIComponent(name)}`);
      highlight([body.node.id, ...body.ancestors.map((a) => a.id)], "lineage", body.node.id);
      answerPanel.replaceChildren(el("h2", {}, `What led to ${body.node.title}`),
        el("ol", {}, ...body.ancestors.map((a) => el("li", { "data-id": a.id }, a.title))));
      status(`${body.ancestors.length} papers led to ${body.node.title}`);
    } else {
      const body = await getJSON(`/api/v1/prerequisites/${encodeURIComponent(name)}`);
      highlight([body.target.id, ...body.plan.map((p) => p.id)], "plan", body.target.id);
      answerPanel.replaceChildren(el("h2", {}, `Reading plan for ${body.target.title}`),
        el("p", {}, `Start with: ${body.ready_next.join(", ")}`),
        el("ol", {}, ...body.plan.map((p) => el("li", { "data-id": p.id }, p.title))));
      status(`${body.plan.length} steps before ${body.target.title}`);
    }
    answerPanel.querySelectorAll("li[data-id]").forEach((li) => li.addEventListener("click", () => focusNode(li.dataset.id)));
    answerPanel.hidden = false;
  } catch (error) { status(error.message); }
}

async function start() {
  if (window.cytoscapeDagre) cytoscape.use(window.cytoscapeDagre);
  const { elements: { nodes, edges } } = await getJSON("/api/v1/graph?format=cytoscape"), data = { elements: [...nodes, ...edges] };
  for (const element of data.elements) {
    const d = element.data;
    if (element.group === "nodes") {
      d.short = d.type === "paper" ? `${d.name}${d.year ? ` ${d.year}` : ""}` : d.type === "note" ? d.id : d.name;
      d.color = areaColor(d.area);
    } else {
      delete d.evidence;  // fetched per node when asked, keeps the page light
    }
  }
  cy = cytoscape({ container: document.getElementById("graph"), elements: data.elements, style: style(),
    minZoom: 0.05, maxZoom: 4 });
  window.papergraph = { cy, state };
  const names = document.getElementById("paper-names");
  cy.nodes("[type = 'paper'][?discussed]").forEach((n) => names.append(el("option", { value: n.data("name") })));
  applyFilters();
  layoutTimeline();
  cy.on("tap", "node", (event) => focusNode(event.target.id()));
  document.querySelectorAll(".type-filter, .relation-filter").forEach((box) => box.addEventListener("change", () => {
    applyFilters(); layoutTimeline();
  }));
  document.getElementById("search-form").addEventListener("submit", search);
  document.getElementById("lineage-button").addEventListener("click", () => ask("lineage"));
  document.getElementById("plan-button").addEventListener("click", () => ask("plan"));
  document.getElementById("clear-button").addEventListener("click", () => { clearHighlight(); layoutTimeline(); });
  document.getElementById("layout-timeline").addEventListener("click", () => layoutTimeline());
  document.getElementById("layout-force").addEventListener("click", layoutForce);
  document.getElementById("export-format").addEventListener("change", updateExportLink);
  const papers = cy.nodes("[type = 'paper']").length;
  status(`${papers} papers, ${cy.nodes("[type = 'concept']").length} concepts, ${cy.nodes("[type = 'note']").length} notes. ` +
    "Click a node for its details and evidence.");
  document.body.dataset.ready = "true";
}

start().catch((error) => status(`Could not load the graph: ${error.message}`));
