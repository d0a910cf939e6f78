// Anomaly detection on the main plot: the boundary p(x) = ε, where anomalies begin, as a contour
// of the density grid (the frame's grid holds log p(x) for this model), the Gaussian's mean μ, and
// a readout of μ, Σ and ε. Everything is computed in Python; this module only draws it.

import { fmt, readout } from "./common.js";
import { strokeContour } from "./contour.js";

/**
 * Draw the anomaly-detection overlay onto a 2-D canvas context.
 *
 * @param ctx       the main plot's CanvasRenderingContext2D
 * @param view      the "anomaly" view ({mu, Sigma, epsilon})
 * @param transform (x, y) → [px, py], data to canvas coordinates
 * @param options   {extent, grid}: the plot's extent and the frame's grid of log p(x) over it
 * @returns the number of contour segments drawn
 */
export function drawAnomaly(ctx, view, transform, { extent = null, grid = null } = {}) {
  if (!view) return 0;
  ctx.save();
  let segments = 0;
  const plane = grid && extent && grid.values.length === grid.size * grid.size;
  if (plane && view.epsilon > 0) {
    ctx.lineCap = "round";
    for (const [width, style] of [[4.5, "rgba(255, 255, 255, 0.85)"], [2, "#111"]]) {
      ctx.lineWidth = width;
      ctx.strokeStyle = style;
      segments = strokeContour(ctx, grid.values, grid.size, extent, Math.log(view.epsilon), transform);
    }
  }
  if (view.mu.length === 2) {
    // The mean: a plus on a white halo.
    const [px, py] = transform(view.mu[0], view.mu[1]);
    for (const [width, style] of [[6, "#fff"], [2.5, "#111"]]) {
      ctx.lineWidth = width;
      ctx.strokeStyle = style;
      ctx.beginPath();
      ctx.moveTo(px - 8, py);
      ctx.lineTo(px + 8, py);
      ctx.moveTo(px, py - 8);
      ctx.lineTo(px, py + 8);
      ctx.stroke();
    }
  }
  ctx.restore();
  return segments;
}

export function createView(container) {
  const root = readout(container, "anomaly");
  let view = null;
  let grid = null;
  let context = {};

  function update(frame, ctx = {}) {
    const v = frame && frame.view;
    if (!v || v.kind !== "anomaly") return;
    view = v;
    grid = frame.grid || null;
    context = ctx;
    const vector = (xs) => `(${xs.map((x) => fmt(x)).join(", ")})`;
    const parts = [`μ = ${vector(v.mu)}`, `Σ = ${v.Sigma.length <= 2 ? `[${v.Sigma.map(vector).join(", ")}]` : `${v.Sigma.length}×${v.Sigma.length}`}`,
      v.epsilon === null ? "no threshold ε yet" : `ε = ${fmt(v.epsilon)}`];
    root.textContent = parts.join(" · ");
    root.setAttribute("aria-label", `Gaussian anomaly detection: ${parts.join(", ")}. ` +
      (v.epsilon === null ? "" : "The line is where p(x) = ε: points outside it are flagged as anomalies. ") +
      "The plus marks the mean μ.");
  }

  function draw(ctx, transform) {
    drawAnomaly(ctx, view, transform, { extent: context.extent, grid });
  }

  function reset() {
    view = null;
    grid = null;
    root.textContent = "";
  }

  function destroy() {
    root.remove();
  }

  return { update, draw, reset, destroy };
}
