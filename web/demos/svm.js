// SVM: points placed by clicking, an SVC trained by SMO in Python, the boundary, margins and
// support vectors drawn by viz/svm.js from the "svm" view.

import { createPlot, pointStyle } from "../js/plot.js";
import { drawSVM } from "../js/viz/svm.js";
import { fillSelect, legend, startDemo } from "./demo.js";

const EXTENT = { x: [-7, 7], y: [-7, 7] };
const CS = [0.01, 0.1, 1, 10, 100];
const GAMMAS = [0.01, 0.03, 0.1, 0.3, 1, 3, 10];

const demo = startDemo({
  title: "Support vector machines",
  params: {
    kernel: { type: "enum", values: ["linear", "rbf", "poly"], default: "rbf" },
    C: { type: "number", default: 1, min: 1e-6, max: 1e6 },
    gamma: { type: "number", default: 0.1, min: 1e-6, max: 1e6 },
  },
});
const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
let points = []; // [{x, y, label}]
let start = [];
let placing = 0;
let training = null;
let view = null;

const plot = createPlot($("plot"), {
  onAdd(x, y) {
    points.push({ x, y, label: placing, added: true });
    retrain();
  },
  onRemove(p) {
    points = points.filter((q) => q !== p);
    retrain();
  },
});

async function main() {
  plot.setExtents(EXTENT, { x: "x₁", y: "x₂" });
  legend($("plot-legend"), [
    { label: "boundary f = 0", color: "#111", line: true },
    { label: "margins f = ±1", color: "#111", line: true, dash: [4, 3], width: 1.5 },
    { label: "support vector", ring: true },
  ]);
  fillSelect($("kernel"), ["linear", "rbf", "poly"], demo.params.kernel);
  fillSelect($("C"), CS.includes(demo.params.C) ? CS : [...CS, demo.params.C].sort((a, b) => a - b), demo.params.C);
  fillSelect($("gamma"), GAMMAS.includes(demo.params.gamma) ? GAMMAS : [...GAMMAS, demo.params.gamma].sort((a, b) => a - b), demo.params.gamma);
  for (const name of ["kernel", "C", "gamma"]) {
    $(name).addEventListener("change", () => {
      demo.params[name] = name === "kernel" ? $(name).value : Number($(name).value);
      demo.saveParams();
      retrain();
    });
  }
  for (const label of [0, 1]) {
    $(`class-${label}`).addEventListener("click", () => {
      placing = label;
      $("class-0").setAttribute("aria-pressed", String(label === 0));
      $("class-1").setAttribute("aria-pressed", String(label === 1));
    });
  }
  $("reset-points").addEventListener("click", () => {
    points = start.map((p) => ({ ...p }));
    retrain();
  });
  plot.setOverlayDraw((ctx, toPixel) => {
    if (view) drawSVM(ctx, view, toPixel, { extent: EXTENT, points: { X: points.map((p) => [p.x, p.y]) } });
  });
  await demo.ready;
  const { X, y } = await demo.data({ dataset: "circles", params: { n_samples: 40, noise: 0.08, random_state: 0 } });
  start = X.map(([a, b], i) => ({ x: a, y: b, label: y[i] }));
  points = start.map((p) => ({ ...p }));
  retrain();
}

async function retrain() {
  demo.drop("model");
  training = null;
  view = null;
  plot.setPoints({ train: points, test: [] }, pointStyle({ task: "classification", classes: [0, 1] }));
  const labels = new Set(points.map((p) => p.label));
  if (labels.size < 2) {
    plot.clearGrid();
    $("svm-state").textContent = "Place points of both classes.";
    return;
  }
  demo.root.dataset.state = "training";
  const { kernel, C, gamma } = demo.params;
  const mine = await demo.replace("model", {
    model: "SVC",
    params: { kernel, C, gamma, degree: 2, coef0: 1 },
    data: { X: points.map((p) => [p.x, p.y]), y: points.map((p) => p.label) },
    grid: { x: EXTENT.x, y: EXTENT.y, size: 60 },
  }, { maxMs: 30 });
  if (!mine) return; // newer points or settings came meanwhile
  training = mine;
  mine.addEventListener("frame", ({ detail: frame }) => {
    if (training !== mine || !frame.view) return;
    view = frame.view;
    if (frame.grid) plot.drawGrid(frame.grid, { mode: "class" });
    plot.render();
    const accuracy = frame.metrics?.train?.accuracy;
    $("svm-state").textContent = `${view.support.length} support vectors of ${points.length} points; ` +
      `${Math.round(100 * accuracy)}% of the points on the right side.` + (frame.done ? "" : " Training…");
    if (frame.done) {
      demo.result("support", String(view.support.length));
      demo.result("accuracy", String(accuracy));
      demo.result("points", String(points.length));
      demo.root.dataset.state = "done";
    }
  });
  mine.addEventListener("error", ({ detail }) => {
    $("svm-state").textContent = `${detail.name}: ${detail.message}`;
    demo.root.dataset.state = "error";
  });
}

main().catch((error) => {
  demo.status(`${error.name}: ${error.message}`, "error");
  demo.root.dataset.state = "error";
});
