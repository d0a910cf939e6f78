// The input features a model can be trained on, computed from the raw inputs x1, x2 (feature
// crosses, as in TensorFlow Playground). One table for the page: the URL's list, the checkboxes,
// the Python panel's features() and the names sent to the bridge all read it, in this order.
// `python` is the expression the generated program uses; `inputs` the raw columns it needs.

export const FEATURE_TABLE = [
  { name: "x1", label: "x1", python: "x1", inputs: 1 },
  { name: "x2", label: "x2", python: "x2", inputs: 2 },
  { name: "x1^2", label: "x1²", python: "x1 ** 2", inputs: 1 },
  { name: "x2^2", label: "x2²", python: "x2 ** 2", inputs: 2 },
  { name: "x1*x2", label: "x1·x2", python: "x1 * x2", inputs: 2 },
  { name: "sin(x1)", label: "sin(x1)", python: "np.sin(x1)", inputs: 1 },
  { name: "sin(x2)", label: "sin(x2)", python: "np.sin(x2)", inputs: 2 },
];

/** Every feature name, in canonical order. */
export const FEATURES = FEATURE_TABLE.map((f) => f.name);

const BY_NAME = new Map(FEATURE_TABLE.map((f) => [f.name, f]));

/** The feature names usable with `dims` raw input columns (1: only those of x1). */
export function featuresFor(dims) {
  return FEATURE_TABLE.filter((f) => f.inputs <= dims).map((f) => f.name);
}

/** The raw inputs themselves, which need no feature map: ["x1"] or ["x1", "x2"]. */
export function plainFeatures(dims) {
  return dims === 1 ? ["x1"] : ["x1", "x2"];
}

export function featureLabel(name) {
  return BY_NAME.get(name).label;
}

export function featurePython(name) {
  return BY_NAME.get(name).python;
}
