// The data requests of the settings the page can open with at once (every built-in data set at
// its defaults), for tools/data_snapshots.py: prints [{dataset, key, settings, request}] as JSON.
// `request` is the very `data` call the page sends to Python in the worker (data.js), so the
// snapshot the build writes is that call's answer, computed by the same bridge in CPython.

import { DATASET_KEYS } from "../web/js/datasets.js";
import { FIRST_DATA_SETTINGS } from "../web/js/first_data.js";
import { baseKey, dataRequest } from "../web/js/data.js";
import { dataSettings } from "../web/js/state.js";

const out = FIRST_DATA_SETTINGS(DATASET_KEYS).map((state) => ({
  dataset: state.dataset,
  key: baseKey(state),
  settings: { ...dataSettings(state), test: state.test, seed: state.seed, classes: state.classes },
  request: dataRequest(state),
}));
process.stdout.write(JSON.stringify(out));
