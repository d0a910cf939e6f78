// Small drawing helpers shared by the visualisation modules. Colours come from the page's
// palette module (web/js/palette.js: Okabe–Ito classes, orange-negative/blue-positive ramp),
// so the diagrams and the main plot agree.

import { CLASS_COLORS, DIVERGING_LUT, palette as PAGE_PALETTE } from "../palette.js";

export const DEFAULT_PALETTE = PAGE_PALETTE;
export const NEGATIVE = rgb(DIVERGING_LUT, 0);
export const POSITIVE = rgb(DIVERGING_LUT, 255);

function rgb(lut, i) {
  return `rgb(${lut[i * 3]}, ${lut[i * 3 + 1]}, ${lut[i * 3 + 2]})`;
}

/** The CSS colour of class (or cluster) `i` from `palette` (the page's palette object). */
export function classColor(palette, i) {
  if (palette && typeof palette.classColor === "function") return palette.classColor(i);
  return CLASS_COLORS[((i % CLASS_COLORS.length) + CLASS_COLORS.length) % CLASS_COLORS.length];
}

/** The CSS colour of a signed quantity (a weight): blue positive, orange negative. */
export function signColor(value) {
  return value >= 0 ? POSITIVE : NEGATIVE;
}

/**
 * Paint a size×size grid (row-major, first row at y min) into a size×size canvas with the
 * diverging ramp over `domain` = [lo, hi]; the canvas's top row is y max.
 */
export function paintGrid(canvas, size, values, domain, offset = 0) {
  if (canvas.width !== size) canvas.width = size;
  if (canvas.height !== size) canvas.height = size;
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(size, size);
  const [lo, hi] = domain;
  const span = hi - lo || 1;
  for (let row = 0; row < size; row++) {
    const src = offset + row * size;
    const dst = (size - 1 - row) * size;
    for (let col = 0; col < size; col++) {
      const v = values[src + col];
      const t = Number.isFinite(v) ? Math.min(1, Math.max(0, (v - lo) / span)) : 0.5;
      const k = Math.round(t * 255) * 3;
      const p = (dst + col) * 4;
      image.data[p] = DIVERGING_LUT[k];
      image.data[p + 1] = DIVERGING_LUT[k + 1];
      image.data[p + 2] = DIVERGING_LUT[k + 2];
      image.data[p + 3] = 255;
    }
  }
  ctx.putImageData(image, 0, 0);
}

/** A number for a readout or a tooltip: short but not misleading. */
export function fmt(x, digits = 3) {
  const v = Number(x);
  if (x === null || x === undefined || !Number.isFinite(v)) return String(x);
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) return v.toExponential(2);
  return String(Number(v.toPrecision(digits)));
}

export function svgEl(name, attrs = {}, parent = null) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (parent) parent.appendChild(el);
  return el;
}

export function htmlEl(name, attrs = {}, parent = null) {
  const el = document.createElement(name);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") el.textContent = v;
    else el.setAttribute(k, v);
  }
  if (parent) parent.appendChild(el);
  return el;
}

/** A canvas sized `cssWidth`×`cssHeight` CSS pixels, sharp on high-DPI screens; returns its 2-D context. */
export function sizeCanvas(canvas, cssWidth, cssHeight) {
  const ratio = window.devicePixelRatio || 1;
  canvas.style.width = `${cssWidth}px`;
  canvas.style.height = `${cssHeight}px`;
  canvas.width = Math.round(cssWidth * ratio);
  canvas.height = Math.round(cssHeight * ratio);
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}

/** The text readout an overlay keeps beside the plot, announced politely to screen readers. */
export function readout(container, kind) {
  const root = htmlEl("div", { class: `viz-${kind}`, role: "status", "aria-live": "polite", "data-testid": `viz-${kind}` },
    container);
  root.style.fontFamily = "system-ui, sans-serif";
  root.style.fontSize = "13px";
  return root;
}
