// The SVM on the main plot: the decision boundary f(x) = 0 and the margins f(x) = ±1 as contour
// lines of the decision function (computed in Python over the grid), the support vectors ringed,
// and a readout of C, gamma and the number of support vectors.

import { fmt, readout } from "./common.js";
import { strokeContour } from "./contour.js";

/**
 * Draw the SVM overlay onto a 2-D canvas context.
 *
 * @param ctx       the main plot's CanvasRenderingContext2D
 * @param view      the "svm" view ({support_vectors, support, decision?, ...})
 * @param transform (x, y) → [px, py], data to canvas coordinates
 * @param options   {extent, points: {X}}: the grid's extent; the training points (the support
 *                  vectors are ringed at their plane position, whatever features the model saw)
 */
export function drawSVM(ctx, view, transform, { extent = null, points = null } = {}) {
  if (!view) return;
  ctx.save();
  const decision = view.decision;
  if (decision && extent) {
    ctx.lineCap = "round";
    // Margins: dashed; the boundary: solid, each on a white halo so they show on any colour.
    for (const [level, dash, width] of [[-1, [6, 4], 1.5], [1, [6, 4], 1.5], [0, [], 2.5]]) {
      ctx.setLineDash(dash);
      ctx.lineWidth = width + 2;
      ctx.strokeStyle = "rgba(255, 255, 255, 0.85)";
      strokeContour(ctx, decision.values, decision.size, extent, level, transform);
      ctx.lineWidth = width;
      ctx.strokeStyle = "#111";
      strokeContour(ctx, decision.values, decision.size, extent, level, transform);
    }
    ctx.setLineDash([]);
  }
  const usePoints = points && points.X && view.support;
  const count = usePoints ? view.support.length : (view.support_vectors || []).length;
  for (let k = 0; k < count; k++) {
    const [x, y] = usePoints ? points.X[view.support[k]] : view.support_vectors[k];
    const [px, py] = transform(x, y);
    ctx.beginPath();
    ctx.arc(px, py, 7, 0, 2 * Math.PI);
    ctx.lineWidth = 4;
    ctx.strokeStyle = "#fff";
    ctx.stroke();
    ctx.lineWidth = 2;
    ctx.strokeStyle = "#000";
    ctx.stroke();
  }
  ctx.restore();
}

export function createView(container, options = {}) {
  const root = readout(container, "svm");
  let view = null;
  let context = {};

  function update(frame, ctx = {}) {
    const v = frame && frame.view;
    if (!v || v.kind !== "svm") return;
    view = v;
    context = ctx;
    const parts = [`kernel ${v.kernel}`, `C = ${fmt(v.C)}`];
    if (v.kernel !== "linear" && v.gamma !== undefined && v.gamma !== null) parts.push(`γ = ${fmt(v.gamma)}`);
    parts.push(`${v.support.length} support vectors`);
    root.textContent = parts.join(" · ");
    root.setAttribute("aria-label", `Support vector machine: ${parts.join(", ")}. ` +
      (v.decision ? "Solid line: decision boundary f = 0; dashed lines: margins f = ±1; ringed points: support vectors." :
        "Ringed points: support vectors."));
  }

  function draw(ctx, transform) {
    drawSVM(ctx, view, transform, { extent: context.extent, points: context.points });
  }

  function reset() {
    view = null;
    root.textContent = "";
  }

  function destroy() {
    root.remove();
  }

  return { update, draw, reset, destroy };
}
