// The page's data: made by pyml in the worker (the `data` call: the generator and split the
// Python panel's program writes, so the page and the program agree; tests/test_codegen.py
// checks it), then edited by clicks (points added, training points removed) without a round
// trip. CSV text goes through pyml.datasets.load_csv too, so a bad row gets pyml's message and
// the data already shown is kept.

import { DATASETS, columnNames } from "./datasets.js";
import { dataSettings } from "./state.js";

/** The part of the state that decides the generated (unedited) data. */
export function baseKey(state) {
  const { dataset, noise, n, test, seed, classes, csv, target } = state;
  return JSON.stringify(dataset === "csv" ? { dataset, test, seed, csv, target } : { dataset, noise, n, test, seed, classes });
}

/**
 * The `data` call's payload for the data before the plot's edits (which the page applies
 * itself): the pyml.datasets generator (or the CSV text) and the train/test split.
 */
export function dataRequest(state) {
  const split = state.test > 0 ? { test_size: state.test / 100, random_state: state.seed } : {};
  if (state.dataset === "csv") {
    return { dataset: "csv", csv: state.csv.replace(/\r\n?/g, "\n").trim(), target: state.target, ...split };
  }
  const info = DATASETS[state.dataset];
  const { noise, n } = dataSettings(state);
  const params = { n_samples: n, noise, random_state: state.seed };
  if (info.classesParam && state.classes !== 2) params[info.classesParam] = state.classes;
  return { dataset: state.dataset, params, ...split };
}

/** runtime: the Runtime (runtime.js) whose `data` call makes the data. */
export function createDataStore(runtime) {
  let base = null;
  let key = null;

  /** Make the base data for `state` (cached); throws pyml's error for bad data. */
  async function load(state) {
    const k = baseKey(state);
    if (k === key && base) return base;
    base = baseOf(await runtime.call("data", dataRequest(state)), state);
    key = k;
    return base;
  }

  return {
    load,
    get base() {
      return base;
    },
    /** Forget the cache (the next load regenerates). */
    invalidate() {
      key = null;
    },
  };
}

/** The base data from the data program's JSON output {X, y, X_test, y_test, columns}. */
export function baseOf(parsed, state) {
  const dims = parsed.X.length ? parsed.X[0].length : 2;
  return {
    X: parsed.X, y: parsed.y, X_test: parsed.X_test, y_test: parsed.y_test,
    dims,
    columns: parsed.columns ? [...parsed.columns, targetName(state)] : columnNames(state.dataset, dims),
    task: state.dataset === "csv" ? guessTask(parsed.y) : DATASETS[state.dataset].task,
  };
}

function targetName(state) {
  const header = state.csv.replace(/\r/g, "").split("\n")[0].split(",").map((s) => s.trim());
  const numeric = header.every((c) => c !== "" && Number.isFinite(Number(c)));
  const index = state.target < 0 ? header.length + state.target : state.target;
  return numeric ? `column ${index + 1}` : header[index] || "y";
}

/** A CSV target is a class when every value is a whole number and there are few of them. */
export function guessTask(y) {
  if (!y || !y.length) return "regression";
  if (y.some((v) => typeof v !== "number")) return "classification";
  const distinct = new Set(y);
  return y.every(Number.isInteger) && distinct.size <= 10 ? "classification" : "regression";
}

/** The data with the state's edits applied: training rows removed, then clicked points added. */
export function editedData(base, state) {
  const removed = new Set(state.removed);
  const train = [];
  base.X.forEach((x, i) => {
    if (!removed.has(i)) train.push({ x: x[0], y: base.dims === 1 ? base.y[i] : x[1], row: x, label: base.y[i], index: i });
  });
  state.added.forEach((p, i) => {
    const row = base.dims === 1 ? [p[0]] : [p[0], p[1]];
    train.push({ x: p[0], y: p[1], row, label: p[2], added: true, index: i });
  });
  const test = (base.X_test || []).map((x, i) => ({ x: x[0], y: base.dims === 1 ? base.y_test[i] : x[1], row: x, label: base.y_test[i], index: i }));
  return {
    train,
    test,
    X: train.map((p) => p.row),
    y: train.map((p) => p.label),
    X_test: base.X_test ? test.map((p) => p.row) : null,
    y_test: base.X_test ? test.map((p) => p.label) : null,
  };
}

/** Sorted distinct labels, in numpy's order (numbers ascending, strings by code point). */
export function labelsOf(values) {
  const distinct = [...new Set(values.map((v) => (typeof v === "number" ? `n${v}` : `s${v}`)))].map((k) => (k[0] === "n" ? Number(k.slice(1)) : k.slice(1)));
  if (distinct.every((v) => typeof v === "number")) return distinct.sort((a, b) => a - b);
  return distinct.map(String).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The data as CSV text: feature columns then the target, training rows then test rows. */
export function toCSV(data, columns) {
  const lines = [columns.join(",")];
  for (const part of [data.train, data.test]) for (const p of part) lines.push([...p.row, p.label].join(","));
  return `${lines.join("\n")}\n`;
}

/** Column names of a CSV's first line, for the target picker ("column k" when it is numeric). */
export function csvColumns(text) {
  const first = (text || "").replace(/\r/g, "").split("\n").find((line) => line.trim() !== "");
  if (!first) return [];
  const cells = first.split(",").map((s) => s.trim());
  const numeric = cells.every((c) => c !== "" && Number.isFinite(Number(c)));
  return cells.map((c, i) => (numeric ? `column ${i + 1}` : c || `column ${i + 1}`));
}

/** The plot's data rectangle: the data's bounding box with a margin. */
export function extentsOf(data, dims) {
  const xs = [...data.train, ...data.test].map((p) => p.x);
  const ys = [...data.train, ...data.test].map((p) => p.y);
  const pad = (lo, hi) => {
    if (!(hi > lo)) return [lo - 1, hi + 1];
    const m = (hi - lo) * 0.08;
    return [lo - m, hi + m];
  };
  if (!xs.length) return { x: [-1, 1], y: [-1, 1] };
  return { x: pad(Math.min(...xs), Math.max(...xs)), y: pad(Math.min(...ys), Math.max(...ys)), dims };
}

/** The `data` of a create call: the edited training rows, the test rows, the feature names. */
export function sessionDataOf(data, features, supervised = true) {
  const out = { X: data.X };
  if (supervised) out.y = data.y;
  if (data.X_test && data.X_test.length) {
    out.X_test = data.X_test;
    if (supervised) out.y_test = data.y_test;
  }
  if (features) out.features = features;
  return out;
}
