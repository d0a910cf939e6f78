// The data the page draws before Python has started. Python takes seconds to boot; the data
// set, its axes and legend should not wait for it. The build runs the page's own data program
// (codegen.js) in CPython for the settings a page most often opens with, every built-in data
// set at its defaults, and writes its output to data/<data set>.json (tools/data_snapshots.py).
// The page draws that file at once; Python in the page then makes the same data itself, as
// always, and the page trains on Python's data. Any other setting waits for Python, and says so.

import { DATASETS } from "./datasets.js";
import { baseKey, baseOf } from "./data.js";
import { defaultState } from "./state.js";

/** The states the build writes a snapshot for: each built-in data set with every default. */
export function FIRST_DATA_SETTINGS(datasetKeys) {
  return datasetKeys.filter((key) => DATASETS[key].task).map((dataset) => ({ ...defaultState(), dataset }));
}

/**
 * The base data of `state` (as data.js's store makes it) from the build's snapshot, or null when
 * there is none for this setting (CSV data, another seed, noise, ...). Never throws: without a
 * snapshot the page simply waits for Python.
 */
export async function firstData(state, folder = new URL("../data/", import.meta.url)) {
  if (!DATASETS[state.dataset]?.task) return null;
  let snapshot;
  try {
    const response = await fetch(new URL(`${state.dataset}.json`, folder));
    if (!response.ok) return null;
    snapshot = await response.json();
  } catch {
    return null;
  }
  if (snapshot.key !== baseKey(state)) return null;
  return baseOf(snapshot, state);
}
