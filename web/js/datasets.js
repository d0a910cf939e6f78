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
