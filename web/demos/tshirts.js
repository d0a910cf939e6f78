// T-shirt sizes: logistic regression (softmax over S/M/L) on height and weight, with decision
// regions from the frame's grid, probabilities under the cursor, polynomial features and l2.

import { createPlot, pointStyle } from "../js/plot.js";
import { fillSelect, format, latestOnly, legend, lineChart, percent, startDemo } from "./demo.js";

const L2 = [0, 0.03, 0.1, 0.3, 1, 10, 100];
const FEATURES = { 1: ["x1", "x2"], 2: ["x1", "x2", "x1^2", "x2^2", "x1*x2"] };
const EXTENT = { x: [140, 200], y: [35, 115] };

const demo = startDemo({
  title: "T-shirt sizes: logistic regression",
  params: {
    degree: { type: "int", default: 1, min: 1, max: 2 },
    l2: { type: "number", default: 0, min: 0, max: 1000 },
  },
  tabs: [["regions", "Decision regions"], ["loss", "Loss curve"]],
});
const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
const plot = createPlot($("plot"));
const chart = lineChart($("loss-chart"), {
  series: [{ label: "training loss", stroke: "#0072B2" }, { label: "test loss", stroke: "#D55E00", dash: [6, 4] }],
  yLabel: "cross-entropy",
  height: 150,
});
let data = null;
let training = null;
let classes = ["L", "M", "S"];

async function main() {
  plot.setExtents(EXTENT, { x: "height (cm)", y: "weight (kg)" });
  $("degree").value = String(demo.params.degree);
  fillSelect($("l2"), L2.includes(demo.params.l2) ? L2 : [...L2, demo.params.l2].sort((a, b) => a - b), demo.params.l2);
  for (const name of ["degree", "l2"]) {
    $(name).addEventListener("change", () => {
      demo.params[name] = Number($(name).value);
      demo.saveParams();
      start();
    });
  }
  await demo.ready;
  const train = await demo.data({ dataset: "tshirts", params: { n_samples: 30, noise: 1.3, random_state: 0 } });
  const test = await demo.data({ dataset: "tshirts", params: { n_samples: 150, noise: 1.3, random_state: 1 } });
  data = { X: train.X, y: train.y, X_test: test.X, y_test: test.y };
  showPoints();
  showProba(null);
  $("plot").addEventListener("pointermove", (event) => hover(event));
  start();
}

function showPoints() {
  const toPoints = (X, y) => X.map(([a, b], i) => ({ x: a, y: b, label: y[i] }));
  const style = pointStyle({ task: "classification", classes });
  plot.setPoints({ train: toPoints(data.X, data.y), test: toPoints(data.X_test, data.y_test) }, { showTest: true, ...style });
  legend($("plot-legend"), [
    ...["S", "M", "L"].filter((c) => classes.includes(c)).map((c) => ({ label: c, color: style.colorOf({ label: c }), shape: style.shapeOf({ label: c }) })),
    { label: "training (filled)", color: "#777" },
    { label: "test (hollow)", color: "#777", hollow: true },
  ]);
}

async function start() {
  training = null; // no predictions from the old model while the new one opens
  const losses = { train: [], test: [] };
  demo.root.dataset.state = "training";
  const mine = await demo.replace("model", {
    model: "LogisticRegression",
    // L-BFGS reaches the cost's minimum, where the squared terms' weights really bend the
    // boundaries; plain gradient descent barely moves them in a thousand steps (they are nearly
    // parallel to the linear ones), so the lesson would not show. One step a frame: watch it.
    params: { solver: "lbfgs", n_iter: 300, normalize: true, l2: demo.params.l2 },
    data: { ...data, features: FEATURES[demo.params.degree] },
    grid: { x: EXTENT.x, y: EXTENT.y, size: 64 },
  }, { maxSteps: 1 });
  if (!mine) return; // a newer setting came meanwhile
  training = mine;
  classes = mine.info.classes;
  showPoints();
  mine.addEventListener("frame", ({ detail: frame }) => {
    if (training !== mine) return;
    for (const step of frame.steps) losses.train.push(step.loss);
    while (losses.test.length < losses.train.length - 1) losses.test.push(null);
    losses.test.push(frame.test_loss ?? null);
    chart.set([losses.train.map((_, i) => i + 1), losses.train, losses.test]);
    if (frame.grid) plot.drawGrid(frame.grid, { mode: "class" });
    const m = frame.metrics;
    if (m) {
      $("scores").innerHTML = `Iteration ${frame.iteration}: accuracy <strong>${format(100 * m.train.accuracy, 3)}%</strong> on the training people, ` +
        `<strong>${format(100 * m.test.accuracy, 3)}%</strong> on the test people.`;
    }
    if (frame.done) {
      demo.result("trainAccuracy", String(m.train.accuracy));
      demo.result("testAccuracy", String(m.test.accuracy));
      demo.root.dataset.state = "done";
    }
  });
  mine.addEventListener("error", ({ detail }) => demo.status(`${detail.name}: ${detail.message}`, "error"));
}

const hover = latestOnly(async (event) => {
  if (!training || !training.frame) return; // no prediction before the first training step
  const area = $("plot").querySelector(".plot-area").getBoundingClientRect();
  const u = (event.clientX - area.left) / area.width;
  const v = 1 - (event.clientY - area.top) / area.height;
  if (u < 0 || u > 1 || v < 0 || v > 1) return;
  const x = EXTENT.x[0] + u * (EXTENT.x[1] - EXTENT.x[0]);
  const y = EXTENT.y[0] + v * (EXTENT.y[1] - EXTENT.y[0]);
  const answer = await training.predict([[x, y]]);
  const proba = answer.proba[0];
  $("cursor").innerHTML = `At ${format(x)} cm, ${format(y)} kg the model says <strong>${answer.y[0]}</strong>.`;
  showProba(proba);
  demo.result("probaSum", String(proba.reduce((a, b) => a + b, 0)));
});

/** The probability of each size as bars (dashes before the first hover). */
function showProba(proba) {
  const order = ["S", "M", "L"].filter((c) => classes.includes(c));
  const best = proba ? Math.max(...proba) : null;
  $("proba").innerHTML = order.map((c) => {
    const p = proba ? proba[classes.indexOf(c)] : 0;
    return `<span>${c}</span><span class="bar${!proba ? " empty" : p === best ? " top" : ""}" style="width:${(100 * p).toFixed(1)}%"></span>` +
      `<span>${proba ? percent(p) : "–"}</span>`;
  }).join("");
}

main().catch((error) => {
  demo.status(`${error.name}: ${error.message}`, "error");
  demo.root.dataset.state = "error";
});
