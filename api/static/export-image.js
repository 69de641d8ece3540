// "Export this view" as a picture: PNG (Cytoscape's own renderer, with the year axis and lane
// names drawn beside it) and SVG (written here from what Cytoscape draws: the edges' curves, the
// nodes' shapes and colours, the labels wrapped as on screen). Both show exactly the visible part.
"use strict";

import { LABEL_FONT_FAMILY } from "./graph-style.js";

const SHADE = "#f1f5f9"; const RULE = "#e2e8f0"; const INK = "#0f172a"; const SOFT_INK = "#334155";

function escapeXML(text) {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const number = (value) => Math.round(value * 100) / 100;

/** Break ``text`` into lines no wider than ``width`` px in ``font``, as Cytoscape's text-wrap does. */
function wrapLines(text, font, width, context) {
  context.font = font;
  const lines = [];
  for (const paragraph of String(text).split("\n")) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (line && context.measureText(candidate).width > width) { lines.push(line); line = word; } else line = candidate;
    }
    lines.push(line);
  }
  return lines;
}

function dashes(style, width, zoom) {
  if (style.lineStyle === "dotted") return `${number(width)} ${number(2 * width)}`;
  if (style.lineStyle === "dashed") return style.pattern.map((v) => number(v * zoom)).join(" ");
  return null;
}

function edgePath(edge) {
  const s = edge.renderedSourceEndpoint(); const t = edge.renderedTargetEndpoint();
  let controls = [];
  try {
    controls = edge.renderedControlPoints() || [];
  } catch (error) {
    controls = [];  // Cytoscape throws here for a straight edge, which has none
  }
  let d = `M${number(s.x)},${number(s.y)}`;
  if (!controls.length) return { d: `${d} L${number(t.x)},${number(t.y)}`, from: s, to: t };
  for (let i = 0; i < controls.length; i += 1) {
    const c = controls[i];
    const end = i === controls.length - 1 ? t : { x: (c.x + controls[i + 1].x) / 2, y: (c.y + controls[i + 1].y) / 2 };
    d += ` Q${number(c.x)},${number(c.y)} ${number(end.x)},${number(end.y)}`;
  }
  return { d, from: controls[controls.length - 1], to: t };
}

function arrowHead(shape, from, to, size, color, opacity) {
  const angle = Math.atan2(to.y - from.y, to.x - from.x);
  const point = (along, across) => `${number(to.x + along * Math.cos(angle) - across * Math.sin(angle))},` +
    `${number(to.y + along * Math.sin(angle) + across * Math.cos(angle))}`;
  if (shape === "circle") {
    const c = { x: to.x - (size / 2) * Math.cos(angle), y: to.y - (size / 2) * Math.sin(angle) };
    return `<circle cx="${number(c.x)}" cy="${number(c.y)}" r="${number(size / 2.4)}" fill="${color}" opacity="${opacity}"/>`;
  }
  const points = shape === "diamond" ? [point(0, 0), point(-size / 2, size / 3), point(-size, 0), point(-size / 2, -size / 3)]
    : shape === "vee" ? [point(0, 0), point(-size, size / 2), point(-size * 0.6, 0), point(-size, -size / 2)]
      : [point(0, 0), point(-size, size / 2), point(-size, -size / 2)];
  return `<polygon points="${points.join(" ")}" fill="${color}" opacity="${opacity}"/>`;
}

function visibleIn(box, width, height) {
  return box.x2 >= 0 && box.y2 >= 0 && box.x1 <= width && box.y1 <= height;
}

function decorationsSVG(screen) {
  const parts = [];
  for (const lane of screen.lanes) {
    if (lane.shaded) parts.push(`<rect x="0" y="${number(lane.y0)}" width="${screen.width}" height="${number(lane.y1 - lane.y0)}" fill="${SHADE}"/>`);
  }
  for (const tick of screen.ticks) {
    parts.push(`<line x1="${number(tick.x)}" y1="0" x2="${number(tick.x)}" y2="${screen.height}" stroke="${RULE}" stroke-width="1"/>`);
  }
  return parts;
}

function overlaysSVG(screen) {
  const parts = [];
  if (screen.ticks.length) {
    parts.push(`<rect x="0" y="0" width="${screen.width}" height="${screen.axisHeight}" fill="#ffffff" opacity="0.92"/>`);
    for (const tick of screen.ticks) {
      parts.push(`<text x="${number(tick.x)}" y="${number(screen.axisHeight / 2 + 4.5)}" text-anchor="middle" font-size="13" ` +
        `font-weight="bold" fill="${SOFT_INK}">${escapeXML(tick.label)}</text>`);
    }
  }
  if (screen.lanes.length) {
    parts.push(`<rect x="0" y="0" width="${number(screen.gutter)}" height="${screen.height}" fill="#ffffff" opacity="0.92"/>`);
    for (const lane of screen.lanes) {
      const middle = (lane.y0 + lane.y1) / 2;
      if (middle < 0 || middle > screen.height) continue;
      parts.push(`<rect x="6" y="${number(middle - 5)}" width="10" height="10" rx="2" fill="${lane.color}"/>`,
        `<text x="22" y="${number(middle + 4)}" font-size="12" fill="${INK}">${escapeXML(lane.title)}</text>`);
    }
  }
  return parts;
}

/** The visible part of the graph as an SVG document (text): the frame, lane names beside the canvas. */
export function viewToSVG(cy, decorations) {
  const screen = decorations.onScreen();
  const { width, height } = screen;
  const canvasWidth = cy.width();
  const zoom = cy.zoom();
  const context = document.createElement("canvas").getContext("2d");
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="${escapeXML(LABEL_FONT_FAMILY)}">`, `<title>Papergraph: ${escapeXML(document.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`, ...decorationsSVG(screen)];
  // the canvas, right of the lane names, clipped to its edges as on screen
  parts.push(`<clipPath id="canvas"><rect x="0" y="0" width="${number(canvasWidth)}" height="${height}"/></clipPath>`,
    `<g transform="translate(${number(screen.gutter)},0)" clip-path="url(#canvas)">`);

  cy.edges(":visible").forEach((edge) => {
    if (!visibleIn(edge.renderedBoundingBox(), canvasWidth, height)) return;
    const color = edge.style("line-color");
    const lineWidth = parseFloat(edge.style("width")) * zoom;
    const opacity = number(edge.effectiveOpacity());
    const { d, from, to } = edgePath(edge);
    const dash = dashes({ lineStyle: edge.style("line-style"), pattern: (edge.pstyle("line-dash-pattern").value || [6, 3]) }, lineWidth, zoom);
    parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="${number(lineWidth)}" opacity="${opacity}"` +
      `${dash ? ` stroke-dasharray="${dash}"` : ""}/>`);
    const shape = edge.style("target-arrow-shape");
    if (shape && shape !== "none") {
      const size = (6 + 2.2 * parseFloat(edge.style("width"))) * parseFloat(edge.style("arrow-scale") || 1) * zoom;
      parts.push(arrowHead(shape, from, to, size, edge.style("target-arrow-color"), opacity));
    }
  });

  cy.nodes(":visible").forEach((node) => {
    if (!visibleIn(node.renderedBoundingBox({ includeLabels: true }), canvasWidth, height)) return;
    const p = node.renderedPosition();
    const w = node.renderedWidth(); const h = node.renderedHeight();
    const opacity = number(node.effectiveOpacity());
    const fill = node.style("background-color");
    const fillOpacity = number(parseFloat(node.style("background-opacity")));
    const border = node.style("border-color");
    const borderWidth = number(parseFloat(node.style("border-width")) * zoom);
    const shape = node.style("shape");
    const paint = `fill="${fill}" fill-opacity="${fillOpacity}" stroke="${border}" stroke-width="${borderWidth}" opacity="${opacity}"`;
    if (shape === "ellipse") {
      parts.push(`<ellipse cx="${number(p.x)}" cy="${number(p.y)}" rx="${number(w / 2)}" ry="${number(h / 2)}" ${paint}/>`);
    } else {
      const radius = shape === "round-rectangle" ? Math.min(w, h) / 4 : 0;
      parts.push(`<rect x="${number(p.x - w / 2)}" y="${number(p.y - h / 2)}" width="${number(w)}" height="${number(h)}" ` +
        `rx="${number(radius)}" ${paint}/>`);
    }
    const text = node.data("label");
    if (!text) return;
    const fontSize = parseFloat(node.style("font-size")) * zoom;
    const weight = node.style("font-weight");
    const italic = node.style("font-style") === "italic";
    const font = `${italic ? "italic " : ""}${weight} ${fontSize}px ${LABEL_FONT_FAMILY}`;
    const lines = wrapLines(text, font, parseFloat(node.style("text-max-width")) * zoom, context);
    const lineHeight = fontSize * 1.2;
    const right = node.style("text-halign") === "right";
    const x = right ? p.x + w / 2 + parseFloat(node.style("text-margin-x")) * zoom : p.x;
    const firstBaseline = right ? p.y - (lines.length * lineHeight) / 2 + fontSize * 0.85
      : p.y + h / 2 + parseFloat(node.style("text-margin-y")) * zoom + fontSize * 0.9;
    const spans = lines.map((line, i) => `<tspan x="${number(x)}" y="${number(firstBaseline + i * lineHeight)}">${escapeXML(line)}</tspan>`).join("");
    parts.push(`<text font-size="${number(fontSize)}" font-weight="${weight}"${italic ? " font-style=\"italic\"" : ""} ` +
      `fill="${node.style("color")}" text-anchor="${right ? "start" : "middle"}" stroke="#ffffff" stroke-width="${number(2 * zoom)}" ` +
      `stroke-linejoin="round" paint-order="stroke" opacity="${opacity}">${spans}</text>`);
  });
  parts.push("</g>");
  parts.push(...overlaysSVG(screen), "</svg>");
  return parts.join("\n");
}

/** The visible part of the graph as a PNG (a Blob), at twice the screen's resolution. */
export async function viewToPNG(cy, decorations) {
  const scale = 2;
  const screen = decorations.onScreen();
  const { width, height } = screen;
  const canvas = document.createElement("canvas");
  canvas.width = width * scale; canvas.height = height * scale;
  const context = canvas.getContext("2d");
  context.scale(scale, scale);
  context.fillStyle = "#ffffff"; context.fillRect(0, 0, width, height);
  for (const lane of screen.lanes) {
    if (lane.shaded) { context.fillStyle = SHADE; context.fillRect(0, lane.y0, width, lane.y1 - lane.y0); }
  }
  context.strokeStyle = RULE; context.lineWidth = 1;
  for (const tick of screen.ticks) { context.beginPath(); context.moveTo(tick.x, 0); context.lineTo(tick.x, height); context.stroke(); }
  const graph = await cy.png({ output: "blob-promise", full: false, scale });
  const bitmap = await createImageBitmap(graph);
  context.drawImage(bitmap, screen.gutter, 0, width - screen.gutter, height);  // the canvas, right of the lane names
  if (screen.ticks.length) {
    context.fillStyle = "rgba(255,255,255,0.92)"; context.fillRect(0, 0, width, screen.axisHeight);
    context.fillStyle = SOFT_INK; context.font = `bold 13px ${LABEL_FONT_FAMILY}`; context.textAlign = "center";
    for (const tick of screen.ticks) context.fillText(tick.label, tick.x, screen.axisHeight / 2 + 4.5);
  }
  if (screen.lanes.length) {
    context.fillStyle = "rgba(255,255,255,0.92)"; context.fillRect(0, 0, screen.gutter, height);
    context.font = `12px ${LABEL_FONT_FAMILY}`; context.textAlign = "left";
    for (const lane of screen.lanes) {
      const middle = (lane.y0 + lane.y1) / 2;
      context.fillStyle = lane.color; context.fillRect(6, middle - 5, 10, 10);
      context.fillStyle = INK; context.fillText(lane.title, 22, middle + 4);
    }
  }
  return new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
}

/** Save ``blob`` as ``name`` through the browser's download (no request leaves the page). */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url; link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
