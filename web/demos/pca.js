// PCA on the digits: pyml.web.labs.pca.DigitsPCALab fits pyml.PCA in Python; the page draws the 2-D
// projection, the cumulative explained variance, and reconstructions it asks Python for.

import { createPlot } from "../js/plot.js";
import { digitStyle, format, latestOnly, legend, lineChart, startDemo } from "./demo.js";

const demo = startDemo({
  title: "PCA on handwritten digits",
  params: {
    k: { type: "int", default: 10, min: 0, max: 64 },
    digit: { type: "int", default: 0, min: 0, max: 1796 },
  },
  tabs: [["map", "2-D map"], ["variance", "Variance kept"]],
});
const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
let lab = null; // pyml.web.labs.pca.DigitsPCALab
let summary = null;
const plot = createPlot($("plot"), { onAdd: (x, y) => pick(x, y) });
const chart = lineChart($("variance-chart"), {
  series: [{ label: "variance kept", stroke: "#0072B2" }],
  xLabel: "components k",
  yLabel: "variance kept",
  height: 150,
});

async function main() {
  $("k").value = String(demo.params.k);
  $("k").addEventListener("input", () => {
    demo.params.k = Number($("k").value);
    rebuild();
  });
  $("k").addEventListener("change", () => demo.saveParams());
  await demo.ready;
  demo.root.dataset.state = "training";
  lab = await demo.lab("digits_pca");
  summary = await lab.call("summary");
  const xs = summary.projection.map((p) => p[0]);
  const ys = summary.projection.map((p) => p[1]);
  const pad = (lo, hi) => [lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo)];
  plot.setExtents({ x: pad(Math.min(...xs), Math.max(...xs)), y: pad(Math.min(...ys), Math.max(...ys)) },
    { x: "first principal coordinate z₁", y: "second coordinate z₂" });
  plot.setPoints({ train: summary.projection.map(([x, y], i) => ({ x, y, label: summary.y[i] })), test: [] },
    { colorOf: (p) => digitStyle(p.label).color, shapeOf: (p) => digitStyle(p.label).shape });
  legend($("plot-legend"), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => ({ label: String(d), ...digitStyle(d) })));
  chart.set([[0, ...summary.cumulative.map((_, i) => i + 1)], [0, ...summary.cumulative]]);
  demo.result("variance2", String(summary.cumulative[1]));
  demo.result("variance64", String(summary.cumulative[63]));
  await rebuild();
  demo.root.dataset.state = "done";
}

function pick(x, y) {
  if (!summary) return;
  let best = 0;
  let bestD = Infinity;
  summary.projection.forEach(([a, b], i) => {
    const d = (a - x) ** 2 + (b - y) ** 2;
    if (d < bestD) { bestD = d; best = i; }
  });
  demo.params.digit = best;
  demo.saveParams();
  rebuild();
}

const rebuild = latestOnly(async () => {
  const k = demo.params.k;
  $("k-value").textContent = String(k);
  if (!lab) return; // the lab is still opening: main() rebuilds once it is there
  const r = await lab.call("reconstruction", { index: demo.params.digit, n_components: k });
  paint($("original"), r.original);
  paint($("rebuilt"), r.reconstruction);
  $("pca-state").innerHTML = `Digit #${r.index} (a ${r.label}) from <strong>${k}</strong> of 64 numbers: ` +
    `${format(100 * r.variance_kept, 3)}% of the variance kept; typical pixel error ${format(r.error)} (on 0..16).`;
  demo.result("error", String(r.error));
  demo.result("k", String(k));
});

function paint(canvas, values) {
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(8, 8);
  values.forEach((v, i) => {
    const g = Math.round(255 * (1 - Math.min(Math.max(v / 16, 0), 1)));
    image.data.set([g, g, g, 255], i * 4);
  });
  ctx.putImageData(image, 0, 0);
}

main().catch((error) => {
  demo.status(`${error.name}: ${error.message}`, "error");
  demo.root.dataset.state = "error";
});
