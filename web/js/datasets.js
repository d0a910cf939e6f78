// The table of data sets the page offers. Each one is a generator in pyml.datasets (the page
// never makes data in JavaScript): `fn` is its name, `noise` its default noise, `task` the kind
// of target it has, `dims` how many input columns it returns.

export const DATASETS = {
  spiral: { label: "Spiral", task: "classification", dims: 2, noise: 0.1, noiseMax: 1, n: 200, classesParam: "n_classes" },
  xor: { label: "XOR", task: "classification", dims: 2, noise: 0, noiseMax: 2, n: 200 },
  circles: { label: "Circles", task: "classification", dims: 2, noise: 0.1, noiseMax: 0.5, n: 200 },
  moons: { label: "Moons", task: "classification", dims: 2, noise: 0.1, noiseMax: 0.5, n: 200 },
  blobs: { label: "Gaussian blobs", task: "classification", dims: 2, noise: 1, noiseMax: 3, n: 200, classesParam: "centers" },
  tshirts: { label: "T-shirt sizes (height, weight → S/M/L)", task: "classification", dims: 2, noise: 1, noiseMax: 3, n: 150 },
  line: { label: "Line (1-D regression)", task: "regression", dims: 1, noise: 0.5, noiseMax: 3, n: 100 },
  plane: { label: "Plane (2-D regression)", task: "regression", dims: 2, noise: 0.5, noiseMax: 3, n: 100 },
  housing: { label: "Housing prices (size, bedrooms → price)", task: "regression", dims: 2, noise: 0.1, noiseMax: 0.5, n: 47 },
  csv: { label: "Your CSV data", task: null, dims: null, noise: 0, noiseMax: 0, n: 0 },
};

export const DATASET_KEYS = Object.keys(DATASETS);

// Names of the input columns of the built-in sets, for axes and the CSV download.
export const COLUMN_NAMES = {
  tshirts: ["height_cm", "weight_kg", "size"],
  housing: ["size_sqft", "bedrooms", "price"],
  line: ["x1", "y"],
};

export function columnNames(key, nFeatures) {
  if (COLUMN_NAMES[key]) return COLUMN_NAMES[key];
  return [...Array.from({ length: nFeatures }, (_, i) => `x${i + 1}`), "y"];
}

// What a model needs to learn a data set, where the page's defaults are not enough: `params` and
// `features` the page switches to when the learner picks this data set or model, and `advice`
// it shows where nothing on the page can help. (The default network, 4 and 2 neurons on x1, x2,
// gets 70% of the spiral; 8 and 8 with sin(x1), sin(x2) get 97%. pyml's MLP does not rescale
// its inputs, and tanh neurons saturate on heights near 170 or prices near 300,000.)
const SUITED = {
  spiral: { mlp: { params: { hidden_layer_sizes: [8, 8] }, features: ["x1", "x2", "sin(x1)", "sin(x2)"] } },
  tshirts: {
    mlp: {
      advice: "This network sees heights near 170 and weights near 70: its tanh neurons saturate on inputs that large, " +
        "and pyml's MLP does not rescale them, so it barely learns here. Logistic regression (with Normalize features) " +
        "does; in Python, put pyml.StandardScaler in front of the network.",
    },
  },
  housing: {
    mlp: {
      advice: "Prices near 300,000 from sizes near 2,000: pyml's MLP does not rescale inputs or targets, so its " +
        "neurons saturate and its output would need thousands of epochs to grow that large. Linear regression " +
        "(with Normalize features) learns it; in Python, standardize X and y with pyml.StandardScaler first.",
    },
  },
};

/** {params, features, advice} for `model` on `dataset` (empty when the defaults do). */
export function suitedSettings(dataset, model) {
  return { params: {}, features: null, advice: "", ...(SUITED[dataset] && SUITED[dataset][model]) };
}
