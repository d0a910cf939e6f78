// Anomaly detection: pyml.web.labs.anomaly.AnomalyLab fits a GaussianAnomalyDetector to server data and
// chooses epsilon by F1 (in Python); the page draws the density's contours and the flagged points.

import { createPlot, shapePath } from "../js/plot.js";
import { strokeContour } from "../js/viz/contour.js";
import { format, latestOnly, legend, startDemo } from "./demo.js";

const demo = startDemo({
  title: "Anomaly detection",
  params: { multivariate: { type: "bool", default: true } },
});
const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
const plot = createPlot($("plot"));
let lab = null; // the summary from Python
let model = null; // the AnomalyLab it came from
let report = null; // precision, recall, f1, flagged for the current epsilon

async function main() {
  $("multivariate").checked = demo.params.multivariate;
  $("multivariate").addEventListener("change", () => {
    demo.params.multivariate = $("multivariate").checked;
    demo.saveParams();
    fit();
  });
  $("epsilon").addEventListener("input", () => threshold(Number($("epsilon").value)));
  $("best").addEventListener("click", () => {
    report = lab.chosen;
    $("epsilon").value = String(Math.log10(lab.chosen.epsilon));
    show();
  });
  plot.setOverlayDraw(drawOverlay);
  legend($("plot-legend"), [
    { label: "training server", color: "#666" },
    { label: "validation: normal", color: "#0072B2", hollow: true },
    { label: "validation: anomaly", color: "#D55E00", hollow: true, shape: "triangle" },
    { label: "flagged", ring: true },
    { label: "p(x) = ε", color: "#D55E00", line: true, width: 3 },
  ]);
  await demo.ready;
  fit();
}

async function fit() {
  demo.root.dataset.state = "training";
  const opened = await demo.lab("anomaly", { multivariate: demo.params.multivariate }, { key: "lab" });
  if (!opened) return; // the box was toggled again meanwhile: the newer lab draws
  const summary = await opened.call("summary");
  [model, lab] = [opened, summary];
  report = lab.chosen;
  plot.setExtents(lab.extent, { x: "latency (ms)", y: "throughput (Mb/s)" });
  const values = lab.grid.values;
  plot.drawGrid({ size: lab.grid.size, values }, { mode: "value", range: [Math.max(Math.min(...values), -12), Math.max(...values)] });
  const train = lab.X.map(([x, y]) => ({ x, y, label: -1 }));
  const test = lab.X_val.map(([x, y], i) => ({ x, y, label: lab.y_val[i] }));
  plot.setPoints({ train, test }, {
    showTest: true,
    colorOf: (p) => (p.label === -1 ? "#666" : p.label === 1 ? "#D55E00" : "#0072B2"),
    shapeOf: (p) => (p.label === 1 ? "triangle" : "circle"),
  });
  const log = Math.log10(lab.chosen.epsilon);
  $("epsilon").value = String(log);
  show();
  demo.result("f1", String(lab.chosen.f1));
  demo.result("flagged", String(lab.chosen.flagged.length));
  demo.result("anomalies", String(lab.y_val.filter((v) => v === 1).length));
  demo.root.dataset.state = "done";
}

const threshold = latestOnly(async (log) => {
  if (!model) return;
  report = await model.call("report", { epsilon: 10 ** log });
  show();
});

function show() {
  $("epsilon-value").textContent = format(Math.log10(report.epsilon));
  const chosen = report.epsilon === lab.chosen.epsilon;
  $("anomaly-state").innerHTML = `${chosen ? "The F1-chosen threshold" : "This threshold"} ε = ${format(report.epsilon)} flags ` +
    `<strong>${report.flagged.length}</strong> of ${lab.X_val.length} validation servers: precision ${format(report.precision)}, ` +
    `recall ${format(report.recall)}, <strong>F1 ${format(report.f1)}</strong>` +
    (report.flagged_train ? `; and ${report.flagged_train.length} training servers.` : `; and ${lab.flagged_train.length} training servers.`);
  plot.render();
}

function drawOverlay(ctx, toPixel) {
  if (!lab) return;
  const values = lab.grid.values;
  const top = Math.floor(Math.max(...values));
  ctx.lineWidth = 1;
  ctx.strokeStyle = "rgba(255, 255, 255, 0.8)";
  for (let level = top; level >= top - 8; level -= 1) strokeContour(ctx, values, lab.grid.size, lab.extent, level, toPixel);
  ctx.lineWidth = 3;
  ctx.strokeStyle = "#D55E00";
  strokeContour(ctx, values, lab.grid.size, lab.extent, Math.log10(report.epsilon), toPixel);
  const ring = (x, y) => {
    const [px, py] = toPixel(x, y);
    ctx.beginPath();
    shapePath(ctx, "circle", px, py, 9);
    ctx.lineWidth = 2;
    ctx.strokeStyle = "#000";
    ctx.stroke();
  };
  for (const i of report.flagged) ring(...lab.X_val[i]);
  for (const i of report.flagged_train || lab.flagged_train) ring(...lab.X[i]);
}

main().catch((error) => {
  demo.status(`${error.name}: ${error.message}`, "error");
  demo.root.dataset.state = "error";
});
