// The loss chart: training and test loss over iterations, drawn with uPlot (vendored by build.py).
// Hovering reads the values in the legend. "Compare runs" keeps earlier runs' curves, labelled
// with what differed from the current settings.

import uPlot from "../vendor/uplot/uPlot.esm.js";
import { classColor } from "./palette.js";

const MAX_POINTS = 2000; // per curve on screen; longer runs are drawn with a stride
const MAX_KEPT = 5;

export function createLossChart(container, { describeDifference = () => "" } = {}) {
  container.classList.add("loss-chart");
  let current = emptyRun();
  let kept = []; // [{run, settings}]
  let currentSettings = null;
  let plot = null;
  let layoutKey = "";
  let width = 0;

  function emptyRun() {
    return { train: [], test: [] };
  }

  function seriesSpec() {
    const series = [{ label: "iteration" }];
    series.push({ label: "train loss", stroke: "#0072B2", width: 2, value: fmt });
    series.push({ label: "test loss", stroke: "#D55E00", width: 2, dash: [6, 4], spanGaps: true, value: fmt });
    kept.forEach((k, i) => {
      const label = `run ${i + 1}${k.label ? ` (${k.label})` : ""}`;
      const color = classColor(i + 2);
      series.push({ label: `${label} train`, stroke: color, width: 1.5, alpha: 0.8, value: fmt });
      series.push({ label: `${label} test`, stroke: color, width: 1.5, dash: [6, 4], alpha: 0.8, spanGaps: true, value: fmt });
    });
    return series;
  }

  function build() {
    if (plot) plot.destroy();
    width = Math.max(container.clientWidth, 120);
    plot = new uPlot({
      width,
      height: Math.max(container.clientHeight - 60, 120),
      series: seriesSpec(),
      scales: { x: { time: false } },
      axes: width < 300
        ? [
          { size: 24, font: "10px system-ui, sans-serif", values: (u, vals) => vals.map(fmtNumber) },
          { size: 42, font: "10px system-ui, sans-serif", values: (u, vals) => vals.map(fmtNumber) },
        ]
        : [
          { label: "iteration", labelSize: 18, size: 36 },
          { label: "loss", labelSize: 18, size: 56, values: (u, vals) => vals.map(fmtNumber) },
        ],
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
    }, data(), container);
    plot.root.setAttribute("aria-hidden", "true");
  }

  function data() {
    const runs = [current, ...kept.map((k) => k.run)];
    const n = Math.max(1, ...runs.map((r) => r.train.length));
    const stride = Math.max(1, Math.ceil(n / MAX_POINTS));
    const xs = [];
    for (let i = 0; i < n; i += stride) xs.push(i + 1);
    if (xs[xs.length - 1] !== n) xs.push(n);
    const pick = (arr) => xs.map((x) => (x - 1 < arr.length && arr[x - 1] != null ? arr[x - 1] : null));
    const out = [xs];
    for (const run of runs) out.push(pick(run.train), pick(run.test));
    return out;
  }

  function redraw() {
    const key = kept.map((k) => k.label).join("|");
    if (!plot || key !== layoutKey) {
      layoutKey = key;
      build();
    } else {
      plot.setData(data());
    }
  }

  function relabel() {
    for (const k of kept) k.label = describeDifference(k.settings, currentSettings);
  }

  new ResizeObserver(() => {
    if (plot && Math.abs(container.clientWidth - width) > 2) {
      width = Math.max(container.clientWidth, 120);
      plot.setSize({ width, height: Math.max(container.clientHeight - 60, 120) });
    }
  }).observe(container);

  return {
    /** Add a frame's steps: [{iteration, loss}], with the test loss at the last one. */
    addFrame(frame) {
      for (const step of frame.steps || []) {
        if (step.loss != null && Number.isFinite(step.loss)) current.train[step.iteration - 1] = step.loss;
      }
      if (frame.test_loss != null && frame.iteration > 0) current.test[frame.iteration - 1] = frame.test_loss;
      redraw();
    },
    /** Start a new run; with `keep`, the finished one stays on the chart for comparison. */
    newRun(settings, { keep = false } = {}) {
      if (keep && current.train.some((v) => v != null)) {
        kept.push({ run: current, settings: currentSettings, label: "" });
        kept = kept.slice(-MAX_KEPT);
      }
      current = emptyRun();
      currentSettings = settings;
      relabel();
      redraw();
    },
    /** The settings changed (without a new run yet): refresh the labels of kept runs. */
    setSettings(settings) {
      currentSettings = settings;
      relabel();
      redraw();
    },
    clearKept() {
      kept = [];
      redraw();
    },
    /** The current run's training losses, in order (for tests and readouts). */
    currentTrain() {
      return current.train.filter((v) => v != null);
    },
    get keptCount() {
      return kept.length;
    },
    latest() {
      const last = (arr) => {
        for (let i = arr.length - 1; i >= 0; i--) if (arr[i] != null) return arr[i];
        return null;
      };
      return { train: last(current.train), test: last(current.test) };
    },
  };
}

function fmt(u, v) {
  return fmtNumber(v);
}

export function fmtNumber(v) {
  if (v == null || !Number.isFinite(v)) return "–";
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}
