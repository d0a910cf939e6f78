// What the main plot shows of the data and the model: the points coloured by class (or target),
// and each frame's grid as a heatmap over the plane, or for one input column the fitted curve.

import { pointStyle } from "./plot.js";
import { labelsOf } from "./data.js";
import { MODELS } from "./models.js";

const NO_CLUSTER = 7; // the palette's black: a point no cluster holds yet

export function createPlotLayers({ app, plot, dataTask }) {
  /** The targets' range over training and test data ([0, 1] without numeric targets). */
  function valueRange() {
    const ys = app.base ? [...app.base.y, ...(app.base.y_test || [])].filter((v) => typeof v === "number") : [];
    return ys.length ? [Math.min(...ys), Math.max(...ys)] : [0, 1];
  }

  /** How the points are coloured: by class, by target value, or all alike (a 1-D curve's data). */
  function pointColouring() {
    const task = dataTask();
    const clusters = app.frame?.view?.kind === "kmeans" ? app.frame.view.labels : null;
    if (MODELS[app.state.model].family === "kmeans") return clusterColouring(clusters && toFloat32(clusters));
    if (task === "regression") {
      if (app.base && app.base.dims === 1) return { task: "classification", classes: [], clusterOf: () => 1, shape: "circle" };
      return { task: "regression", valueRange: valueRange() };
    }
    const classes = task === "classification" ? (app.classes && app.task === "classification" ? app.classes : labelsOf(app.data.y)) : [];
    return { task: "classification", classes };
  }

  // k-means: each training point in its cluster's colour and shape (the data's own classes are
  // not what k-means sees); before the first step, and the test points, all alike.
  function clusterColouring(labels) {
    const position = new Map(app.data.train.map((p, i) => [p, i]));
    const k = labels ? app.frame.view.n_clusters : 0;
    return {
      task: "classification",
      classes: Array.from({ length: k }, (_, i) => i),
      clusterOf: (p) => (labels && position.has(p) ? labels[position.get(p)] : NO_CLUSTER),
      shape: labels ? undefined : "circle",
      clusters: true,
    };
  }

  function drawPoints() {
    if (!plot || !app.data) return;
    plot.setPoints({ train: app.data.train, test: app.data.test }, { showTest: app.state.showTest, ...pointStyle(pointColouring()) });
  }

  function gridMode() {
    const task = app.task;
    if (task === "classification") return (app.classes || []).length <= 2 ? "proba" : "class";
    if (task === "regression") return "value";
    if (MODELS[app.state.model].tasks.anomaly) return "density";
    return "class";
  }

  /** The frame's grid: a heatmap over the plane, or for one input column the fitted curve. */
  function drawGrid(grid) {
    if (!plot) return;
    const values = toFloat32(grid.values);
    if (values.length === grid.size) {
      if (app.task !== "regression") return;
      const [x0, x1] = app.extents.x;
      const xs = Array.from({ length: grid.size }, (_, i) => x0 + ((x1 - x0) * i) / (grid.size - 1)); // np.linspace
      plot.setCurve({ xs, ys: values });
      return;
    }
    const mode = gridMode();
    const range = mode === "density" ? densityRange(values, app.frame?.view?.epsilon) : valueRange();
    plot.drawGrid({ size: grid.size, values }, { mode, discretize: app.state.discretize, range });
  }

  return { valueRange, pointColouring, drawPoints, drawGrid };
}

// log p(x) from the threshold log ε (the lowest value, without ε) to the highest on the plot.
function densityRange(values, epsilon) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v > -Infinity && v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [epsilon > 0 ? Math.log(epsilon) : lo, hi];
}

/** A grid's values as a Float32Array (the bridge sends float32 bytes; tests may send lists). */
export function toFloat32(values) {
  if (values instanceof Float32Array) return values;
  if (values instanceof ArrayBuffer) return new Float32Array(values);
  if (ArrayBuffer.isView(values)) return new Float32Array(values.buffer, values.byteOffset, values.byteLength / 4);
  return Float32Array.from(values);
}
