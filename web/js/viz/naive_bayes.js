// Gaussian naive Bayes on the main plot: each class's Gaussian as its 1- and 2-standard-deviation
// ellipses (axis-aligned: the features are independent given the class) around the class mean,
// and a readout of the means, standard deviations and priors. The numbers come from Python's
// "naive_bayes" view (theta_, var_, class_prior_); this module only draws them.

import { classColor, fmt, htmlEl, readout } from "./common.js";

/**
 * Draw the naive Bayes overlay onto a 2-D canvas context.
 *
 * @param ctx       the main plot's CanvasRenderingContext2D
 * @param view      the "naive_bayes" view ({theta, var, class_prior})
 * @param transform (x, y) → [px, py], data to canvas coordinates
 * @param options   {features, palette}: the model's input features (the ellipses need x1 and
 *                  x2 among them, whatever else it sees) and the page's palette
 * @returns the number of ellipses drawn
 */
export function drawNaiveBayes(ctx, view, transform, { features = ["x1", "x2"], palette = null } = {}) {
  const i = features.indexOf("x1");
  const j = features.indexOf("x2");
  if (!view || i < 0 || j < 0) return 0;
  ctx.save();
  let drawn = 0;
  view.theta.forEach((mean, c) => {
    const [cx, cy] = [mean[i], mean[j]];
    const [sx, sy] = [Math.sqrt(view.var[c][i]), Math.sqrt(view.var[c][j])];
    for (const [k, dash] of [[1, []], [2, [6, 4]]]) {
      // Through transform point by point: the plot's axes have their own scales.
      ctx.beginPath();
      for (let step = 0; step <= 72; step += 1) {
        const angle = (step / 72) * 2 * Math.PI;
        const [px, py] = transform(cx + k * sx * Math.cos(angle), cy + k * sy * Math.sin(angle));
        if (step === 0) ctx.moveTo(px, py);
        else ctx.lineTo(px, py);
      }
      ctx.setLineDash(dash);
      ctx.lineWidth = 4;
      ctx.strokeStyle = "rgba(255, 255, 255, 0.8)";
      ctx.stroke();
      ctx.lineWidth = 2;
      ctx.strokeStyle = classColor(palette, c);
      ctx.stroke();
      drawn += 1;
    }
    const [px, py] = transform(cx, cy);
    ctx.setLineDash([]);
    ctx.beginPath();
    ctx.arc(px, py, 4, 0, 2 * Math.PI);
    ctx.fillStyle = classColor(palette, c);
    ctx.fill();
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = "#fff";
    ctx.stroke();
  });
  ctx.restore();
  return drawn;
}

export function createView(container) {
  const root = readout(container, "naive-bayes");
  let view = null;
  let context = {};

  function update(frame, ctx = {}) {
    const v = frame && frame.view;
    if (!v || v.kind !== "naive_bayes") return;
    view = v;
    context = ctx;
    const features = ctx.features || v.theta[0].map((_, f) => `x${f + 1}`);
    const lines = v.theta.map((mean, c) => {
      const label = ctx.classes ? ctx.classes[c] : c;
      const columns = mean.map((m, f) => `${features[f]}: ${fmt(m)} ± ${fmt(Math.sqrt(v.var[c][f]))}`);
      return `class ${label} (prior ${fmt(v.class_prior[c])}): ${columns.join(", ")}`;
    });
    root.replaceChildren(...lines.map((text) => htmlEl("div", { text })));
    root.setAttribute("aria-label", `Gaussian naive Bayes, mean ± standard deviation of each feature per class: ${lines.join("; ")}. ` +
      "On the plot, each class's 1- and 2-standard-deviation ellipses (solid and dashed) around its mean.");
  }

  function draw(ctx, transform) {
    drawNaiveBayes(ctx, view, transform, { features: context.features, palette: context.palette });
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
