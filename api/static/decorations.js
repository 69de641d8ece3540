// What the picture needs around the nodes: a year axis along the top, the track lanes down the
// left (names pinned to the edge while the graph pans), light lane bands and year rules behind
// the nodes. Drawn in HTML over and under the Cytoscape canvas, kept in step with pan and zoom.
// The lane names are a column beside the canvas, not over it: while they are shown the canvas
// starts right of them, so no node or label is ever drawn under a lane name.
"use strict";

const MIN_TICK_SPACING_PX = 40;
const EARLIER_HINT_PX = 110;  // width kept free for the names of the years out of view on the left

export function laneTitle(key) {
  return String(key).replace(/[-_]+/g, " ");
}

export class Decorations {
  constructor(cy, { underlay, axis, lanes }) {
    this.cy = cy;
    this.underlay = underlay;
    this.axis = axis;
    this.lanes = lanes;
    this.scene = { ticks: [], lanes: [] };
    this.colors = new Map();
    cy.on("viewport resize", () => this.update());
  }

  setScene(scene, colors) {
    this.scene = scene || { ticks: [], lanes: [] };
    if (colors) this.colors = colors;
    this.lanes.hidden = !this.scene.lanes.length;
    this.axis.hidden = !this.scene.ticks.length;
    const beside = this.scene.lanes.length > 0;
    const frame = this.cy.container().parentElement;
    if (frame.classList.contains("with-lanes") !== beside) {
      frame.classList.toggle("with-lanes", beside);  // the canvas moves right of the lane names (CSS)
      this.cy.resize();
    }
    this.update();
  }

  /** Where the canvas starts in its frame: the width of the lane names beside it (0 without lanes). */
  gutter() {
    return this.scene.lanes.length ? this.cy.container().offsetLeft : 0;
  }

  /** Height of the pinned year axis, in screen pixels. */
  axisHeight() {
    return this.scene.ticks.length ? this.axis.getBoundingClientRect().height : 0;
  }

  /** Ticks and lanes in the frame's coordinates (lane names and canvas side by side; the canvas
   * starts at ``gutter``): what is drawn here and what the exports draw. */
  onScreen() {
    const zoom = this.cy.zoom(); const pan = this.cy.pan();
    const gutter = this.gutter();
    const width = gutter + this.cy.width();
    const ticks = []; const before = []; const after = [];
    let last = -Infinity;
    for (const tick of this.scene.ticks) {
      const x = gutter + tick.x * zoom + pan.x;
      if (x < gutter + 12) { before.push(tick.label); continue; }
      if (x > width - 12) { after.push(tick.label); continue; }
      if (x - last < MIN_TICK_SPACING_PX) continue;
      ticks.push({ x, label: tick.label });
      last = x;
    }
    const lanes = this.scene.lanes.map((lane, i) => ({
      key: lane.key, title: laneTitle(lane.key), color: this.colors.get(lane.key) || "#64748b", shaded: i % 2 === 0,
      y0: lane.y0 * zoom + pan.y, y1: lane.y1 * zoom + pan.y,
    }));
    // room for "◀ 1992–2011" at the left end (over the lane names when there are lanes)
    if (before.length) while (ticks.length && ticks[0].x < Math.max(gutter + 12, EARLIER_HINT_PX)) ticks.shift();
    const span = (labels) => (labels.length > 1 ? `${labels[0]}–${labels[labels.length - 1]}` : labels[0] || "");
    return { ticks, lanes, gutter, axisHeight: this.axisHeight(), width, height: this.cy.height(),
      earlier: span(before), later: span(after) };
  }

  update() {
    const screen = this.onScreen();
    const bands = []; const rules = []; const names = []; const labels = [];
    const lanesTop = this.lanes.offsetTop;
    for (const lane of screen.lanes) {
      const height = lane.y1 - lane.y0;
      if (lane.shaded) {
        const band = document.createElement("div");
        band.className = "lane-band";
        band.style.transform = `translateY(${lane.y0}px)`;
        band.style.height = `${height}px`;
        bands.push(band);
      }
      const name = document.createElement("div");
      name.className = "lane-name";
      name.style.top = `${lane.y0 - lanesTop}px`;
      name.style.height = `${height}px`;
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = lane.color;
      const text = document.createElement("span");
      text.textContent = lane.title;
      name.append(swatch, text);
      names.push(name);
    }
    for (const tick of screen.ticks) {
      const rule = document.createElement("div");
      rule.className = "year-rule";
      rule.style.transform = `translateX(${Math.round(tick.x)}px)`;
      rules.push(rule);
      const label = document.createElement("span");
      label.className = "year";
      label.style.left = `${tick.x}px`;
      label.textContent = tick.label;
      labels.push(label);
    }
    // years scrolled out of view are named at the ends of the axis
    if (screen.earlier) labels.push(Object.assign(document.createElement("span"), { className: "more earlier", textContent: `◀ ${screen.earlier}` }));
    if (screen.later) labels.push(Object.assign(document.createElement("span"), { className: "more later", textContent: `${screen.later} ▶` }));
    this.underlay.replaceChildren(...bands, ...rules);
    this.lanes.replaceChildren(...names);
    this.axis.replaceChildren(...labels);
  }
}
