// The data programs of the settings the page can open with at once (every built-in data set at
// its defaults), for tools/data_snapshots.py: prints [{dataset, key, settings, program}] as JSON.
// `program` is the very program the page runs in Pyodide to make its data (codegen.js), so the
// snapshot the build writes is that program's output, computed in CPython.

import { DATASET_KEYS } from "../web/js/datasets.js";
import { FIRST_DATA_SETTINGS } from "../web/js/first_data.js";
import { baseKey, baseProgram } from "../web/js/data.js";
import { dataSettings } from "../web/js/state.js";

const out = FIRST_DATA_SETTINGS(DATASET_KEYS).map((state) => ({
  dataset: state.dataset,
  key: baseKey(state),
  settings: { ...dataSettings(state), test: state.test, seed: state.seed, classes: state.classes },
  program: baseProgram(state),
}));
process.stdout.write(JSON.stringify(out));
