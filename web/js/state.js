// The experiment's state and its URL form. One table of {name, type, default} drives both reading
// and writing, as in TensorFlow Playground's state.ts. Parsing never evaluates anything: every
// value is checked against its type and range, and an unknown or invalid one is ignored with a
// notice. The model's hyperparameters are read with the same parser, from the model table.

import { DATASETS, DATASET_KEYS, suitedSettings } from "./datasets.js";
import { MODELS, MODEL_KEYS, paramSpecs } from "./models.js";
import { FEATURES } from "./features.js";

// Controls a link or an embed can hide with hide=a,b,c (every hyperparameter name works too).
export const CONTROL_IDS = [
  "data", "dataset", "noise", "n", "test", "seed", "classes", "regenerate", "edit", "csv",
  "model", "params", "features", "train", "step", "reset", "speed", "counter",
  "chart", "compare", "metrics", "legend", "view", "showTest", "discretize", "code", "share", "files", "versions",
];

export const STATE_TABLE = [
  { name: "dataset", type: "enum", values: DATASET_KEYS, default: "xor" },
  { name: "noise", type: "number", min: 0, max: 5, default: null },
  { name: "n", type: "int", min: 10, max: 2000, default: null },
  { name: "test", type: "int", min: 0, max: 90, default: 20 },
  { name: "seed", type: "int", min: 0, max: 2147483647, default: 1 },
  { name: "classes", type: "int", min: 2, max: 6, default: 2 },
  { name: "model", type: "enum", values: MODEL_KEYS, default: "mlp" },
  { name: "features", type: "list", values: FEATURES, default: ["x1", "x2"] },
  { name: "speed", type: "enum", values: ["slow", "normal", "fast"], default: "normal" },
  { name: "showTest", type: "bool", default: false },
  { name: "discretize", type: "bool", default: false },
  { name: "hide", type: "hide", default: [] },
  { name: "added", type: "points", default: [] },
  { name: "removed", type: "indices", default: [] },
  { name: "csv", type: "text", maxLength: 20000, default: "" },
  { name: "target", type: "int", min: -1, max: 99, default: -1 },
  { name: "csvTask", type: "enum", values: ["auto", "classification", "regression"], default: "auto" },
];

// Friendlier names accepted in links and <pyml-demo> attributes.
export const ALIASES = { layers: "hidden_layer_sizes", "hidden-layers": "hidden_layer_sizes", "show-test": "showTest", "csv-task": "csvTask" };

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
const LABEL = /^[A-Za-z0-9_.+-]{1,24}$/;
const MAX_POINTS = 1000;
// Points added on the plot lie within this of 0: beyond it the plot's extents and grid overflow
// (1e308 doubled is Infinity), and no data set of the page comes near it.
export const MAX_COORDINATE = 1e9;

/** Parse one raw string against a spec: {value} or {error: "why"}. */
export function parseValue(spec, raw) {
  const text = String(raw).trim();
  switch (spec.type) {
    case "int":
    case "number": {
      if (spec.special && spec.special.includes(text)) return { value: text };
      if (!NUMBER.test(text)) return { error: "not a number" };
      const value = Number(text);
      if (!Number.isFinite(value)) return { error: "not a finite number" };
      if (spec.type === "int" && !Number.isInteger(value)) return { error: "not a whole number" };
      return checkRange(spec, value);
    }
    case "bool":
      if (text === "true" || text === "1") return { value: true };
      if (text === "false" || text === "0") return { value: false };
      return { error: 'expected "true" or "false"' };
    case "enum":
      return spec.values.includes(text) ? { value: text } : { error: `expected one of ${spec.values.join(", ")}` };
    case "list": {
      const items = text === "" ? [] : text.split(",").map((s) => s.trim());
      const bad = items.find((s) => !spec.values.includes(s));
      if (bad !== undefined) return { error: `"${bad}" is not one of ${spec.values.join(", ")}` };
      return { value: [...new Set(items)] };
    }
    case "hide": {
      const items = text === "" ? [] : text.split(",").map((s) => s.trim());
      const known = new Set([...CONTROL_IDS, ...Object.values(MODELS).flatMap((m) => m.params.map((p) => p.name))]);
      const bad = items.find((s) => !known.has(s));
      if (bad !== undefined) return { error: `"${bad}" is not a control name` };
      return { value: items };
    }
    case "layers": {
      if (text === "") return { value: [] };
      if (!/^\d+(,\d+)*$/.test(text)) return { error: "expected sizes like 4,2" };
      const sizes = text.split(",").map(Number);
      if (sizes.length > spec.maxLayers) return { error: `at most ${spec.maxLayers} hidden layers` };
      if (sizes.some((s) => s < spec.min || s > spec.max)) return { error: `each layer needs ${spec.min} to ${spec.max} neurons` };
      return { value: sizes };
    }
    case "points": {
      if (text === "") return { value: [] };
      const rows = text.split(";");
      if (rows.length > MAX_POINTS) return { error: `at most ${MAX_POINTS} points` };
      const points = [];
      for (const row of rows) {
        const cells = row.split(",");
        if (cells.length !== 3 || !NUMBER.test(cells[0]) || !NUMBER.test(cells[1]) || !LABEL.test(cells[2])) {
          return { error: `"${row.slice(0, 40)}" is not x,y,label` };
        }
        const label = NUMBER.test(cells[2]) ? Number(cells[2]) : cells[2];
        points.push([Number(cells[0]), Number(cells[1]), label]);
      }
      const outside = (v) => !(Math.abs(v) <= MAX_COORDINATE);
      if (points.some((p) => outside(p[0]) || outside(p[1]) || (typeof p[2] === "number" && outside(p[2])))) {
        return { error: "coordinates and targets must be numbers between -1e9 and 1e9" };
      }
      return { value: points };
    }
    case "indices": {
      if (text === "") return { value: [] };
      if (!/^\d+(,\d+)*$/.test(text)) return { error: "expected indices like 3,17" };
      const indices = [...new Set(text.split(",").map(Number))].sort((a, b) => a - b);
      if (indices.length > MAX_POINTS) return { error: `at most ${MAX_POINTS} indices` };
      return { value: indices };
    }
    case "text":
      if (text.length > spec.maxLength) return { error: `longer than ${spec.maxLength} characters` };
      return { value: String(raw) };
    default:
      return { error: "unknown type" };
  }
}

function checkRange(spec, value) {
  if (spec.min !== undefined && (value < spec.min || (spec.minOpen && value === spec.min))) {
    return { error: `must be ${spec.minOpen ? "more than" : "at least"} ${spec.min}` };
  }
  if (spec.max !== undefined && value > spec.max) return { error: `must be at most ${spec.max}` };
  return { value };
}

/**
 * Check a value that arrives as a value, not as text (a model file's settings): {value} or
 * {error}. It goes through the URL's own parser, so every way in has the same ranges.
 */
export function checkValue(spec, value) {
  const expected = { int: "number", number: "number", bool: "boolean", enum: "string", layers: "object" }[spec.type];
  const special = typeof value === "string" && spec.special && spec.special.includes(value);
  if (!special && typeof value !== expected) return { error: `expected a ${spec.type === "layers" ? "list of sizes" : spec.type}, got ${JSON.stringify(value)}` };
  if (spec.type === "layers" && !Array.isArray(value)) return { error: "expected a list of sizes" };
  const parsed = parseValue(spec, formatValue(spec, value));
  if ("error" in parsed) return parsed;
  return sameValue(parsed.value, value) ? parsed : { error: `cannot be written as ${formatValue(spec, value)}` };
}

/** The value's URL text (the inverse of parseValue). */
export function formatValue(spec, value) {
  switch (spec.type) {
    case "list":
    case "hide":
    case "layers":
    case "indices":
      return value.join(",");
    case "points":
      return value.map((p) => `${roundCoord(p[0])},${roundCoord(p[1])},${p[2]}`).join(";");
    default:
      return String(value);
  }
}

/** A coordinate as links keep it: 4 significant digits (added points are stored so, too). */
export function roundCoord(x) {
  return Number(x.toPrecision(4));
}

export function defaultState() {
  const state = { params: {} };
  for (const spec of STATE_TABLE) state[spec.name] = clone(spec.default);
  return state;
}

function clone(value) {
  return Array.isArray(value) ? value.map(clone) : value;
}

/**
 * Read a state from URL parameters (a query string, URLSearchParams or a plain object).
 * Returns {state, notices, advice}: notices say, in words, what was ignored and why; advice,
 * why the model cannot learn this data set well ("" when it can).
 */
export function parseState(input) {
  const entries = input instanceof URLSearchParams ? [...input.entries()]
    : typeof input === "string" ? [...new URLSearchParams(input).entries()]
      : Object.entries(input || {});
  const state = defaultState();
  const notices = [];
  const byName = new Map(STATE_TABLE.map((spec) => [spec.name, spec]));
  const rest = [];
  const named = new Set(); // what the link sets, valid or not: the suited settings leave these alone
  for (const [rawKey, raw] of entries) {
    // Own keys only: "constructor" or "__proto__" must not find Object's.
    const key = Object.hasOwn(ALIASES, rawKey) ? ALIASES[rawKey] : rawKey;
    named.add(key);
    const spec = byName.get(key);
    if (!spec) {
      rest.push([key, raw]);
      continue;
    }
    const parsed = parseValue(spec, raw);
    if ("error" in parsed) notices.push(ignored(rawKey, raw, parsed.error));
    else state[key] = parsed.value;
  }
  // Hyperparameters depend on the model, so they are read once the model is known.
  const specs = new Map(paramSpecs(state.model).map((p) => [p.name, p]));
  const allParams = new Set(Object.values(MODELS).flatMap((m) => m.params.map((p) => p.name)));
  for (const [key, raw] of rest) {
    const spec = specs.get(key);
    if (!spec) {
      notices.push(ignored(key, raw, allParams.has(key) ? `the ${MODELS[state.model].label} has no such setting` : "unknown setting"));
      continue;
    }
    const parsed = parseValue(spec, raw);
    if ("error" in parsed) notices.push(ignored(key, raw, parsed.error));
    else state.params[key] = parsed.value;
  }
  if (state.dataset !== "csv" && state.csv) {
    notices.push(`Ignored "csv": the data set is ${state.dataset}, not csv.`);
    state.csv = "";
  }
  if (state.dataset === "csv" && !state.csv) {
    notices.push('Ignored "dataset=csv": the link carries no CSV data.');
    state.dataset = defaultState().dataset;
  }
  const advice = suitState(state, named);
  return { state, notices, advice };
}

/**
 * Give `state` the settings its data set and model need to learn (datasets.js), except those
 * named in `keep`. The page calls it when a learner picks a data set or model, and parseState
 * for a link, so a link that names only the data set opens what picking it in the menu shows.
 * Returns the advice to show where no setting can help ("" when there is none).
 */
export function suitState(state, keep = new Set()) {
  const { params, features, advice } = suitedSettings(state.dataset, state.model);
  for (const [name, value] of Object.entries(params)) if (!keep.has(name)) state.params[name] = clone(value);
  if (features && !keep.has("features")) state.features = [...features];
  return advice;
}

function ignored(key, raw, why) {
  const shown = String(raw).length > 40 ? `${String(raw).slice(0, 40)}…` : String(raw);
  return `Ignored "${String(key).slice(0, 40)}=${shown}": ${why}.`;
}

function sameValue(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * URLSearchParams holding the state's non-default values, in table order. A data set's suited
 * settings count as its defaults (parseState gives them back), so a link written with
 * features=x1,x2 on the spiral keeps them, although they are the table's default.
 */
export function serializeState(state) {
  const params = new URLSearchParams();
  const suited = suitedSettings(state.dataset, state.model);
  for (const spec of STATE_TABLE) {
    const value = state[spec.name];
    const usual = spec.name === "features" && suited.features ? suited.features : spec.default;
    if (value === null || value === undefined || sameValue(value, usual)) continue;
    params.set(spec.name, formatValue(spec, value));
  }
  for (const spec of paramSpecs(state.model)) {
    const value = Object.hasOwn(state.params, spec.name) ? state.params[spec.name] : spec.default;
    const usual = Object.hasOwn(suited.params, spec.name) ? suited.params[spec.name] : spec.default;
    if (value === undefined || sameValue(value, usual)) continue;
    params.set(spec.name, formatValue(spec, value));
  }
  return params;
}

/** The data set's noise and sample count, with its defaults filled in. */
export function dataSettings(state) {
  const info = DATASETS[state.dataset];
  return {
    noise: state.noise ?? info.noise,
    n: state.n ?? info.n,
  };
}
