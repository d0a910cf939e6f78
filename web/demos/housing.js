// Housing prices: gradient descent on J(θ0, θ1) with its path on the cost surface, the learning
// rate, then two features with and without normalization against the normal equation.

import { createPlot } from "../js/plot.js";
import { strokeContour } from "../js/viz/contour.js";
import { format, legend, lineChart, startDemo } from "./demo.js";

const ALPHAS = [0.003, 0.01, 0.03, 0.1, 0.15, 0.2, 0.21, 0.25];
const THETA0 = [-120, 220];
const THETA1 = [-20, 200];
const SURFACE = 70; // the cost grid's size
const N_ITER = 1500;

const demo = startDemo({
  title: "Housing prices: linear regression",
  params: { alpha: { type: "number", default: 0.1, min: 1e-6, max: 10 } },
  tabs: [["fit", "Line"], ["surface", "Cost surface"], ["cost", "Cost curve"], ["features", "Two features"]],
});
const $ = (id) => document.querySelector(`[data-testid="${id}"]`);

const scatter = createPlot($("scatter"));
const contour = createPlot($("contour"));
const costChart = lineChart($("cost-chart"), { series: [{ label: "cost J", stroke: "#0072B2" }], yLabel: "cost J", logY: true });
const raceChart = lineChart($("race-chart"), {
  series: [
    { label: "raw features", stroke: "#D55E00" },
    { label: "normalized", stroke: "#0072B2" },
  ],
  yLabel: "excess cost",
  logY: true,
});

let lab = null; // pyml.web.labs.housing
let data = null; // {X, y, surface, limits}
let exact = null; // the normal equation's [θ0, θ1]
let run = null; // the current gradient-descent run
let path = [];
let costs = [];

async function main() {
  await demo.ready;
  lab = await demo.lab("housing");
  data = await lab.call("one_feature", { theta0: THETA0, theta1: THETA1, size: SURFACE });
  const xs = data.X.map((row) => row[0]);
  scatter.setExtents({ x: [0, 5], y: [0, Math.max(...data.y) * 1.1] }, { x: "size (1000 sq ft)", y: "price ($1000s)" });
  scatter.setPoints({ train: xs.map((x, i) => ({ x, y: data.y[i], label: 0 })), test: [] }, { colorOf: () => "#0072B2" });
  contour.setExtents({ x: THETA0, y: THETA1 }, { x: "θ₀, the intercept ($1000s)", y: "θ₁, the slope ($ per sq ft)" });
  const lo = Math.min(...data.surface);
  const hi = Math.max(...data.surface);
  contour.drawGrid({ size: SURFACE, values: data.surface }, { mode: "value", range: [lo, hi] }); // darker = lower cost
  contour.setOverlayDraw(drawPath);
  legend($("scatter-legend"), [{ label: "a house", color: "#0072B2" }, { label: "the line h(x)", color: "#CC79A7", line: true }]);
  legend($("contour-legend"), [
    { label: "gradient descent", color: "#E69F00", line: true },
    { label: "minimum", color: "#fff", plus: true },
  ]);
  $("alpha-hint").innerHTML = `Diverges above α = ${format(data.limits.max_learning_rate)}` +
    `<span class="full-only"> (2 divided by the steepest curvature of the bowl)</span>.`;

  const normal = await demo.train({ model: "LinearRegression", params: { solver: "normal" }, data: { X: data.X, y: data.y } });
  const last = await normal.finished;
  exact = [last.view.intercept, last.view.coef[0]];
  $("ne-theta0").textContent = format(exact[0], 4);
  $("ne-theta1").textContent = format(exact[1], 4);
  normal.dispose();
  contour.render();

  setupSlider();
  startRun();
  startRace();
}

function drawPath(ctx, toPixel) {
  if (!data) return;
  ctx.lineWidth = 1;
  ctx.strokeStyle = "rgba(255, 255, 255, 0.75)";
  const { size } = { size: SURFACE };
  const lo = Math.min(...data.surface);
  for (let k = 1; k <= 14; k++) {
    strokeContour(ctx, data.surface, size, { x: THETA0, y: THETA1 }, lo + k * 0.35, (x, y) => toPixel(x, y));
  }
  if (exact) {
    const [px, py] = toPixel(exact[0], exact[1]);
    ctx.beginPath();
    ctx.moveTo(px - 7, py); ctx.lineTo(px + 7, py); ctx.moveTo(px, py - 7); ctx.lineTo(px, py + 7);
    for (const [width, color] of [[4.5, "#333"], [2.5, "#fff"]]) { // a dark halo: visible on any colour
      ctx.lineWidth = width;
      ctx.strokeStyle = color;
      ctx.stroke();
    }
  }
  if (path.length) {
    ctx.beginPath();
    path.forEach(([a, b], i) => {
      const [px, py] = toPixel(a, b);
      if (i === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
    });
    ctx.lineWidth = 2;
    ctx.strokeStyle = "#E69F00";
    ctx.stroke();
    const [a, b] = path[path.length - 1];
    const [px, py] = toPixel(a, b);
    ctx.beginPath();
    ctx.arc(px, py, 4.5, 0, 2 * Math.PI);
    ctx.fillStyle = "#E69F00";
    ctx.fill();
    ctx.strokeStyle = "#000";
    ctx.lineWidth = 1;
    ctx.stroke();
  }
}

function setupSlider() {
  const slider = $("alpha");
  const nearest = ALPHAS.reduce((best, a, i) => (Math.abs(Math.log(a / demo.params.alpha)) < Math.abs(Math.log(ALPHAS[best] / demo.params.alpha)) ? i : best), 0);
  if (!ALPHAS.includes(demo.params.alpha)) ALPHAS.splice(nearest, 0, demo.params.alpha); // a value from the URL
  slider.max = String(ALPHAS.length - 1);
  slider.value = String(ALPHAS.indexOf(demo.params.alpha));
  const show = () => {
    $("alpha-value").textContent = String(ALPHAS[Number(slider.value)]);
    slider.setAttribute("aria-valuetext", `α = ${ALPHAS[Number(slider.value)]}`);
  };
  show();
  slider.addEventListener("input", show);
  slider.addEventListener("change", () => {
    demo.params.alpha = ALPHAS[Number(slider.value)];
    demo.saveParams();
    startRun();
  });
  $("restart").addEventListener("click", startRun);
}

async function startRun() {
  run = null; // the old run's last frames must not draw (replace() below disposes it)
  path = [[0, 0]];
  costs = [];
  costChart.set([[], []]);
  demo.root.dataset.state = "training";
  delete demo.root.dataset.gdError;
  const alpha = demo.params.alpha;
  setState(`Gradient descent with α = ${alpha}…`);
  // One iteration per animation frame at first, so that the first steps of the path show.
  const training = await demo.replace(
    "gd",
    { model: "LinearRegression", params: { solver: "gd", learning_rate: alpha, n_iter: N_ITER, tol: 1e-6 }, data: { X: data.X, y: data.y } },
    { maxSteps: 1 },
  );
  if (!training) return; // a newer run started meanwhile
  run = training;
  training.addEventListener("frame", ({ detail: frame }) => {
    if (run !== training) return;
    training.limits.maxSteps = Math.min(25, 1 + Math.floor(frame.iteration / 8));
    for (const step of frame.steps) costs.push(step.loss);
    costChart.set([costs.map((_, i) => i + 1), costs.map((c) => (c > 0 ? c : null))]);
    if (!frame.view) return;
    const theta = [frame.view.intercept, frame.view.coef[0]];
    path.push(theta);
    showTheta(theta);
    contour.render();
    if (frame.done) finished(theta, frame.iteration);
    else setState(`Iteration ${frame.iteration}: J = ${format(frame.loss)}`);
  });
  training.addEventListener("error", ({ detail: error }) => {
    if (run !== training) return;
    setState(error.name === "DivergenceError" ? `Diverged: ${error.message}` : `${error.name}: ${error.message}`, "error");
    demo.root.dataset.state = "diverged";
  });
}

function showTheta([t0, t1]) {
  $("gd-theta0").textContent = format(t0, 4);
  $("gd-theta1").textContent = format(t1, 4);
  scatter.setCurve({ xs: [0, 5], ys: [t0, t0 + 5 * t1] });
}

function finished(theta, iterations) {
  const error = Math.max(...theta.map((t, i) => Math.abs(t - exact[i]) / Math.abs(exact[i])));
  demo.result("gdError", String(error));
  demo.root.dataset.state = "done";
  if (error < 0.01) {
    setState(`Converged in ${iterations} iterations (cost change under 10⁻⁶), ${format(100 * error, 2)}% from the normal equation.`, "ok");
  } else {
    setState(`Stopped after ${iterations} iterations, still ${format(100 * error, 2)}% away from the normal equation: too slow. Try a larger α.`, "warn");
  }
}

function setState(text, kind = "") {
  $("gd-state").textContent = text;
  $("gd-state").dataset.kind = kind;
}

// ---------------------------------------------------------------- two features: raw vs normalized

async function startRace() {
  const multi = await lab.call("two_features");
  const dataset = { X: multi.X, y: multi.y };
  const normal = await demo.train({ model: "LinearRegression", params: { solver: "normal" }, data: dataset });
  const best = await normal.finished;
  normal.dispose();
  const jMin = best.loss;
  show("exact", best.view);
  const curves = { raw: [], normalized: [] };
  const reached = {};
  const iterations = 1000;
  const runs = [
    ["raw", { normalize: false, learning_rate: 0.9 * multi.raw.max_learning_rate }],
    ["normalized", { normalize: true, learning_rate: 0.9 * multi.normalized.max_learning_rate }],
  ];
  await Promise.all(runs.map(async ([name, params]) => {
    const training = await demo.train(
      { model: "LinearRegression", params: { solver: "gd", n_iter: iterations, ...params }, data: dataset },
      { maxSteps: 20 },
    );
    training.addEventListener("frame", ({ detail: frame }) => {
      for (const step of frame.steps) {
        const excess = (step.loss - jMin) / jMin;
        curves[name].push(excess > 1e-9 ? excess : 1e-9);
        if (reached[name] === undefined && excess < 1e-3) reached[name] = step.iteration;
      }
      const n = Math.max(curves.raw.length, curves.normalized.length);
      raceChart.set([Array.from({ length: n }, (_, i) => i + 1), pad(curves.raw, n), pad(curves.normalized, n)]);
      if (frame.view) show(name === "raw" ? "raw" : "norm", frame.view);
      const rate = format(params.learning_rate);
      const text = reached[name] !== undefined
        ? `within 0.1% of the minimum cost after ${reached[name]} iterations`
        : `${format(100 * curves[name][curves[name].length - 1])}% above the minimum after ${frame.iteration} iterations`;
      $(name === "raw" ? "race-raw" : "race-normalized").innerHTML =
        `<strong>${name === "raw" ? "Raw features" : "Normalized features"}</strong> (α = ${rate}): ${text}.`;
      if (frame.done) {
        demo.result(name === "raw" ? "rawReached" : "normalizedReached", String(reached[name] ?? -1));
        if (name === "normalized") {
          const error = Math.max(...[0, 1, 2].map((i) => Math.abs(value(frame.view, i) - value(best.view, i)) / Math.abs(value(best.view, i))));
          demo.result("multiError", String(error));
        }
      }
    });
    await training.finished;
    training.dispose();
  }));
  demo.result("raceDone", "true");
}

function pad(values, n) {
  return values.length >= n ? values : values.concat(new Array(n - values.length).fill(null));
}

function value(view, i) {
  return i === 0 ? view.intercept : view.coef[i - 1];
}

function show(prefix, view) {
  for (let i = 0; i < 3; i++) $(`${prefix}-${i}`).textContent = format(value(view, i), 4);
}

main().catch((error) => {
  demo.status(`${error.name}: ${error.message}`, "error");
  demo.root.dataset.state = "error";
});
