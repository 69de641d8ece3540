// How the graph looks: one colour per research track, node size from how much the group discussed a
// paper, edge style by relation and kind, the Cytoscape.js stylesheet, and the label font.
"use strict";

// Label size in graph units. Layouts place nodes for this size and views never open below zoom 1,
// so no label is drawn under LABEL_FONT_PX on screen at the default zoom.
export const LABEL_FONT_PX = 12;
// Metric-compatible sans fonts first (Arial, or Liberation Sans on Linux): narrower than DejaVu,
// so more of a timeline fits at a readable size.
export const LABEL_FONT_FAMILY = "Arial, Liberation Sans, Helvetica, sans-serif";
// Labels wrap past this width (graph units). A label's width is taken from the year columns, which
// are what makes a picture wider than the screen; two short lines cost little height.
export const LABEL_MAX_WIDTH = 84;

// Distinct, saturated colours that hold 3:1 against white; a track takes the next free one in the
// order its lane appears, so the same notes always give the same colours.
const TRACK_PALETTE = [
  "#2563eb", "#dc2626", "#059669", "#7c3aed", "#ea580c", "#0891b2", "#c026d3",
  "#65a30d", "#b45309", "#4f46e5", "#be123c", "#0f766e", "#a16207", "#6d28d9",
];
const UNKNOWN_TRACK_COLOR = "#64748b";

export const RELATION_LABELS = {
  led_to: "led to", uses: "uses", compares: "compares with", prerequisite: "prerequisite",
  introduces: "introduces", discusses: "discusses", mentions: "mentions", part_of: "part of",
};
export const KIND_LABELS = {
  cites: "cites (catalog)", mentions: "named in the notes", track: "next in the group's reading order",
  inferred: "inferred from the notes",
};

/** A track's colour, given the lanes in display order (unknown tracks share a grey). */
export function trackColors(laneNames) {
  const colors = new Map();
  laneNames.forEach((name, i) => colors.set(name, i < TRACK_PALETTE.length ? TRACK_PALETTE[i] : UNKNOWN_TRACK_COLOR));
  return colors;
}

/** Node diameter from the number of notes the group wrote on a paper (area grows with the notes). */
export function paperSize(noteCount) {
  return Math.round(10 + 4 * Math.sqrt(Math.max(0, noteCount || 0)));
}

/** How strong an edge's evidence is: the curated catalog over a mention over reading order. */
export function edgeStrength(edge) {
  const kinds = edge.kinds || (edge.kind ? [edge.kind] : []);
  const rank = { cites: 3, mentions: 2, inferred: 1.5, track: 1 };
  const best = Math.max(0.5, ...kinds.map((k) => rank[k] || 0.5));
  return best + 0.1 * Math.min(5, (edge.evidence || []).length);
}

export function stylesheet() {
  const label = {
    "label": "data(label)", "font-size": LABEL_FONT_PX, "font-family": LABEL_FONT_FAMILY,
    "color": "#0f172a", "text-wrap": "wrap", "text-max-width": LABEL_MAX_WIDTH,
    "text-outline-color": "#ffffff", "text-outline-width": 2, "text-outline-opacity": 0.9,
    "min-zoomed-font-size": 0,
  };
  return [
    { selector: "node", style: { ...label, "width": "data(size)", "height": "data(size)", "border-width": 1.5,
      "border-color": "#0f172a", "background-color": "data(color)" } },
    { selector: "node.label-right", style: { "text-halign": "right", "text-valign": "center", "text-margin-x": 4,
      "text-justification": "left", "text-max-width": LABEL_MAX_WIDTH } },
    { selector: "node.label-below", style: { "text-halign": "center", "text-valign": "bottom", "text-margin-y": 3 } },
    { selector: "node[type = 'paper']", style: { "shape": "ellipse", "font-weight": "bold" } },
    { selector: "node[type = 'paper'][!discussed]", style: { "background-color": "#ffffff", "border-color": "data(color)",
      "border-width": 2.5, "font-weight": "normal", "color": "#334155" } },
    { selector: "node[type = 'concept']", style: { "shape": "round-rectangle", "background-color": "#dcfce7",
      "border-color": "#15803d", "font-style": "italic" } },
    { selector: "node[type = 'note']", style: { "shape": "tag", "background-color": "#fde68a", "border-color": "#a16207" } },

    { selector: "edge", style: { "width": 1.2, "line-color": "#94a3b8", "curve-style": "bezier", "opacity": 0.8,
      "target-arrow-shape": "triangle", "target-arrow-color": "#94a3b8", "arrow-scale": 0.8 } },
    { selector: "edge[relation = 'led_to']", style: { "width": 1.6, "line-color": "#64748b", "target-arrow-color": "#64748b" } },
    { selector: "edge[relation = 'led_to'][kind = 'mentions']", style: { "line-style": "dashed", "line-dash-pattern": [6, 3] } },
    { selector: "edge[relation = 'led_to'][kind = 'track']", style: { "line-style": "dotted" } },
    // an inferred step is drawn dashed and fainter the less confident the scorer is (confidence 0.5 -> 0.35)
    { selector: "edge[relation = 'led_to'][kind = 'inferred']", style: { "line-style": "dashed",
      "line-dash-pattern": [3, 3], "opacity": "mapData(confidence, 0.5, 1, 0.35, 0.9)" } },
    { selector: "edge[relation = 'uses']", style: { "line-color": "#0d9488", "target-arrow-color": "#0d9488",
      "line-style": "dashed", "line-dash-pattern": [2, 3], "target-arrow-shape": "circle" } },
    { selector: "edge[relation = 'compares']", style: { "line-color": "#a21caf", "target-arrow-color": "#a21caf",
      "line-style": "dashed", "line-dash-pattern": [8, 3, 2, 3], "target-arrow-shape": "diamond" } },
    { selector: "edge[relation = 'prerequisite']", style: { "line-color": "#16a34a", "target-arrow-color": "#16a34a",
      "line-style": "dashed", "target-arrow-shape": "vee" } },
    { selector: "edge[?indirect]", style: { "line-style": "dotted", "line-color": "#15803d", "target-arrow-color": "#15803d" } },
    { selector: "edge[relation = 'part_of']", style: { "line-color": "#d4a72c", "target-arrow-color": "#d4a72c", "width": 1 } },

    { selector: ".hidden", style: { "display": "none" } },
    { selector: ".faded", style: { "opacity": 0.15 } },
    { selector: "edge.main", style: { "width": 4.5, "line-color": "#0f172a", "target-arrow-color": "#0f172a",
      "opacity": 1, "z-index": 10, "arrow-scale": 1.1 } },
    { selector: "node.main", style: { "border-width": 3, "border-color": "#0f172a" } },
    { selector: "node.root", style: { "border-width": 4, "border-color": "#0f172a", "font-size": LABEL_FONT_PX + 2 } },
    { selector: "node.hit", style: { "border-width": 4, "border-color": "#d97706", "border-style": "solid" } },
    { selector: "node.focus", style: { "overlay-color": "#e11d48", "overlay-opacity": 0.18, "overlay-padding": 6,
      "border-width": 4, "border-color": "#e11d48" } },
    { selector: "edge.focus", style: { "line-color": "#e11d48", "target-arrow-color": "#e11d48", "width": 4, "opacity": 1,
      "z-index": 20 } },
  ];
}
