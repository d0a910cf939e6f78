// The data panel: the data set and its settings (noise, samples, classes, test part, seed),
// the points edited on the plot (the class a click adds, undo), and loading the data the state
// describes from pyml (data.js), with the plot's extents set from it.

import { fmtNumber } from "./chart.js";
import { DATASETS, DATASET_KEYS } from "./datasets.js";
import { editedData, extentsOf, labelsOf } from "./data.js";
import { MODELS, modelClass } from "./models.js";
import { dataSettings, roundCoord } from "./state.js";
import { numberControl, rangeControl, selectControl } from "./controls.js";
import { classShape } from "./palette.js";

const MAX_ADDED = 1000;

export function createDataPanel({ doc, app, store, plot, layers, notices, dataTask }, { onDataChanged, onEditsChanged }) {
  const slot = (name) => doc.querySelector(`[data-slot="${name}"]`);
  let pick = null; // the class (or target value) that a click adds

  function build() {
    const box = slot("data-controls");
    if (!box) return;
    box.replaceChildren();
    const s = app.state;
    const info = DATASETS[s.dataset];
    const changed = (update) => (v) => {
      update(v);
      onDataChanged();
    };
    const options = DATASET_KEYS.filter((k) => k !== "csv" || s.dataset === "csv").map((k) => ({ value: k, label: DATASETS[k].label }));
    box.append(selectControl("dataset", "Data set", options, s.dataset, changed((v) => {
      Object.assign(s, { dataset: v, noise: null, n: null, added: [], removed: [] });
      if (s.dataset !== "csv") s.csv = "";
    })));
    if (s.dataset !== "csv") {
      const { noise, n } = dataSettings(s);
      box.append(rangeControl("noise", "Noise", { min: 0, max: info.noiseMax, step: info.noiseMax / 50 }, noise, changed((v) => {
        s.noise = v; s.removed = [];
      })));
      box.append(rangeControl("n", "Samples", { min: 10, max: 1000, step: 1 }, n, changed((v) => { s.n = v; s.removed = []; })));
      if (info.classesParam) {
        box.append(rangeControl("classes", "Classes", { min: 2, max: 6, step: 1 }, s.classes, changed((v) => {
          s.classes = v; s.added = []; s.removed = [];
        })));
      }
    }
    box.append(rangeControl("test", "Test data", { min: 0, max: 90, step: 5 }, s.test, changed((v) => { s.test = v; s.removed = []; }), (v) => `${v}%`));
    box.append(numberControl("seed", "Seed", { min: 0, max: 2147483647, step: 1 }, s.seed, changed((v) => { s.seed = Math.trunc(v); s.removed = []; })));
    const regen = doc.createElement("button");
    regen.type = "button";
    regen.textContent = "Regenerate";
    regen.dataset.testid = "regenerate";
    regen.dataset.control = "regenerate";
    regen.setAttribute("aria-label", "Regenerate the data with the next seed");
    regen.addEventListener("click", changed(() => { s.seed = (s.seed + 1) % 2147483647; s.removed = []; s.added = []; }));
    // CSV data is what it is: the seed only splits it and starts the model, nothing to regenerate.
    if (s.dataset !== "csv") box.append(regen);
    buildEdits();
  }

  function buildEdits() {
    const box = slot("edit-controls");
    if (!box) return;
    box.replaceChildren();
    const task = dataTask();
    if (task === "classification") {
      const classes = app.base ? labelsOf(app.base.y) : [0, 1];
      if (pick === null || !classes.some((c) => String(c) === String(pick))) pick = classes[0];
      box.append(selectControl("pick", "Class of new points", classes.map((c, i) => ({ value: c, label: `${c} (${classShape(i)})` })), pick, (v) => { pick = v; }));
    } else if (app.base && app.base.dims === 2) {
      const ys = app.base.y;
      if (typeof pick !== "number") pick = Number(fmtNumber((Math.min(...ys) + Math.max(...ys)) / 2));
      box.append(numberControl("pick", "Target of new points", {}, pick, (v) => { pick = v; }));
    }
    const clear = doc.createElement("button");
    clear.type = "button";
    clear.textContent = "Undo edits";
    clear.dataset.testid = "clear-edits";
    clear.disabled = !app.state.added.length && !app.state.removed.length;
    clear.addEventListener("click", () => { app.state.added = []; app.state.removed = []; onEditsChanged(); });
    box.append(clear);
  }

  /** Make the data the state describes (pyml's error is shown and thrown for bad data). */
  async function load() {
    try {
      app.base = await store.load(app.state);
    } catch (error) {
      notices.notify(`Could not make the data: ${error.message}`, "error", [], { subject: "data" });
      throw error;
    }
    if (app.state.removed.some((i) => i >= app.base.X.length)) {
      notices.notify("Ignored removed points that are not in this data.", "info", [], { subject: "edits" });
      app.state.removed = app.state.removed.filter((i) => i < app.base.X.length);
    }
    app.data = editedData(app.base, app.state);
    app.extents = extentsOf(app.data, app.base.dims);
    const task = dataTask();
    if (!modelClass(app.state.model, task)) {
      const fallback = task === "classification" ? "logistic" : "linear";
      notices.notify(`${MODELS[app.state.model].label} does not fit ${task} data; switched to ${MODELS[fallback].label}.`, "info", [], { subject: "model" });
      app.state.model = fallback;
      app.state.params = {};
    }
    const cols = app.base.columns;
    if (plot) plot.setExtents(app.extents, { x: cols[0], y: app.base.dims === 1 ? cols[cols.length - 1] : cols[1] });
    buildEdits();
    layers.drawPoints();
  }

  /** A click on the plot at (x, y): a point of the chosen class (1-D data: the point itself). */
  function addPoint(x, y) {
    if (!app.base) return;
    if (app.base.dims > 2) {
      notices.setStatus(`Points can be added to data with one or two input columns; this data has ${app.base.dims}.`);
      return;
    }
    const task = dataTask();
    let label;
    if (app.base.dims === 1) label = y;
    else if (task === "classification") label = pick;
    else label = typeof pick === "number" ? pick : 0;
    if (app.state.added.length >= MAX_ADDED) {
      notices.notify(`At most ${MAX_ADDED} added points.`, "info", [], { subject: "edits" });
      return;
    }
    app.state.added = [...app.state.added, [roundCoord(x), roundCoord(y), typeof label === "number" ? roundCoord(label) : label]];
    onEditsChanged();
    notices.setStatus(`Added a point at (${fmtNumber(x)}, ${fmtNumber(y)})${app.base.dims === 1 ? "" : ` with ${task === "classification" ? "class" : "target"} ${label}`}.`);
  }

  /** Shift+click near a point: an added point is taken back, a training point removed. */
  function removePoint(p) {
    if (p.added) app.state.added = app.state.added.filter((_, i) => i !== p.index);
    else app.state.removed = [...app.state.removed, p.index].sort((a, b) => a - b);
    onEditsChanged();
    notices.setStatus(`Removed the point at (${fmtNumber(p.x)}, ${fmtNumber(p.y)}).`);
  }

  return { build, buildEdits, load, addPoint, removePoint };
}
