// Where nodes go. The whole graph: a timeline, a column per year (oldest left) and a lane per
// research track, packed so that no label runs into the next node. A focused answer: just its
// subgraph, left to right by year, rows ordered by dagre to keep crossings few. Both return a
// "scene" (year ticks, track lanes, bounding box) that the axis, the lanes and the exports draw.
"use strict";

import { LABEL_FONT_PX } from "./graph-style.js";

const LABEL_GAP = 4;        // node edge to label (matches text-margin in the stylesheet)
const ROW_GAP = 12;         // from the end of one label to the next node in the same lane
const YEAR_STEP = 40;       // least distance between two year ticks (a year label is about 30 px)
const LANE_PADDING = 6;     // above and below the tallest thing in a lane
const RANK_GAP = 28;        // between two columns of a focused view
const NODE_GAP = 14;        // between two nodes of one column of a focused view

/** The lane of a paper: its research track, else the top of its area. */
export function laneOf(node) {
  return node.data("track") || String(node.data("area") || "other").split("/")[0];
}

function yearOf(node) {
  const year = Number(node.data("year"));
  return node.data("type") === "paper" && Number.isFinite(year) && year > 0 ? year : null;
}

/** Width and height of a node's label in graph units, as Cytoscape will draw it. */
function labelSize(node) {
  if (!node.data("label")) return { w: 0, h: 0 };
  const box = node.boundingBox({ includeNodes: false, includeLabels: true, includeEdges: false, includeOverlays: false });
  return { w: Number.isFinite(box.w) ? box.w : 0, h: Number.isFinite(box.h) ? box.h : LABEL_FONT_PX * 1.3 };
}

/** Lanes in display order: grouped by top-level area (the area seen first comes first), then by
 * the year each lane starts, so related tracks sit next to each other and cross-lane edges stay short. */
export function orderLanes(papers) {
  const lanes = new Map();
  papers.forEach((n) => {
    const key = laneOf(n);
    const year = yearOf(n) ?? 9999;
    const area = String(n.data("area") || "other").split("/")[0];
    const lane = lanes.get(key) || { key, first: year, area, size: 0 };
    if (year < lane.first) { lane.first = year; lane.area = area; }
    lane.size += 1;
    lanes.set(key, lane);
  });
  const areaFirst = new Map();
  for (const lane of lanes.values()) areaFirst.set(lane.area, Math.min(areaFirst.get(lane.area) ?? 9999, lane.first));
  return [...lanes.values()].sort((a, b) => (areaFirst.get(a.area) - areaFirst.get(b.area)) || a.area.localeCompare(b.area)
    || (a.first - b.first) || a.key.localeCompare(b.key)).map((lane) => lane.key);
}

function byReadingWeight(a, b) {
  return (Number(b.data("discussed")) - Number(a.data("discussed"))) || ((b.data("notes") || 0) - (a.data("notes") || 0))
    || String(a.data("label")).localeCompare(String(b.data("label")));
}

/**
 * The timeline of papers. Each lane is one row; papers of one lane and year sit side by side.
 * Columns are placed left to right, each as far left as the labels already in its lanes allow.
 */
export function timelineLayout(cy, papers, laneOrder) {
  papers.removeClass("label-below").addClass("label-right");
  const lanes = laneOrder || orderLanes(papers);
  const laneIndex = new Map(lanes.map((key, i) => [key, i]));
  const columns = new Map();
  const perLane = new Map();
  papers.forEach((n) => {
    const key = laneOf(n);
    if (!perLane.has(key)) perLane.set(key, []);
    perLane.get(key).push(n);
  });
  for (const [lane, members] of perLane) {
    members.sort((a, b) => ((yearOf(a) ?? 9999) - (yearOf(b) ?? 9999)) || byReadingWeight(a, b));
    let previousYear; let slot = 0;
    for (const n of members) {
      const year = yearOf(n);
      slot = year === previousYear ? slot + 1 : 0;
      previousYear = year;
      const id = `${year ?? 9999}|${slot}`;
      if (!columns.has(id)) columns.set(id, { year, slot, members: [] });
      columns.get(id).members.push({ node: n, lane });
    }
  }
  const ordered = [...columns.values()].sort((a, b) => ((a.year ?? 9999) - (b.year ?? 9999)) || (a.slot - b.slot));

  const size = new Map();
  const label = new Map();
  papers.forEach((n) => { size.set(n.id(), n.data("size")); label.set(n.id(), labelSize(n)); });

  const rowEnd = new Map();
  const ticks = [];
  const positions = {};
  let previousX = -Infinity; let previousYear; let lastTickX = -Infinity;
  for (const column of ordered) {
    const newYear = column.year !== previousYear || column.slot === 0 && ticks.length === 0;
    let x = previousX + 1;
    if (newYear) x = Math.max(x, lastTickX + YEAR_STEP);
    for (const { node, lane } of column.members) {
      x = Math.max(x, (rowEnd.get(lane) ?? 0) + ROW_GAP + size.get(node.id()) / 2);
    }
    for (const { node, lane } of column.members) {
      rowEnd.set(lane, x + size.get(node.id()) / 2 + LABEL_GAP + label.get(node.id()).w);
      positions[node.id()] = { x, lane };
    }
    if (newYear) { ticks.push({ x, label: column.year ? String(column.year) : "undated" }); lastTickX = x; }
    previousX = x; previousYear = column.year;
  }

  const laneBands = [];
  let top = 0;
  for (const key of lanes) {
    const members = perLane.get(key) || [];
    if (!members.length) continue;
    const tallest = Math.max(...members.map((n) => Math.max(size.get(n.id()), label.get(n.id()).h)));
    const height = tallest + 2 * LANE_PADDING;
    laneBands.push({ key, y0: top, y1: top + height });
    for (const n of members) positions[n.id()].y = top + height / 2;
    top += height;
  }
  papers.positions((n) => ({ x: positions[n.id()].x, y: positions[n.id()].y }));
  routeTimelineEdges(cy, papers, positions, laneIndex);
  return { kind: "timeline", ticks, lanes: laneBands, box: papers.boundingBox({ includeLabels: true }) };
}

/** Edges along one lane that would run through the papers between their ends arc above them. */
function routeTimelineEdges(cy, papers, positions, laneIndex) {
  const byLane = new Map();
  papers.forEach((n) => {
    const { lane, x } = positions[n.id()];
    if (!byLane.has(lane)) byLane.set(lane, []);
    byLane.get(lane).push(x);
  });
  papers.edgesWith(papers).forEach((edge) => {
    const a = positions[edge.source().id()]; const b = positions[edge.target().id()];
    if (!a || !b || a.lane !== b.lane || !laneIndex.has(a.lane)) return;
    const [lo, hi] = a.x < b.x ? [a.x, b.x] : [b.x, a.x];
    const between = byLane.get(a.lane).some((x) => x > lo + 0.5 && x < hi - 0.5);
    if (between) bendEdge(edge, [{ x: (a.x + b.x) / 2, y: a.y - 56 }]);
  });
}

/**
 * Draw ``edge`` as a curve pulled toward ``points`` (graph coordinates). Cytoscape takes control
 * points as (weight along source->target, distance from that line); the sign of the distance is
 * checked against what Cytoscape computes, so the curve bends the intended way.
 */
export function bendEdge(edge, points) {
  const s = edge.source().position(); const t = edge.target().position();
  const dx = t.x - s.x; const dy = t.y - s.y; const length2 = dx * dx + dy * dy;
  if (!points.length || length2 < 1) return;
  const length = Math.sqrt(length2);
  const weights = []; const distances = [];
  for (const p of points) {
    weights.push(((p.x - s.x) * dx + (p.y - s.y) * dy) / length2);
    distances.push(((p.x - s.x) * -dy + (p.y - s.y) * dx) / length);
  }
  edge.style({ "curve-style": "unbundled-bezier", "edge-distances": "node-position",
    "control-point-weights": weights, "control-point-distances": distances });
  const drawn = edge.controlPoints && edge.controlPoints();
  if (drawn && drawn.length) {
    const want = points[0]; const got = drawn[0];
    const flipped = { x: 2 * (s.x + weights[0] * dx) - want.x, y: 2 * (s.y + weights[0] * dy) - want.y };
    if (Math.hypot(got.x - want.x, got.y - want.y) > Math.hypot(got.x - flipped.x, got.y - flipped.y)) {
      edge.style("control-point-distances", distances.map((d) => -d));
    }
  }
}

/** Forget the curves of an earlier layout. */
export function straightenEdges(edges) {
  edges.removeStyle("curve-style edge-distances control-point-weights control-point-distances");
}

function topologicalOrder(ids, predecessors, successors) {
  const indegree = new Map(ids.map((id) => [id, predecessors.get(id).length]));
  const queue = ids.filter((id) => indegree.get(id) === 0);
  const order = [];
  const seen = new Set();
  while (queue.length) {
    const id = queue.shift();
    if (seen.has(id)) continue;
    seen.add(id); order.push(id);
    for (const next of successors.get(id)) {
      indegree.set(next, indegree.get(next) - 1);
      if (indegree.get(next) === 0) queue.push(next);
    }
  }
  for (const id of ids) if (!seen.has(id)) order.push(id);  // a cycle: keep the rest in input order
  return order;
}

/**
 * Columns for a focused view, left to right: papers by year; a node with no year (a concept, a
 * note) in the year of the first paper it leads to, else of the last paper that leads to it, one
 * column before the papers of that year it feeds. Returns id -> column index and the column years.
 */
export function focusedColumns(nodes, edges) {
  const ids = nodes.map((n) => n.id());
  const inView = new Set(ids);
  const predecessors = new Map(ids.map((id) => [id, []]));
  const successors = new Map(ids.map((id) => [id, []]));
  edges.forEach((e) => {
    const s = e.source().id(); const t = e.target().id();
    if (s === t || !inView.has(s) || !inView.has(t)) return;
    successors.get(s).push(t); predecessors.get(t).push(s);
  });
  const order = topologicalOrder(ids, predecessors, successors);
  const dated = new Map();
  nodes.forEach((n) => { const y = yearOf(n); if (y !== null) dated.set(n.id(), y); });
  const time = new Map(dated);
  for (const id of [...order].reverse()) {
    if (time.has(id)) continue;
    const later = successors.get(id).map((s) => time.get(s)).filter((t) => t !== undefined);
    if (later.length) time.set(id, Math.min(...later));
  }
  for (const id of order) {
    if (time.has(id)) continue;
    const earlier = predecessors.get(id).map((p) => time.get(p)).filter((t) => t !== undefined);
    time.set(id, earlier.length ? Math.max(...earlier) : 99999);
  }
  const level = new Map();
  for (const id of order) {
    let value = 0;
    for (const p of predecessors.get(id)) {
      if (time.get(p) !== time.get(id) || !level.has(p)) continue;
      value = Math.max(value, level.get(p) + (dated.has(p) && dated.has(id) ? 0 : 1));
    }
    level.set(id, value);
  }
  const keys = [...new Set(ids.map((id) => `${time.get(id)}|${level.get(id)}`))]
    .map((key) => key.split("|").map(Number)).sort((a, b) => (a[0] - b[0]) || (a[1] - b[1]));
  const index = new Map(keys.map(([t, l], i) => [`${t}|${l}`, i]));
  const column = new Map(ids.map((id) => [id, index.get(`${time.get(id)}|${level.get(id)}`)]));
  const columnYear = keys.map(([t]) => (t === 99999 ? null : t));
  const hasPaperOfYear = keys.map((_, i) => ids.some((id) => column.get(id) === i && dated.has(id)));
  return { column, columnYear, hasPaperOfYear };
}

function interpolator(pairs) {
  const points = [...new Map(pairs.map(([a, b]) => [Math.round(a * 10) / 10, b])).entries()].sort((p, q) => p[0] - q[0]);
  return (value) => {
    if (points.length === 0) return value;
    if (points.length === 1) return value - points[0][0] + points[0][1];
    let i = 1;
    while (i < points.length - 1 && value > points[i][0]) i += 1;
    const [a0, b0] = points[i - 1]; const [a1, b1] = points[i];
    return b0 + (value - a0) * (b1 - b0) / ((a1 - a0) || 1);
  };
}

/**
 * A focused answer laid out left to right: columns from :func:`focusedColumns`, the order within a
 * column from dagre (fewest crossings, the main line kept straight), labels under the nodes.
 */
export function focusedLayout(cy, nodes, edges, mainEdges) {
  nodes.removeClass("label-right").addClass("label-below");
  const { column, columnYear, hasPaperOfYear } = focusedColumns(nodes, edges);
  const box = new Map();
  nodes.forEach((n) => {
    const size = n.data("size"); const text = labelSize(n);
    box.set(n.id(), { w: Math.max(size, text.w), h: size + 3 + text.h, size });
  });
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: "LR", nodesep: NODE_GAP, ranksep: RANK_GAP, edgesep: 8, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  nodes.forEach((n) => { const b = box.get(n.id()); graph.setNode(n.id(), { width: b.w, height: b.h }); });
  const main = new Set(mainEdges ? mainEdges.map((e) => e.id()) : []);
  edges.forEach((e) => {
    const span = column.get(e.target().id()) - column.get(e.source().id());
    if (span > 0) graph.setEdge(e.source().id(), e.target().id(), { minlen: span, weight: main.has(e.id()) ? 8 : 1 }, e.id());
  });
  dagre.layout(graph);

  const columnCount = columnYear.length;
  const width = new Array(columnCount).fill(0);
  nodes.forEach((n) => { const c = column.get(n.id()); width[c] = Math.max(width[c], box.get(n.id()).w); });
  const columnX = [];
  let x = 0;
  for (let c = 0; c < columnCount; c += 1) {
    x += (c === 0 ? 0 : width[c - 1] / 2 + RANK_GAP) + width[c] / 2;
    columnX.push(x);
  }
  // rows from dagre; then make sure nothing in one column overlaps (dagre may rank a loose part
  // of the answer differently from its year)
  const members = Array.from({ length: columnCount }, () => []);
  nodes.forEach((n) => members[column.get(n.id())].push(n.id()));
  const top = new Map();
  const toX = interpolator(nodes.map((n) => [graph.node(n.id()).x, columnX[column.get(n.id())]]));
  for (const ids of members) {
    ids.sort((a, b) => graph.node(a).y - graph.node(b).y);
    let floor = -Infinity;
    for (const id of ids) {
      const b = box.get(id);
      const want = graph.node(id).y - b.h / 2;
      const y = Math.max(want, floor);
      top.set(id, y);
      floor = y + b.h + NODE_GAP;
    }
  }
  nodes.positions((n) => ({ x: columnX[column.get(n.id())], y: top.get(n.id()) + box.get(n.id()).size / 2 }));

  straightenEdges(edges);
  edges.forEach((e) => {
    const span = column.get(e.target().id()) - column.get(e.source().id());
    if (span > 1 && graph.hasEdge(e.source().id(), e.target().id(), e.id())) {
      const points = graph.edge(e.source().id(), e.target().id(), e.id()).points || [];
      const inner = points.slice(1, -1).map((p) => ({ x: toX(p.x), y: p.y }));
      if (inner.length) bendEdge(e, inner);
    } else if (span === 0) {
      const [a, b] = [e.source().position(), e.target().position()];
      const between = members[column.get(e.source().id())].some((id) => {
        const y = cy.getElementById(id).position("y");
        return y > Math.min(a.y, b.y) + 1 && y < Math.max(a.y, b.y) - 1;
      });
      if (between) bendEdge(e, [{ x: a.x + 60, y: (a.y + b.y) / 2 }]);
    }
  });

  const ticks = [];
  const seen = new Set();
  columnYear.forEach((year, c) => {
    if (year === null || !hasPaperOfYear[c] || seen.has(year)) return;
    seen.add(year);
    ticks.push({ x: columnX[c], label: String(year) });
  });
  return { kind: "focused", ticks, lanes: [], box: nodes.boundingBox({ includeLabels: true }) };
}

/** The smallest d >= 0 that lies in none of the open ``intervals`` [lo, hi]. */
function firstFree(intervals) {
  let d = 0;
  for (;;) {
    const inside = intervals.filter(([lo, hi]) => lo < d && d < hi);
    if (!inside.length) return d;
    d = Math.max(...inside.map(([, hi]) => hi));
  }
}

/**
 * Pan so that no node of ``nodes`` (with its label) is cut by the canvas's left edge: each is wholly
 * in view, ``margin`` px clear of the edge, or wholly out of it. The picture moves right (showing a
 * whole column more) when its right end still fits, else left (leaving the cut column out whole).
 * Returns the distance panned, in screen pixels (positive: to the right).
 */
export function clearLeftEdge(cy, nodes, margin = 4) {
  const spans = nodes.filter((n) => n.visible()).map((n) => {
    const b = n.renderedBoundingBox({ includeLabels: true, includeOverlays: false });
    return [b.x1, b.x2];
  });
  if (!spans.length) return 0;
  // moved left by d, a node is cut while x1 - d < margin and x2 - d > 0; moved right by e, while x1 + e < margin and x2 + e > 0
  const left = firstFree(spans.map(([x1, x2]) => [x1 - margin, x2]));
  const right = firstFree(spans.map(([x1, x2]) => [-x2, margin - x1]));
  const room = cy.width() - Math.max(...spans.map(([, x2]) => x2));
  const move = right <= room && right <= left ? right : -left;
  if (move) cy.panBy({ x: move, y: 0 });
  return move;
}

/**
 * The default view of a scene: as large as fits, never below zoom 1 (labels at their full size)
 * and never above ``maxZoom``; when it does not fit, ``focus`` (a bounding box) is kept in view,
 * held against the side named by ``anchor`` ("left", "right" or "center"); ``valign`` "top" keeps
 * it under the axis rather than centred.
 */
export function placeViewport(cy, box, { left = 0, top = 0, pad = 24, maxZoom = 1.5, focus = null, anchor = "center", valign = "center" } = {}) {
  const width = Math.max(50, cy.width() - left - 2 * pad);
  const height = Math.max(50, cy.height() - top - 2 * pad);
  const fit = Math.min(width / Math.max(box.w, 1), height / Math.max(box.h, 1));
  const zoom = Math.min(maxZoom, Math.max(1, fit));
  cy.zoom(zoom);
  const region = focus && box.w * zoom > width ? focus : box;
  let x;
  if (box.w * zoom <= width) x = left + pad + (width - box.w * zoom) / 2 - box.x1 * zoom;
  else if (region.w * zoom > width) x = anchor === "right" ? left + pad + width - region.x2 * zoom : left + pad - region.x1 * zoom;
  else if (anchor === "right") x = left + pad + width - region.x2 * zoom;
  else if (anchor === "left") x = left + pad - region.x1 * zoom;
  else x = left + pad + (width - region.w * zoom) / 2 - region.x1 * zoom;
  let y;
  if (box.h * zoom <= height && valign !== "top") y = top + pad + (height - box.h * zoom) / 2 - box.y1 * zoom;
  else y = top + pad - box.y1 * zoom;
  cy.pan({ x, y });
  return zoom;
}
