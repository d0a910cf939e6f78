// "Train with my code" for cost_and_gradient: the learner's cost and gradient drive gradient
// descent for logistic regression on two blobs of points, drawn live like the playground: the
// probability of class 1 over the plane, and the cost after each step. pyml's LogisticRegression
// trains on the same data with the same settings, for comparison.

import { pointStyle } from "../js/plot.js";
import { format, legend } from "../demos/demo.js";
import { createLoop } from "./train-loop.js";
import { comparisonTable, createFigures } from "./train-panel.js";

// As pyml.web.labs.exercises trains the learner's function.
const SETTINGS = { solver: "gd", normalize: true, learning_rate: 1.0, n_iter: 400 };

export function createTrainer(panel, runner) {
  const { $, plot, chart } = createFigures(panel, {
    planeCaption: `200 points of two classes, over the probability of class 1 that your θ gives each point of the
      plane (orange 0, blue 1); the boundary is where it is ½.`,
    costCaption: "Your cost J after each step (log scale).",
    cost: { label: "cost J", yLabel: "cost J", logY: true },
    controls: `
      <label><span>Regularisation λ</span>
        <select data-testid="train-lam">${[0, 1, 10, 100].map((l) => `<option${l === 1 ? " selected" : ""}>${l}</option>`).join("")}</select>
      </label>
      ${comparisonTable([["0", "intercept"], ["1", "coef₁"], ["2", "coef₂"]])}`,
  });
  const style = pointStyle({ task: "classification", classes: [0, 1] });
  legend($("train-legend"), [0, 1].map((label) => ({ label: `class ${label}`, color: style.colorOf({ label }), shape: style.shapeOf({ label }) })));
  let costs = [];

  const show = (prefix, [intercept, c1, c2]) => {
    $(`${prefix}-0`).textContent = format(intercept, 4);
    $(`${prefix}-1`).textContent = format(c1, 4);
    $(`${prefix}-2`).textContent = format(c2, 4);
  };

  return createLoop(panel, runner, {
    name: "logistic-cost",
    options: () => ({ lam: Number($("train-lam").value) }),
    begin({ X, y, x, y_range: yRange }, { lam }) {
      costs = [];
      chart.set([[], []]);
      plot.setExtents({ x, y: yRange }, { x: "x₁", y: "x₂" });
      plot.setPoints({ train: X.map(([a, b], i) => ({ x: a, y: b, label: y[i] })), test: [] }, style);
      for (const prefix of ["yours", "pyml"]) show(prefix, ["–", "–", "–"]);
      runner.runtime.train({ model: "LogisticRegression", params: { ...SETTINGS, l2: lam }, data: { X, y } }, { maxSteps: 400 })
        .then(async (training) => {
          const last = await training.finished;
          training.dispose();
          const theta = [last.view.intercept[0], ...last.view.coef[0]];
          show("pyml", theta);
          panel.dataset.pymlTheta = JSON.stringify(theta);
        })
        .catch(() => {}); // the runtime restarted meanwhile: nothing to compare with
    },
    frame(frame) {
      for (const step of frame.steps) costs.push(step.loss);
      chart.set([costs.map((_, i) => i + 1), costs.map((c) => (c > 0 ? c : null))]);
      if (frame.coef) {
        plot.drawGrid({ size: frame.grid.size, values: frame.grid.values }, { mode: "proba" });
        const theta = [frame.intercept, ...frame.coef];
        show("yours", theta);
        panel.dataset.theta = JSON.stringify(theta);
      }
      return `step ${costs.length}: J = ${format(costs[costs.length - 1], 5)}`;
    },
    batch: (iteration) => Math.min(20, 1 + Math.floor(iteration / 10)),
  });
}
