// "Train with my code" for k-means: the learner's closest_centroids and compute_centroids run
// Lloyd's algorithm on 300 points from three blobs, drawn live like the k-means demo (points in
// their cluster's colour, each centroid with its trail), with the inertia after each step. pyml's
// KMeans starts from the same centroids, so the learner sees whether theirs end in the same place.

import { drawKMeans } from "../js/viz/kmeans.js";
import { format, legend } from "../demos/demo.js";
import { createLoop } from "./train-loop.js";
import { createFigures } from "./train-panel.js";

export function createTrainer(panel, runner) {
  const { $, plot, chart } = createFigures(panel, {
    planeCaption: `300 points; each takes the colour of the centroid your closest_centroids gives it, and each
      centroid leaves a trail of where your compute_centroids moved it.`,
    costCaption: "The cost J (inertia): the sum of squared distances to the closest centroid, after each step.",
    cost: { label: "inertia", yLabel: "inertia J", logY: false },
    controls: `
      <label><span>Data set (seed)</span>
        <select data-testid="train-seed">${[1, 2, 3, 4, 5, 6].map((s) => `<option${s === 5 ? " selected" : ""}>${s}</option>`).join("")}</select>
      </label>
      <p class="readout" data-testid="train-compare"></p>`,
  });
  legend($("train-legend"), [
    { label: "centroid", color: "#444", shape: "cross" },
    { label: "where it has been", color: "#444", line: true },
  ]);
  let points = [];
  let view = null;
  let trails = [];
  let costs = [];
  let reference = null; // pyml's centroids, once its KMeans has run
  plot.setOverlayDraw((ctx, toPixel) => {
    if (view) drawKMeans(ctx, view, toPixel, { trails, points: { X: points } });
  });

  function compare() {
    if (!reference || !view || panel.dataset.state !== "done") return;
    const gap = Math.max(...view.centers.map((c, k) => Math.hypot(c[0] - reference[k][0], c[1] - reference[k][1])));
    panel.dataset.gap = String(gap);
    $("train-compare").textContent = gap < 1e-9
      ? "pyml's KMeans, from the same starting centroids, ends at the same centroids."
      : `pyml's KMeans, from the same starting centroids, ends elsewhere: a centroid differs by ${format(gap)}.`;
  }

  return createLoop(panel, runner, {
    name: "kmeans",
    options: () => ({ seed: Number($("train-seed").value) }),
    begin({ X, init }) {
      points = X;
      costs = [];
      reference = null;
      view = { centers: init, labels: null };
      trails = init.map((c) => [c]);
      chart.set([[], []]);
      $("train-compare").textContent = "";
      const xs = X.map((p) => p[0]);
      const ys = X.map((p) => p[1]);
      const pad = (lo, hi) => [lo - 0.08 * (hi - lo), hi + 0.08 * (hi - lo)];
      plot.setExtents({ x: pad(Math.min(...xs), Math.max(...xs)), y: pad(Math.min(...ys), Math.max(...ys)) }, { x: "x₁", y: "x₂" });
      plot.setPoints({ train: X.map(([x, y]) => ({ x, y, label: 0 })), test: [] }, { colorOf: () => "#888" });
      runner.runtime.train({ model: "KMeans", params: { n_clusters: init.length, init, n_init: 1, tol: 0 }, data: { X } }, { maxSteps: 100 })
        .then(async (training) => {
          const last = await training.finished;
          training.dispose();
          reference = last.view.centers;
          compare();
        })
        .catch(() => {}); // the runtime restarted meanwhile: nothing to compare with
    },
    frame(frame) {
      for (const step of frame.steps) costs.push(step.loss);
      chart.set([costs.map((_, i) => i + 1), costs]);
      if (frame.centroids) {
        view = { centers: frame.centroids, labels: frame.idx };
        frame.centroids.forEach((c, k) => trails[k].push(c));
        plot.render();
      }
      if (frame.done) setTimeout(compare); // after the loop marks the panel done
      return `step ${costs.length}: J = ${format(costs[costs.length - 1])}`;
    },
    batch: () => 1, // one step per frame: k-means takes only a few, each worth seeing
  });
}
