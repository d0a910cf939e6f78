// K-means on the main plot: points coloured by their cluster, each centroid with the trail of
// its previous positions, and a readout of the inertia (the cost J). Centroids and labels come
// from the "kmeans" view computed in Python; this module only remembers where they have been.

import { classColor, fmt, readout } from "./common.js";

function sameCenters(a, b) {
  return a && b && a.length === b.length && a.every((c, k) => c[0] === b[k][0] && c[1] === b[k][1]);
}

/**
 * Draw the k-means overlay onto a 2-D canvas context.
 *
 * @param ctx       the main plot's CanvasRenderingContext2D
 * @param view      the "kmeans" view ({centers, labels, ...})
 * @param transform (x, y) → [px, py], data to canvas coordinates
 * @param options   {trails: [[[x, y], ...] per centroid], points: {X}, palette}
 */
export function drawKMeans(ctx, view, transform, { trails = [], points = null, palette = null } = {}) {
  if (!view || !view.centers) return;
  ctx.save();
  if (points && points.X && view.labels && view.labels.length === points.X.length) {
    points.X.forEach(([x, y], i) => {
      const [px, py] = transform(x, y);
      ctx.beginPath();
      ctx.arc(px, py, 3.5, 0, 2 * Math.PI);
      ctx.fillStyle = classColor(palette, view.labels[i]);
      ctx.fill();
      ctx.lineWidth = 0.75;
      ctx.strokeStyle = "rgba(0, 0, 0, 0.45)";
      ctx.stroke();
    });
  }
  view.centers.forEach((center, k) => {
    const trail = trails[k] || [];
    const color = classColor(palette, k);
    if (trail.length > 1) {
      ctx.beginPath();
      trail.forEach(([x, y], t) => {
        const [px, py] = transform(x, y);
        if (t === 0) ctx.moveTo(px, py);
        else ctx.lineTo(px, py);
      });
      ctx.lineWidth = 4;
      ctx.strokeStyle = "rgba(255, 255, 255, 0.8)";
      ctx.stroke();
      ctx.lineWidth = 2;
      ctx.strokeStyle = color;
      ctx.stroke();
      for (const [x, y] of trail.slice(0, -1)) {
        const [px, py] = transform(x, y);
        ctx.beginPath();
        ctx.arc(px, py, 2.5, 0, 2 * Math.PI);
        ctx.fillStyle = "#fff";
        ctx.fill();
        ctx.strokeStyle = color;
        ctx.lineWidth = 1.5;
        ctx.stroke();
      }
    }
    // The centroid: a big cross on a white halo, readable on any background colour.
    const [px, py] = transform(center[0], center[1]);
    const r = 8;
    ctx.lineCap = "round";
    for (const [width, style] of [[7, "#fff"], [4, "#000"], [2.5, color]]) {
      ctx.lineWidth = width;
      ctx.strokeStyle = style;
      ctx.beginPath();
      ctx.moveTo(px - r, py - r);
      ctx.lineTo(px + r, py + r);
      ctx.moveTo(px + r, py - r);
      ctx.lineTo(px - r, py + r);
      ctx.stroke();
    }
  });
  ctx.restore();
}

export function createView(container, options = {}) {
  const root = readout(container, "kmeans");
  let view = null;
  let context = {};
  let trails = [];
  let start = null; // the initial centroids of the current run: a new run restarts the trails

  function update(frame, ctx = {}) {
    const v = frame && frame.view;
    if (!v || v.kind !== "kmeans") return;
    context = ctx;
    if (!sameCenters(v.init_centers, start) || trails.length !== v.centers.length) {
      start = v.init_centers ? v.init_centers.map((c) => c.slice()) : null;
      trails = v.centers.map((_, k) => (start ? [start[k].slice(0, 2)] : []));
    }
    v.centers.forEach((c, k) => {
      const trail = trails[k];
      const last = trail[trail.length - 1];
      if (!last || last[0] !== c[0] || last[1] !== c[1]) trail.push([c[0], c[1]]);
    });
    view = v;
    const sizes = new Array(v.centers.length).fill(0);
    for (const label of v.labels || []) sizes[label] += 1;
    root.textContent = `Inertia J = ${fmt(v.inertia, 4)} · ${v.centers.length} clusters of ${sizes.join(", ")} points` +
      (v.iteration ? ` · iteration ${v.iteration}` : "");
    root.setAttribute("aria-label", `k-means: inertia ${fmt(v.inertia, 4)}; cluster sizes ${sizes.join(", ")}`);
  }

  function draw(ctx, transform) {
    drawKMeans(ctx, view, transform, { trails, points: context.points, palette: context.palette });
  }

  function reset() {
    view = null;
    trails = [];
    start = null;
    root.textContent = "";
  }

  function destroy() {
    root.remove();
  }

  return { update, draw, reset, destroy, get trails() { return trails; } };
}
