// PCA: the data projected onto the first two principal components (a scatter), the explained
// variance of each component (bars) with the cumulative share (a line), and, on the main plot,
// the component directions drawn as arrows from the mean. Everything comes from the "pca" view
// computed in Python; this module only draws it.

import { classColor, fmt, htmlEl, sizeCanvas, svgEl } from "./common.js";
import { sequential } from "../palette.js";

const SIDE = 260; // the scatter's and the bar chart's largest size in CSS pixels

/**
 * Draw the component directions as arrows over the original data (2-D data only).
 * Each arrow starts at the mean and is two standard deviations long along its component.
 */
export function drawPCA(ctx, view, transform) {
  if (!view || !view.components || view.mean.length !== 2) return;
  ctx.save();
  view.components.slice(0, 2).forEach((component, k) => {
    const length = 2 * Math.sqrt(Math.max(0, view.explained_variance[k]));
    const [mx, my] = view.mean;
    const [ax, ay] = transform(mx, my);
    const [bx, by] = transform(mx + length * component[0], my + length * component[1]);
    const angle = Math.atan2(by - ay, bx - ax);
    const head = 10;
    for (const [width, style] of [[6, "rgba(255, 255, 255, 0.9)"], [2.5, k === 0 ? "#000" : "#444"]]) {
      ctx.lineWidth = width;
      ctx.strokeStyle = style;
      ctx.fillStyle = style;
      ctx.setLineDash(k === 0 ? [] : [7, 4]);
      ctx.beginPath();
      ctx.moveTo(ax, ay);
      ctx.lineTo(bx, by);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.beginPath();
      ctx.moveTo(bx, by);
      ctx.lineTo(bx - head * Math.cos(angle - 0.4), by - head * Math.sin(angle - 0.4));
      ctx.lineTo(bx - head * Math.cos(angle + 0.4), by - head * Math.sin(angle + 0.4));
      ctx.closePath();
      ctx.fill();
    }
    const label = `PC${k + 1} ${Math.round(100 * view.explained_variance_ratio[k])}%`;
    ctx.font = "bold 12px system-ui, sans-serif";
    // Keep the label on the canvas even when the arrow runs off it.
    const scale = ctx.getTransform().a || 1;
    const lx = Math.max(4, Math.min(bx + 6, ctx.canvas.width / scale - ctx.measureText(label).width - 4));
    const ly = Math.max(14, Math.min(by - 6, ctx.canvas.height / scale - 4));
    ctx.lineWidth = 3;
    ctx.strokeStyle = "#fff";
    ctx.strokeText(label, lx, ly);
    ctx.fillStyle = "#000";
    ctx.fillText(label, lx, ly);
  });
  ctx.restore();
}

function drawScatter(canvas, view, context, side) {
  const ctx = sizeCanvas(canvas, side, side);
  const pad = 28;
  const inner = side - pad - 8;
  const p = view.projection;
  const n = p.length / 2;
  let m = 1e-12;
  for (let i = 0; i < p.length; i++) if (Number.isFinite(p[i])) m = Math.max(m, Math.abs(p[i]));
  m *= 1.1; // one scale for both axes, so the spread along PC1 and PC2 compares honestly
  const sx = (v) => pad + ((v + m) / (2 * m)) * inner;
  const sy = (v) => 8 + inner - ((v + m) / (2 * m)) * inner;
  ctx.clearRect(0, 0, side, side);
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, side, side);
  ctx.strokeStyle = "#999";
  ctx.lineWidth = 1;
  ctx.strokeRect(pad, 8, inner, inner);
  ctx.strokeStyle = "#ddd";
  ctx.beginPath();
  ctx.moveTo(sx(0), 8);
  ctx.lineTo(sx(0), 8 + inner);
  ctx.moveTo(pad, sy(0));
  ctx.lineTo(pad + inner, sy(0));
  ctx.stroke();
  const colour = pointColours(context, n);
  for (let i = 0; i < n; i++) {
    ctx.beginPath();
    ctx.arc(sx(p[2 * i]), sy(p[2 * i + 1]), 3, 0, 2 * Math.PI);
    ctx.fillStyle = colour(i);
    ctx.fill();
  }
  ctx.fillStyle = "#222";
  ctx.font = "11px system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.fillText("PC1", pad + inner / 2, side - 4);
  ctx.textAlign = "left";
  ctx.fillText(fmt(-m, 2), pad, side - 14);
  ctx.textAlign = "right";
  ctx.fillText(fmt(m, 2), pad + inner, side - 14);
  ctx.textAlign = "center";
  ctx.save();
  ctx.translate(10, 8 + inner / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText(view.components.length > 1 ? "PC2" : "PC2 (not kept)", 0, 0);
  ctx.restore();
}

// Points take their class colour, or for numeric targets the page's sequential ramp, else grey.
function pointColours(context, n) {
  const y = context.points && context.points.y;
  if (!y || y.length !== n) return () => "#555";
  if (context.classes && context.classes.length) return (i) => classColor(context.palette, classIndex(context, y[i]));
  const values = Array.from(y, Number);
  if (!values.every(Number.isFinite)) return () => "#555";
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const ramp = (context.palette && context.palette.sequential) || sequential;
  return (i) => {
    const [r, g, b] = ramp(hi > lo ? (values[i] - lo) / (hi - lo) : 0.5);
    return `rgb(${r}, ${g}, ${b})`;
  };
}

function classIndex(context, label) {
  const classes = context.classes;
  const k = classes.indexOf(label);
  return k >= 0 ? k : classes.map(String).indexOf(String(label));
}

function drawBars(svg, view, width) {
  const ratios = Array.from(view.explained_variance_ratio);
  const height = 150;
  const left = 34;
  const bottom = 22;
  const top = 18;
  const inner = height - bottom - top;
  svg.replaceChildren();
  svg.setAttribute("width", width);
  svg.setAttribute("height", height);
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const title = svgEl("title", {}, svg);
  title.textContent = "Explained variance";
  const y = (share) => top + inner - share * inner;
  for (const tick of [0, 0.5, 1]) {
    svgEl("line", { x1: left, x2: width - 4, y1: y(tick), y2: y(tick), stroke: "#ddd" }, svg);
    const t = svgEl("text", { x: left - 4, y: y(tick) + 4, "text-anchor": "end", "font-size": 10, fill: "#444" }, svg);
    t.textContent = `${tick * 100}%`;
  }
  const slot = (width - left - 4) / ratios.length;
  let cumulative = 0;
  const line = [];
  ratios.forEach((r, k) => {
    cumulative += r;
    const x = left + k * slot;
    const bar = svgEl("rect", {
      x: x + slot * 0.2, y: y(r), width: slot * 0.6, height: Math.max(0, inner - (y(r) - top)),
      fill: "#0072B2", "data-testid": `pca-bar-${k}`,
    }, svg);
    svgEl("title", {}, bar).textContent = `PC${k + 1}: ${fmt(100 * r, 3)}% of the variance (cumulative ${fmt(100 * cumulative, 3)}%)`;
    const label = svgEl("text", { x: x + slot / 2, y: height - 6, "text-anchor": "middle", "font-size": 10, fill: "#222" }, svg);
    label.textContent = `PC${k + 1}`;
    line.push([x + slot / 2, y(cumulative)]);
  });
  svgEl("polyline", { points: line.map((p) => p.join(",")).join(" "), fill: "none", stroke: "#D55E00", "stroke-width": 2 }, svg);
  for (const [cx, cy] of line) svgEl("circle", { cx, cy, r: 3, fill: "#D55E00" }, svg);
  const legend = svgEl("text", { x: width - 6, y: 10, "text-anchor": "end", "font-size": 10, fill: "#D55E00" }, svg);
  legend.textContent = "— cumulative";
}

export function createView(container, options = {}) {
  const root = htmlEl("div", { class: "viz-pca", "data-testid": "viz-pca" }, container);
  Object.assign(root.style, { display: "flex", flexWrap: "wrap", gap: "8px", fontFamily: "system-ui, sans-serif", fontSize: "12px" });
  const left = htmlEl("figure", {}, root);
  left.style.margin = "0";
  const canvas = htmlEl("canvas", { role: "img", "data-testid": "pca-scatter", "aria-label": "PCA projection (not fitted yet)" }, left);
  canvas.style.display = "block";
  const caption = htmlEl("figcaption", { text: "" }, left);
  const right = htmlEl("figure", {}, root);
  right.style.margin = "0";
  const bars = svgEl("svg", { role: "img", "data-testid": "pca-bars", "aria-label": "Explained variance (not fitted yet)" }, right);
  bars.style.display = "block";
  htmlEl("figcaption", { text: "Explained variance per component" }, right);
  let view = null;
  let context = {};

  // Side by side when both fit, else one above the other.
  function side() {
    const width = root.clientWidth || container.clientWidth || SIDE;
    const half = Math.floor((width - 8) / 2);
    return half >= 180 ? Math.min(SIDE, half) : Math.max(160, Math.min(SIDE, width));
  }

  function update(frame, ctx = {}) {
    const v = frame && frame.view;
    if (!v || v.kind !== "pca") return;
    view = v;
    context = ctx;
    const s = side();
    canvas.style.display = v.projection ? "block" : "none";
    if (v.projection) drawScatter(canvas, v, ctx, s);
    drawBars(bars, v, s);
    const shares = Array.from(v.explained_variance_ratio).map((r, k) => `PC${k + 1} ${fmt(100 * r, 3)}%`);
    if (v.projection) {
      const on = v.components.length > 1 ? "the first two principal components" : "the first principal component";
      canvas.setAttribute("aria-label", `Scatter plot of the ${v.projection.length / 2} samples projected on ${on}.`);
      caption.textContent = v.components.length > 1 ? "Data on the first two components" : "Data on the first component";
    }
    bars.setAttribute("aria-label", `Explained variance: ${shares.join(", ")}.`);
  }

  function draw(ctx, transform) {
    drawPCA(ctx, view, transform);
  }

  function reset() {
    view = null;
    canvas.getContext("2d").clearRect(0, 0, canvas.width, canvas.height);
    bars.replaceChildren();
  }

  function destroy() {
    root.remove();
  }

  return { update, draw, reset, destroy };
}
