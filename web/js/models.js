// The table of models the page offers: which pyml class serves which task, which view module
// draws it, and its hyperparameter controls. Each param's `name` is the constructor keyword of
// the pyml class, its range and choices lie within what the class declares (tests/test_model_table.py
// checks them against `_parameter_constraints`, `_live_params` and `_kind`); `default` is
// the page's starting value (written explicitly in the generated code); `live: true` means it
// can change during training (set_params) without starting over; `presets` are the values a
// select offers (any value in [min, max] from the URL is also accepted).

const LR = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const L2 = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const C = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100];
const GAMMA = [0.01, 0.03, 0.1, 0.3, 1, 3, 10];

const learningRate = (def, when) => ({
  name: "learning_rate", label: "Learning rate", type: "number", min: 0, minOpen: true, max: 100, presets: LR, default: def, live: true, when,
});
const gdOnly = (values) => values.solver === "gd";
const l2 = (def = 0) => ({ name: "l2", label: "Regularization (L2 λ)", type: "number", min: 0, max: 1000, presets: L2, default: def, live: true });
const iterations = (name, def, label = "Iterations") => ({
  name, label, type: "int", min: 1, max: 100000, step: 1, presets: [10, 50, 100, 200, 500, 1000, 2000, 5000, 10000], default: def, live: true,
});
const normalize = { name: "normalize", label: "Normalize features", type: "bool", default: true };
const seeded = { name: "random_state", seed: true };

export const MODELS = {
  linear: {
    label: "Linear regression", family: "linear", tasks: { regression: "LinearRegression" }, usesFeatures: true,
    params: [
      { name: "solver", label: "Solver", type: "enum", values: ["gd", "normal"], default: "gd" },
      learningRate(0.03, gdOnly), { ...iterations("n_iter", 500), when: gdOnly }, l2(), normalize,
    ],
  },
  logistic: {
    label: "Logistic regression", family: "linear", tasks: { classification: "LogisticRegression" }, usesFeatures: true,
    params: [
      { name: "solver", label: "Solver", type: "enum", values: ["gd", "lbfgs"], default: "gd" },
      learningRate(0.3, gdOnly), iterations("n_iter", 500), l2(), normalize,
    ],
  },
  mlp: {
    label: "Neural network (MLP)", family: "mlp", tasks: { classification: "MLPClassifier", regression: "MLPRegressor" }, usesFeatures: true,
    params: [
      { name: "hidden_layer_sizes", label: "Hidden layers", type: "layers", min: 1, max: 8, maxLayers: 6, default: [4, 2] },
      { name: "activation", label: "Activation", type: "enum", values: ["tanh", "relu", "sigmoid", "linear"], default: "tanh" },
      { name: "optimizer", label: "Optimizer", type: "enum", values: ["sgd", "momentum", "adam", "lbfgs"], default: "adam" },
      learningRate(0.03, (v) => v.optimizer !== "lbfgs"),
      { name: "momentum", label: "Momentum", type: "number", min: 0, max: 0.999, presets: [0, 0.5, 0.9, 0.95, 0.99], default: 0.9, live: true, when: (v) => v.optimizer === "momentum" },
      { name: "batch_size", label: "Batch size", type: "int", min: 1, max: 1000, presets: [1, 8, 16, 32, 64, 128, 256], default: 32, live: true, when: (v) => v.optimizer !== "lbfgs" },
      l2(), iterations("n_epochs", 1000, "Epochs"), seeded,
    ],
  },
  svm: {
    label: "Support vector machine", family: "svm", tasks: { classification: "SVC" }, usesFeatures: true,
    // The SVM's loss is its dual objective: named with its formula, and which way it goes.
    lossTitle: "dual objective f(α) = ½ α'Qα − Σα (SMO lowers it)",
    params: [
      { name: "kernel", label: "Kernel", type: "enum", values: ["linear", "rbf", "poly"], default: "rbf" },
      { name: "C", label: "C (less regularization when larger)", type: "number", min: 0, minOpen: true, max: 10000, presets: C, default: 1 },
      { name: "gamma", label: "Kernel width γ", type: "number", min: 0, minOpen: true, max: 1000, presets: GAMMA, special: ["scale"], default: "scale", when: (v) => v.kernel !== "linear" },
      { name: "degree", label: "Polynomial degree", type: "int", min: 1, max: 6, default: 3, when: (v) => v.kernel === "poly" },
      { name: "iter_per_step", label: "SMO passes per step", type: "int", min: 1, max: 1000, presets: [1, 5, 10, 50, 100], default: 5, live: true },
    ],
  },
  tree: {
    label: "Decision tree", family: "tree", tasks: { classification: "DecisionTreeClassifier", regression: "DecisionTreeRegressor" }, usesFeatures: true,
    params: [
      { name: "criterion", label: "Split criterion", type: "enum", values: ["gini", "entropy"], default: "gini", when: (v, task) => task !== "regression" },
      { name: "max_depth", label: "Maximum depth", type: "int", min: 1, max: 20, default: 5 },
      { name: "min_samples_leaf", label: "Minimum samples per leaf", type: "int", min: 1, max: 50, default: 1 },
    ],
  },
  knn: {
    label: "k nearest neighbours", family: "knn", tasks: { classification: "KNeighborsClassifier", regression: "KNeighborsRegressor" }, usesFeatures: true,
    params: [
      { name: "n_neighbors", label: "k (neighbours)", type: "int", min: 1, max: 50, default: 5 },
      { name: "weights", label: "Weights", type: "enum", values: ["uniform", "distance"], default: "uniform" },
    ],
  },
  nb: {
    label: "Gaussian naive Bayes", family: "nb", tasks: { classification: "GaussianNB" }, usesFeatures: true,
    params: [
      { name: "var_smoothing", label: "Variance smoothing", type: "number", min: 0, max: 1, presets: [1e-9, 1e-6, 1e-3, 0.01, 0.1], default: 1e-9 },
    ],
  },
  kmeans: {
    label: "k-means clustering", family: "kmeans", tasks: { clustering: "KMeans" }, usesFeatures: false,
    params: [
      { name: "n_clusters", label: "k (clusters)", type: "int", min: 1, max: 8, default: 3 },
      { name: "init", label: "Initialization", type: "enum", values: ["k-means++", "random"], default: "random" },
      { name: "n_init", label: "Restarts", type: "int", min: 1, max: 20, default: 1 },
      iterations("max_iter", 100, "Maximum iterations"), seeded,
    ],
  },
  pca: {
    label: "Principal component analysis", family: "pca", tasks: { decomposition: "PCA" }, usesFeatures: false,
    params: [
      { name: "n_components", label: "Components", type: "int", min: 1, max: 10, default: 1 },
    ],
  },
  anomaly: {
    label: "Gaussian anomaly detection", family: "anomaly", tasks: { anomaly: "GaussianAnomalyDetector" }, usesFeatures: false,
    params: [
      { name: "epsilon", label: "Threshold ε on p(x)", type: "number", min: 0, max: 1, presets: [1e-6, 1e-5, 1e-4, 0.001, 0.003, 0.01, 0.03], default: 0.001 },
      { name: "multivariate", label: "Full covariance (multivariate)", type: "bool", default: true },
    ],
  },
};

export const MODEL_KEYS = Object.keys(MODELS);

// Data tasks and what a model does with them. Unsupervised models ("clustering",
// "decomposition", "anomaly") accept any data and ignore y.
export const UNSUPERVISED = ["clustering", "decomposition", "anomaly"];

/** The pyml class name of `modelKey` for data of `dataTask`, or null if it does not fit. */
export function modelClass(modelKey, dataTask) {
  const tasks = MODELS[modelKey]?.tasks || {};
  if (tasks[dataTask]) return tasks[dataTask];
  const unsupervised = UNSUPERVISED.find((t) => tasks[t]);
  return unsupervised ? tasks[unsupervised] : null;
}

/** The task the model performs on data of `dataTask` (its own for unsupervised models). */
export function modelTask(modelKey, dataTask) {
  const tasks = MODELS[modelKey]?.tasks || {};
  if (tasks[dataTask]) return dataTask;
  return UNSUPERVISED.find((t) => tasks[t]) || null;
}

/** The params of `modelKey` that the user sets (random_state comes from the seed). */
export function paramSpecs(modelKey) {
  return (MODELS[modelKey]?.params || []).filter((p) => !p.seed);
}

/** The constructor keywords for a model: page values for every param, the seed for random_state. */
export function constructorParams(modelKey, values, seed, task) {
  values = resolveParams(modelKey, values);
  const out = {};
  for (const p of MODELS[modelKey].params) {
    if (p.seed) out[p.name] = seed;
    else if (!applies(p, values, task)) continue;
    else out[p.name] = values[p.name] ?? p.default;
  }
  return out;
}

/** Every user param of `modelKey`: the given value, else the page default. */
export function resolveParams(modelKey, values = {}) {
  const out = {};
  for (const p of paramSpecs(modelKey)) out[p.name] = values[p.name] ?? p.default;
  return out;
}

/** Whether a param's control applies given the current values (e.g. gamma only for rbf). */
export function applies(spec, values, task) {
  return !spec.when || spec.when(values, task);
}
