// The "Python" panel's program: the short pyml script that reproduces the current experiment in
// CPython (data, model, training, prediction). It is a pure function of the state; the page
// makes its data with the same generator and split (data.js's dataRequest), and
// tests/test_codegen.py runs the whole program and compares it with what the page computes.

import { DATASETS } from "./datasets.js";
import { dataSettings } from "./state.js";
import { FEATURES, featurePython, featuresFor, plainFeatures } from "./features.js";
import { MODELS, constructorParams, modelClass, modelTask } from "./models.js";

/** A Python literal for a JSON-like value; strings go through JSON escaping, which Python reads. */
export function pyLiteral(value) {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} in Python`);
    return String(value);
  }
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pyLiteral).join(", ")}]`;
  throw new Error(`cannot write a ${typeof value} in Python`);
}

function pyTuple(values) {
  if (values.length === 1) return `(${pyLiteral(values[0])},)`;
  return `(${values.map(pyLiteral).join(", ")})`;
}

function kwargs(params) {
  return Object.entries(params).map(([k, v]) => `${k}=${Array.isArray(v) ? pyTuple(v) : pyLiteral(v)}`);
}

// The program keeps to 88 characters a line (black's and ruff's width), CSV rows aside.
const WIDTH = 88;

/** `head(arg, ...)tail` on one line, or with one argument a line when it would be too long. */
function call(head, args, tail = "", indent = "") {
  const line = `${indent}${head}(${args.join(", ")})${tail}`;
  if (line.length <= WIDTH) return [line];
  return [`${indent}${head}(`, ...args.map((a) => `${indent}    ${a},`), `${indent})${tail}`];
}

// Only plain CSV text is shown inside triple quotes; anything else is written as an escaped string.
const PLAIN_CSV = /^[A-Za-z0-9_ .,;:+\-\r\n]*$/;

/** The task of the data: "classification" or "regression" (CSV: chosen or guessed). */
export function dataTask(state, csvInfo) {
  if (state.dataset !== "csv") return DATASETS[state.dataset].task;
  if (state.csvTask !== "auto") return state.csvTask;
  return csvInfo?.task || "regression";
}

/** How many raw input columns the data has (CSV: known once loaded). */
export function dataDims(state, csvInfo) {
  if (state.dataset !== "csv") return DATASETS[state.dataset].dims;
  return csvInfo?.dims ?? 2;
}

/** The feature names the model is trained on, in canonical order; null when the raw columns are used. */
export function modelFeatures(state, csvInfo) {
  const dims = dataDims(state, csvInfo);
  if (!MODELS[state.model].usesFeatures || dims > 2) return null;
  const allowed = featuresFor(dims);
  const chosen = FEATURES.filter((f) => state.features.includes(f) && allowed.includes(f));
  const plain = plainFeatures(dims);
  if (chosen.length === 0 || JSON.stringify(chosen) === JSON.stringify(plain)) return null;
  return chosen;
}

/** The data section: defines X_train, y_train and, with a test part, X_test, y_test. */
export function dataCode(state, csvInfo) {
  const lines = [];
  const seed = state.seed;
  const testFraction = state.test / 100;
  if (state.dataset === "csv") {
    const text = state.csv.replace(/\r\n?/g, "\n").trim();
    const literal = PLAIN_CSV.test(text) && !text.includes('"""') ? `"""\\\n${text}\n"""` : pyLiteral(text);
    lines.push("# The data: your CSV table (the target is the column chosen on the page).");
    lines.push(`CSV = ${literal}`);
    lines.push(`X, y, columns = datasets.load_csv(CSV, target=${state.target})`);
  } else {
    const info = DATASETS[state.dataset];
    const { noise, n } = dataSettings(state);
    const extra = info.classesParam && state.classes !== 2 ? `, ${info.classesParam}=${state.classes}` : "";
    lines.push(`# The data: ${n} samples of the ${info.label.split(" (")[0].toLowerCase()} set${state.test ? `, ${state.test}% kept aside to test on` : ""}.`);
    lines.push(...call(`X, y = datasets.${state.dataset}`, [`n_samples=${n}`, `noise=${pyLiteral(noise)}`, `random_state=${seed}${extra}`]));
  }
  if (state.test > 0) {
    lines.push(...call("X_train, X_test, y_train, y_test = train_test_split", ["X", "y", `test_size=${pyLiteral(testFraction)}`, `random_state=${seed}`]));
  } else {
    lines.push("X_train, y_train = X, y");
  }
  if (state.removed.length) {
    lines.push("# Training points removed on the plot.");
    lines.push(...call("keep = np.setdiff1d", ["np.arange(len(X_train))", pyLiteral(state.removed)]));
    lines.push("X_train, y_train = X_train[keep], y_train[keep]");
  }
  if (state.added.length) {
    const dims = dataDims(state, csvInfo);
    const rows = state.added.map((p) => (dims === 1 ? [p[0]] : [p[0], p[1]]));
    lines.push("# Points added by clicking on the plot.");
    lines.push(...call("added = np.array", [`[${rows.map(pyLiteral).join(", ")}]`]));
    lines.push(...call("added_y = np.array", [pyLiteral(state.added.map((p) => p[2]))]));
    lines.push("X_train = np.vstack([X_train, added])");
    lines.push("y_train = np.concatenate([y_train, added_y])");
  }
  return lines;
}

// What the program prints about an unsupervised model.
const UNSUPERVISED_REPORT = {
  clustering: () => ["print(\"centroids:\", model.cluster_centers_)", "print(\"inertia J: %.4g\" % model.inertia_)"],
  decomposition: () => ["print(\"explained variance ratio:\", model.explained_variance_ratio_)"],
  anomaly: (f) => [
    `flagged = int(model.predict(${f("X_train")}).sum())`,
    'print("anomalies among the training points:", flagged)',
  ],
};

/** The imports `body` (the program's lines after them) uses: none it does not. */
function importLines(body) {
  const text = body.join("\n");
  const uses = (name) => new RegExp(`\\b${name}\\b`).test(text);
  const lines = [];
  if (uses("json")) lines.push("import json", "");
  if (uses("np")) lines.push("import numpy as np", "");
  if (uses("pyml")) lines.push("import pyml");
  if (uses("datasets")) lines.push("from pyml import datasets");
  if (uses("train_test_split")) lines.push("from pyml.model_selection import train_test_split");
  return lines;
}

/**
 * What the page sends to `create` besides the data: the pyml class, its keywords, the task
 * it performs and the input features. The page and the generated program both use this.
 */
export function sessionConfig(state, csvInfo) {
  const task = dataTask(state, csvInfo);
  return {
    model: modelClass(state.model, task),
    task: modelTask(state.model, task),
    params: constructorParams(state.model, state.params, state.seed, task),
    features: modelFeatures(state, csvInfo),
  };
}

/**
 * The whole program for the current experiment.
 * `options.predict`: rows [[x1, x2], ...] to predict at the end (default: two sample points).
 */
export function generateCode(state, csvInfo, options = {}) {
  const { model: cls, task: doing, params, features } = sessionConfig(state, csvInfo);
  const lines = [...dataCode(state, csvInfo), ""];
  const f = features ? (x) => `features(${x})` : (x) => x;
  if (features) {
    const uses = ["x1", "x2"].filter((v) => features.some((name) => name.includes(v)));
    lines.push(
      "",
      "def features(X):",
      `    """The inputs the model sees: ${features.join(", ")}."""`,
      `    ${uses.join(", ")} = ${uses.length === 1 ? "X[:, 0]" : "X[:, 0], X[:, 1]"}`,
      ...call("return np.column_stack", [`[${features.map(featurePython).join(", ")}]`], "", "    "),
      "",
      "",
    );
  }
  const supervised = doing === "classification" || doing === "regression";
  lines.push("# The model, trained on the training part.");
  lines.push(...call(`model = pyml.${cls}`, kwargs(params)));
  lines.push(`model.fit(${f("X_train")}${supervised ? ", y_train" : ""})`);
  lines.push("");
  lines.push("# How well it does.");
  const parts = state.test > 0 ? [["train", "X_train", "y_train"], ["test", "X_test", "y_test"]] : [["train", "X_train", "y_train"]];
  if (doing === "classification") {
    for (const [name, X, y] of parts) lines.push(`print("${name} accuracy: %.3f" % model.score(${f(X)}, ${y}))`);
    const [, X, y] = parts[parts.length - 1];
    lines.push(`print(pyml.metrics.confusion_matrix(${y}, model.predict(${f(X)})))`);
  } else if (doing === "regression") {
    for (const [name, X, y] of parts) {
      lines.push(`rmse = pyml.metrics.root_mean_squared_error(${y}, model.predict(${f(X)}))`);
      lines.push(`print("${name} RMSE: %.4g, R²: %.3f" % (rmse, model.score(${f(X)}, ${y})))`);
    }
  } else {
    lines.push(...(UNSUPERVISED_REPORT[doing] || (() => ["print(model)"]))(f));
  }
  lines.push("");
  if (options.predict) {
    lines.push("# Predictions for new points.");
    lines.push(...call("X_new = np.array", [pyLiteral(options.predict.map((r) => r.map(Number))), "dtype=float"]));
  } else {
    const part = state.test > 0 ? "test" : "training";
    lines.push(`# Predictions for new points: here the first ${part} points; any rows with the`);
    lines.push("# same columns work.");
    lines.push(`X_new = ${state.test > 0 ? "X_test" : "X_train"}[:5]`);
  }
  const method = doing === "decomposition" ? "transform" : "predict";
  lines.push(`print(model.${method}(${f("X_new")}))`);
  lines.push("");
  const about = `${MODELS[state.model].label} (pyml.${cls}) on the ${state.dataset === "csv" ? "CSV" : state.dataset} data.`;
  return [
    '"""The playground experiment in Python:',
    about.length <= WIDTH ? about : `${MODELS[state.model].label}, pyml.${cls}.`,
    "",
    "First install pyml: pip install the pyml-playground wheel the playground links.",
    '"""',
    ...importLines(lines),
    "",
    ...lines,
  ].join("\n");
}
