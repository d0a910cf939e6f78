// "Train with my code" for gradient_step: the learner's function drives gradient descent on the
// housing data (size -> price), drawn live like the housing demo: the line h(x) on the houses
// and the cost after each step. pyml's LinearRegression trains on the same data with the same
// settings, so the learner sees whether their θ arrives where pyml's does.

import { format, legend } from "../demos/demo.js";
import { createLoop } from "./train-loop.js";
import { comparisonTable, createFigures } from "./train-panel.js";

const N_ITER = 1500; // as pyml.web.labs.exercises trains the learner's function
const TOL = 1e-6;

export function createTrainer(panel, runner) {
  const { $, plot, chart } = createFigures(panel, {
    landscape: true,
    planeCaption: "The 47 houses (size → price) and the line h(x) = θ₀ + θ₁·x your gradient_step has reached.",
    costCaption: "The cost J after each of your steps (log scale).",
    cost: { label: "cost J", yLabel: "cost J", logY: true },
    controls: `
      <label><span>Learning rate α</span>
        <select data-testid="train-alpha">${[0.01, 0.03, 0.1, 0.2, 0.25].map((a) => `<option${a === 0.1 ? " selected" : ""}>${a}</option>`).join("")}</select>
      </label>
      ${comparisonTable([["theta0", "θ₀"], ["theta1", "θ₁"], ["steps", "steps"]])}`,
  });
  legend($("train-legend"), [{ label: "a house", color: "#0072B2" }, { label: "your line h(x)", color: "#CC79A7", line: true }]);
  let costs = [];

  const loop = createLoop(panel, runner, {
    name: "gradient-descent",
    options: () => ({ learning_rate: Number($("train-alpha").value) }),
    begin({ X, y }, options) {
      costs = [];
      chart.set([[], []]);
      plot.setExtents({ x: [0, 5], y: [0, Math.max(...y) * 1.1] }, { x: "size (1000 sq ft)", y: "price ($1000s)" });
      plot.setPoints({ train: X.map((x, i) => ({ x, y: y[i], label: 0 })), test: [] }, { colorOf: () => "#0072B2" });
      plot.setCurve(null);
      for (const id of ["yours-theta0", "yours-theta1", "yours-steps", "pyml-theta0", "pyml-theta1", "pyml-steps"]) $(id).textContent = "–";
      pymlRun(runner, { X: X.map((x) => [x]), y }, options.learning_rate).then((model) => {
        if (!model) return;
        $("pyml-theta0").textContent = format(model.theta[0], 5);
        $("pyml-theta1").textContent = format(model.theta[1], 5);
        $("pyml-steps").textContent = String(model.iteration);
        panel.dataset.pymlTheta = JSON.stringify(model.theta);
      });
    },
    frame(frame) {
      for (const step of frame.steps) costs.push(step.loss);
      chart.set([costs.map((_, i) => i + 1), costs.map((c) => (c > 0 ? c : null))]);
      if (!frame.theta) return `step ${costs.length}`;
      const [t0, t1] = frame.theta;
      plot.setCurve({ xs: [0, 5], ys: [t0, t0 + 5 * t1] });
      $("yours-theta0").textContent = format(t0, 5);
      $("yours-theta1").textContent = format(t1, 5);
      $("yours-steps").textContent = String(costs.length);
      panel.dataset.theta = JSON.stringify(frame.theta);
      return `step ${costs.length}: J = ${format(costs[costs.length - 1])}`;
    },
    batch: (iteration) => Math.min(25, 1 + Math.floor(iteration / 8)), // slow at first, so the first steps show
  });
  return loop;
}

// pyml's own model on the same data: the reference the learner's line should reach.
async function pymlRun(runner, data, learningRate) {
  try {
    const training = await runner.runtime.train(
      { model: "LinearRegression", params: { solver: "gd", learning_rate: learningRate, n_iter: N_ITER, tol: TOL }, data },
      { maxSteps: 500 },
    );
    const last = await training.finished;
    training.dispose();
    return { theta: [last.view.intercept, last.view.coef[0]], iteration: last.iteration };
  } catch {
    return null; // diverged, or the runtime restarted meanwhile: nothing to compare with
  }
}
