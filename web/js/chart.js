// The loss chart: training and test loss over iterations, drawn with uPlot (vendored by build.py).
// Hovering reads the values in the legend. "Compare runs" keeps earlier runs' curves, labelled
// with what differed from the current settings. Above the y axis, what the loss measures (the
// bridge names it: "cross-entropy", "inertia", "weighted gini impurity", ...).

import uPlot from "../vendor/uplot/uPlot.esm.js";
import { classColor } from "./palette.js";

const MAX_POINTS = 2000; // per curve on screen; longer runs are drawn with a stride
const MAX_KEPT = 5;
const TITLE_HEIGHT = 18; // px: the line above the plot naming the loss
// Ticks on the iteration axis are whole iterations: steps of 1, 2, 5, 10, 20, 50, ... (uPlot's
// default steps include 0.5, which gave ticks at 1.5, 2.5, ... for a short run).
const ITERATION_STEPS = [];
for (let decade = 1; decade <= 1e9; decade *= 10) ITERATION_STEPS.push(decade, 2 * decade, 5 * decade);
const fmtIteration = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 }).format;

export function createLossChart(container, { describeDifference = () => "" } = {}) {
  container.classList.add("loss-chart");
  let current = emptyRun();
  let kept = []; // [{run, settings}]
  let runSettings = null; // what the current run trains with (a change during it shows "old→new")
  let currentSettings = null; // the page's settings now, which kept runs are labelled against
  let lossName = "loss";
  let heading = "loss"; // above the y axis: the loss name, or the model's longer description of it
  let plot = null;
  let iterationTicks = []; // where the iteration axis was last labelled
  let layoutKey = "";
  let width = 0;
  // The plot's height, from the container's (CSS min-height) before anything is drawn in it: the
  // legend below grows with kept runs and pushes what follows down instead of covering it.
  const plotHeight = Math.max(container.clientHeight - 60 - TITLE_HEIGHT, 100);
  let height = plotHeight;

  function emptyRun() {
    return { train: [], test: [] };
  }

  // Runs with a test curve: a loss without a test counterpart (a tree's impurity) gets no test entry.
  function hasTest() {
    return [current, ...kept.map((k) => k.run)].some((run) => run.test.some((v) => v != null));
  }

  function seriesSpec() {
    const test = hasTest();
    const series = [{ label: "iteration" }];
    series.push({ label: "train", stroke: "#0072B2", width: 2, value: fmt });
    series.push({ label: "test", stroke: "#D55E00", width: 2, dash: [6, 4], spanGaps: true, value: fmt, show: test });
    kept.forEach((k, i) => {
      const label = `run ${i + 1}${k.label ? ` (${k.label})` : ""}`;
      const color = classColor(i + 2);
      series.push({ label: `${label} train`, stroke: color, width: 1.5, alpha: 0.8, value: fmt });
      series.push({ label: `${label} test`, stroke: color, width: 1.5, dash: [6, 4], alpha: 0.8, spanGaps: true, value: fmt, show: test });
    });
    return series;
  }

  function build() {
    if (plot) plot.destroy();
    width = Math.max(container.clientWidth, 120);
    const small = "10px system-ui, sans-serif";
    const iterationValues = (u, ticks) => (iterationTicks = ticks).map(fmtIteration);
    plot = new uPlot({
      width,
      height,
      // What the y axis measures, written horizontally above it: a long name ("½ · mean squared
      // error") would not fit along a short vertical axis.
      title: `↑ ${heading}`,
      series: seriesSpec(),
      scales: { x: { time: false } },
      axes: width < 300
        ? [
          { size: 24, font: small, incrs: ITERATION_STEPS, values: iterationValues },
          { size: 42, font: small, values: (u, vals) => vals.map(fmtNumber) },
        ]
        : [
          { label: "iteration", labelSize: 18, size: 36, incrs: ITERATION_STEPS, values: iterationValues },
          { size: 56, values: (u, vals) => vals.map(fmtNumber) },
        ],
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
    }, data(), container);
    plot.root.setAttribute("aria-hidden", "true");
    const title = plot.root.querySelector(".u-title");
    if (title) {
      Object.assign(title.style, { font: width < 300 ? small : "600 13px system-ui, sans-serif", textAlign: "left",
        lineHeight: `${TITLE_HEIGHT}px`, height: `${TITLE_HEIGHT}px`, whiteSpace: "nowrap", overflow: "hidden",
        textOverflow: "ellipsis" });
      title.title = heading; // a narrow chart (an embed) cuts a long name with "…": the whole on hover
    }
    // A test curve hidden (show: false) stays out of the legend too.
    plot.root.querySelectorAll(".u-legend .u-series.u-off").forEach((row) => { row.style.display = "none"; });
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
    const key = [heading, hasTest(), ...kept.map((k) => k.label)].join("|");
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

  // Where the page hides uPlot's legend (the embed's side column), the chart is all plot and
  // follows the height its box is given as the scores above it grow; elsewhere its height stays
  // as set first, so that the legend below can grow (a box sized by its content would feed back).
  function fillsItsBox() {
    const legend = plot?.root.querySelector(".u-legend");
    return Boolean(legend) && getComputedStyle(legend).display === "none";
  }

  new ResizeObserver(() => {
    if (!plot) return;
    const wanted = fillsItsBox() ? Math.max(container.clientHeight - TITLE_HEIGHT, 40) : plotHeight;
    if (Math.abs(container.clientWidth - width) > 2 || Math.abs(wanted - height) > 2) {
      width = Math.max(container.clientWidth, 120);
      height = wanted;
      plot.setSize({ width, height });
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
        kept.push({ run: current, settings: runSettings, label: "" });
        kept = kept.slice(-MAX_KEPT);
      }
      current = emptyRun();
      runSettings = settings;
      currentSettings = settings;
      relabel();
      redraw();
    },
    /** What the loss measures (create's loss_name), and optionally a longer title saying more. */
    setLossName(name, longer = null) {
      lossName = name || "loss";
      heading = longer || lossName;
      container.setAttribute("aria-label", `${lossName} over iterations`); // the axis is drawn on a canvas
      redraw();
    },
    /**
     * A setting changed in the current run (a live change, or Train more's count): once it has
     * trained, the run's label keeps both values ("0.03→0.003"), else the new one replaces it.
     */
    changedDuringRun(settings, started) {
      const merged = { ...settings };
      for (const key of Object.keys(settings)) {
        const before = runSettings?.[key];
        if (started && before !== undefined && JSON.stringify(before) !== JSON.stringify(settings[key])) {
          merged[key] = `${show(before)}→${show(settings[key])}`;
        }
      }
      runSettings = merged;
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
    /** The iterations the x axis is labelled at (whole numbers). */
    iterationTicks() {
      return iterationTicks.slice();
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

function show(value) {
  if (Array.isArray(value)) return value.join(",");
  return typeof value === "number" ? fmtNumber(value) : String(value);
}
