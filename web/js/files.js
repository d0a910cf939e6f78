// Files in and out: the data as CSV, the trained model as pyml's JSON, loading a model file,
// and pasted or uploaded CSV data (read by pyml.datasets.load_csv in the worker; a bad file
// changes nothing the user had).

import { csvColumns, editedData, toCSV } from "./data.js";
import { MODELS, modelClass, paramSpecs } from "./models.js";
import { checkValue } from "./state.js";

const MAX_CSV = 20000; // characters (and bytes of an uploaded file)

export function createFiles(ctx, hooks) {
  const { doc, app, store, session, notices, dataTask } = ctx;
  const $ = (testid) => doc.querySelector(`[data-testid="${testid}"]`);
  const on = (el, type, fn) => el && el.addEventListener(type, fn);

  function download(name, text, type) {
    const blob = new Blob([text], { type });
    const a = doc.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    doc.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  on($("download-csv"), "click", () => {
    if (!app.data) return;
    download(`${app.state.dataset}.csv`, toCSV(app.data, app.base.columns), "text/csv");
  });

  on($("download-model"), "click", async () => {
    try {
      const text = await session.save();
      download(`pyml-${modelClass(app.state.model, dataTask())}.json`, text, "application/json");
      notices.message("model-message", "Model downloaded. Load it here or in Python with pyml.load(open(path).read()).", "ok");
    } catch (error) {
      notices.message("model-message", `Could not save the model: ${error.message}`);
    }
  });

  on($("model-file"), "change", async (event) => {
    const file = event.target.files[0];
    event.target.value = "";
    if (!file) return;
    await loadModelText(await file.text(), file.name);
  });

  /**
   * Open a model file (pyml.save's JSON) on the page's data; true when it was loaded. The file
   * is checked whole before it replaces anything: pyml.load and the bridge check the model and
   * that it fits the data (features, classes, a prediction), then the page checks its settings
   * against the same table as a link's. A refused file leaves the page as it was.
   */
  async function loadModelText(text, name = "the file") {
    if (!app.data) return false;
    const data = session.sessionData();
    let key;
    let opened;
    try {
      opened = await session.openBeside((t) => t.load(text, { data, grid: session.gridRequest() }), (info) => {
        key = checkLoaded(info, dataTask());
      });
    } catch (error) {
      notices.message("model-message", `${name} was not loaded, and nothing on the page changed: ${error.message}`);
      return false;
    }
    if (!opened) return false;
    const { info } = opened;
    app.state.model = key;
    app.state.params = {};
    for (const spec of paramSpecs(key)) {
      const v = info.params[spec.name];
      if (v !== undefined && v !== null) app.state.params[spec.name] = v;
    }
    hooks.onModelLoaded();
    app.loaded = true;
    session.ready(info);
    notices.message("model-message", `Loaded ${info.model} from ${name}. Its predictions are shown; change a setting or press Reset to train a new model.`, "ok");
    await opened.step(); // a loaded model's one frame: its predictions and metrics on this data
    return true;
  }

  // ---------------------------------------------------------------- CSV
  const csvText = $("csv-text");

  function refreshTargetChoices() {
    const select = $("csv-target");
    if (!select || !csvText) return;
    const columns = csvColumns(csvText.value);
    const current = select.value;
    select.replaceChildren();
    const last = doc.createElement("option");
    last.value = "-1";
    last.textContent = columns.length ? `last column (${columns[columns.length - 1]})` : "last column";
    select.append(last);
    columns.slice(0, -1).forEach((c, i) => {
      const o = doc.createElement("option");
      o.value = String(i);
      o.textContent = c;
      select.append(o);
    });
    if ([...select.options].some((o) => o.value === current)) select.value = current;
  }

  on(csvText, "input", refreshTargetChoices);
  on($("csv-file"), "change", async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    if (file.size > MAX_CSV) {
      notices.message("csv-message", `${file.name} is ${Math.round(file.size / 1000)} kB; the playground takes CSV files up to ${MAX_CSV / 1000} kB.`);
      return;
    }
    csvText.value = await file.text();
    refreshTargetChoices();
    notices.message("csv-message", `Read ${file.name}: choose the target column and press "Use this CSV".`, "ok");
  });
  on($("csv-load"), "click", () => useCSV(csvText.value, Number($("csv-target").value), $("csv-task").value));

  /** Use CSV text as the data (target column, "auto"/"classification"/"regression"); true when it was. */
  async function useCSV(text, target, task) {
    if (!text.trim()) {
      notices.message("csv-message", "Paste CSV text or choose a file first.");
      return false;
    }
    if (text.length > MAX_CSV) {
      notices.message("csv-message", `The CSV has ${text.length} characters; the playground takes up to ${MAX_CSV}.`);
      return false;
    }
    const previous = JSON.parse(JSON.stringify(app.state));
    const previousBase = app.base;
    Object.assign(app.state, { dataset: "csv", csv: text, target, csvTask: task, added: [], removed: [] });
    try {
      await hooks.loadData();
    } catch (error) {
      // Nothing is lost: the previous data and settings come back.
      app.state = previous;
      app.base = previousBase;
      store.invalidate();
      app.data = editedData(app.base, app.state);
      notices.message("csv-message", `The CSV was not loaded, and your current data is unchanged. ${error.message}`);
      return false;
    }
    notices.message("csv-message", `Loaded ${app.base.X.length + (app.base.X_test?.length || 0)} rows with ${app.base.dims} input column(s); the target is ${app.base.columns[app.base.columns.length - 1]} (${dataTask()}).`, "ok");
    await hooks.onCSVLoaded();
    return true;
  }

  return { loadModelText, useCSV };
}

/** The page's model key for a loaded model (`info`: load's answer), or an Error saying why the
 *  page cannot show it: not a model of the page, not one for data of `task`, a setting out of range. */
export function checkLoaded(info, task) {
  const key = Object.keys(MODELS).find((k) => Object.values(MODELS[k].tasks).includes(info.model));
  if (!key) {
    const offered = [...new Set(Object.values(MODELS).flatMap((m) => Object.values(m.tasks)))].join(", ");
    throw new Error(`it holds a ${info.model}, which this page does not train (it trains ${offered}).`);
  }
  if (modelClass(key, task) !== info.model) {
    throw new Error(`it holds a ${info.model}, a ${Object.keys(MODELS[key].tasks).find((t) => MODELS[key].tasks[t] === info.model)} model, but the page's data is for ${task}.`);
  }
  const refused = [];
  for (const spec of paramSpecs(key)) {
    const value = info.params[spec.name];
    if (value === undefined || value === null) continue;
    const checked = checkValue(spec, value);
    if ("error" in checked) refused.push(`${spec.name}=${JSON.stringify(value)} (${checked.error})`);
  }
  if (refused.length) {
    throw new Error(`its settings are outside what the page accepts: ${refused.join("; ")}. Train it with settings the page offers, or use it in Python.`);
  }
  return key;
}
