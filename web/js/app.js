// The playground's wiring: state ⇄ controls ⇄ data ⇄ training ⇄ plots. Each concern lives in its
// own module; this one only connects them. The same code runs index.html and the compact
// embed.html (body[data-embed]); every element is optional, so a page may leave parts out.

import { Runtime, Training } from "./runtime.js";
import { createPlot, pointStyle } from "./plot.js";
import { createLossChart, fmtNumber } from "./chart.js";
import { DATASETS, DATASET_KEYS } from "./datasets.js";
import { MODELS, applies, modelClass, modelTask, paramSpecs, resolveParams, UNSUPERVISED } from "./models.js";
import { FEATURES, dataSettings, defaultState, parseState, serializeState } from "./state.js";
import { generateCode, modelFeatures, sessionConfig } from "./codegen.js";
import { createDataStore, editedData, extentsOf, labelsOf, toCSV, csvColumns, sessionDataOf } from "./data.js";
import { applyHidden, checkboxControl, numberControl, paramControl, rangeControl, selectControl, formatNumber } from "./controls.js";
import { palette, classColor, classShape, rgbCss, sequential } from "./palette.js";
import { shareURL, embedCode, copyText } from "./share.js";
import { firstData } from "./first-data.js";
import { createBootProgress } from "./boot-progress.js";

const GRID_SIZE = 60;
const CURVE_POINTS = 120; // the fitted curve of 1-D data: the model's output at this many x values

// The speed setting: steps per request and how often to ask (every n-th animation frame).
const SPEEDS = {
  slow: { maxSteps: 1, maxMs: 50, every: 8 }, // about 7 steps a second: watch each one
  normal: { maxSteps: 1, maxMs: 25, every: 1 }, // one step a frame: up to 60 a second, every one drawn
  fast: { maxSteps: 200, maxMs: 45, every: 1 }, // as many steps as fit in 45 ms, then one frame drawn
};

// Which view module draws each family (web/js/viz/README.md).
const VIEW_MODULES = { mlp: "network", tree: "tree", kmeans: "kmeans", svm: "svm", pca: "pca", nb: "naive_bayes", anomaly: "anomaly" };

export async function startApp(doc = document, { embed = false } = {}) {
  const $ = (testid) => doc.querySelector(`[data-testid="${testid}"]`);
  const slot = (name) => doc.querySelector(`[data-slot="${name}"]`);
  const on = (el, type, fn) => el && el.addEventListener(type, fn);

  // ---------------------------------------------------------------- state
  const parsed = parseState(location.search);
  const app = {
    state: parsed.state,
    base: null, // data from pyml, before edits
    data: null, // with edits
    extents: { x: [-1, 1], y: [-1, 1] },
    info: null, // create/load answer: task, classes
    task: null,
    classes: null,
    frame: null,
    view: null,
    viewFamily: null,
    neuron: null,
    loaded: false, // the session holds a model loaded from a file
  };
  const notices = [...parsed.notices];

  // ---------------------------------------------------------------- notices
  function notify(text, kind = "info", items = []) {
    const box = $("notices");
    if (!box) return;
    const p = doc.createElement("div");
    p.className = `notice notice-${kind}`;
    p.dataset.testid = "notice";
    const body = doc.createElement("div");
    body.textContent = text; // never HTML: URL values are shown, never interpreted
    if (items.length) {
      const list = doc.createElement("ul");
      for (const item of items) {
        const li = doc.createElement("li");
        li.textContent = item;
        list.append(li);
      }
      body.append(list);
    }
    p.append(body);
    const close = doc.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", "Dismiss this notice");
    close.addEventListener("click", () => p.remove());
    p.append(close);
    box.append(p);
  }
  function message(testid, text, kind = "error") {
    const el = $(testid);
    if (!el) return;
    el.textContent = text;
    el.dataset.kind = kind;
  }
  function setStatus(text) {
    const el = $("status");
    if (el) el.textContent = text;
  }

  // ---------------------------------------------------------------- runtime
  const runtime = new Runtime();
  runtime.addEventListener("status", (e) => {
    if (e.detail.stage !== "ready") setStatus(`Starting: ${e.detail.message}…`);
  });
  const store = createDataStore((code) => runtime.run(code));

  // The current session's Training (runtime.js): one per create or load, replaced, never reused.
  let training = null;

  /** Replace the session: `open(training)` creates or loads it. Resolves with the new Training,
   *  or null when a newer one replaced it meanwhile (then its failure is nobody's business either). */
  async function openTraining(open) {
    if (training) training.dispose().catch(() => {});
    const mine = new Training(runtime, { ...SPEEDS[app.state.speed], paused: true });
    training = mine;
    const current = (fn) => (event) => { if (training === mine) fn(event.detail); };
    mine.addEventListener("frame", current(drawFrame));
    mine.addEventListener("state", current(showTrainerState));
    showTrainerState();
    try {
      await open(mine);
    } catch (error) {
      if (training !== mine) return null;
      throw error;
    }
    if (training !== mine) return null;
    // Listened to only now: a failed create is reported by its caller, not as a training error.
    mine.addEventListener("error", current((error) => {
      setStatus(`Training stopped: ${error.message}`);
      notify(`Training stopped: ${error.name}: ${error.message}`, "error");
    }));
    showTrainerState();
    return mine;
  }

  function sessionCall(method, ...args) {
    if (!training) return Promise.reject(new Error("There is no model yet: press Train or Step first."));
    return training[method](...args);
  }

  // ---------------------------------------------------------------- plots
  const plot = $("plot") ? createPlot($("plot"), { onAdd: addPoint, onRemove: removePoint }) : null;
  const chart = $("loss-chart") ? createLossChart($("loss-chart"), { describeDifference }) : null;

  // ---------------------------------------------------------------- controls
  function dataTaskNow() {
    if (app.state.dataset === "csv") return app.state.csvTask !== "auto" ? app.state.csvTask : app.base?.task || "regression";
    return DATASETS[app.state.dataset].task;
  }
  function csvInfo() {
    return app.base ? { task: app.base.task, dims: app.base.dims } : null;
  }

  function buildDataControls() {
    const box = slot("data-controls");
    if (!box) return;
    box.replaceChildren();
    const s = app.state;
    const info = DATASETS[s.dataset];
    const options = DATASET_KEYS.filter((k) => k !== "csv" || s.dataset === "csv").map((k) => ({ value: k, label: DATASETS[k].label }));
    box.append(selectControl("dataset", "Data set", options, s.dataset, (v) => {
      s.dataset = v;
      s.noise = null;
      s.n = null;
      s.added = [];
      s.removed = [];
      if (s.dataset !== "csv") s.csv = "";
      dataChanged();
    }));
    if (s.dataset !== "csv") {
      const { noise, n } = dataSettings(s);
      box.append(rangeControl("noise", "Noise", { min: 0, max: info.noiseMax, step: info.noiseMax / 50 }, noise, (v) => {
        s.noise = v; s.removed = []; dataChanged();
      }));
      box.append(rangeControl("n", "Samples", { min: 10, max: 1000, step: 1 }, n, (v) => { s.n = v; s.removed = []; dataChanged(); }));
      if (info.classesParam) {
        box.append(rangeControl("classes", "Classes", { min: 2, max: 6, step: 1 }, s.classes, (v) => { s.classes = v; s.added = []; s.removed = []; dataChanged(); }));
      }
    }
    box.append(rangeControl("test", "Test data", { min: 0, max: 90, step: 5 }, s.test, (v) => { s.test = v; s.removed = []; dataChanged(); }, (v) => `${v}%`));
    box.append(numberControl("seed", "Seed", { min: 0, max: 2147483647, step: 1 }, s.seed, (v) => { s.seed = Math.trunc(v); s.removed = []; dataChanged(); }));
    const regen = doc.createElement("button");
    regen.type = "button";
    regen.textContent = "Regenerate";
    regen.dataset.testid = "regenerate";
    regen.dataset.control = "regenerate";
    regen.setAttribute("aria-label", "Regenerate the data with the next seed");
    regen.addEventListener("click", () => { s.seed = (s.seed + 1) % 2147483647; s.removed = []; s.added = []; dataChanged(); });
    box.append(regen);
    buildEditControls();
  }

  // The class (or value) that a click adds.
  let pick = null;
  function buildEditControls() {
    const box = slot("edit-controls");
    if (!box) return;
    box.replaceChildren();
    const task = dataTaskNow();
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
    clear.addEventListener("click", () => { app.state.added = []; app.state.removed = []; editsChanged(); });
    box.append(clear);
  }

  function buildModelControls() {
    const box = slot("model-controls");
    if (!box) return;
    // Rebuilding must not lose the keyboard focus (e.g. on a layer's "+" button).
    const focused = box.contains(doc.activeElement) ? doc.activeElement.dataset.testid : null;
    box.replaceChildren();
    if (focused) queueMicrotask(() => box.querySelector(`[data-testid="${focused}"]`)?.focus());
    const s = app.state;
    const task = dataTaskNow();
    const groups = {};
    for (const key of Object.keys(MODELS)) {
      if (!modelClass(key, task)) continue;
      const t = modelTask(key, task);
      (groups[t] ||= []).push({ value: key, label: MODELS[key].label });
    }
    const order = ["classification", "regression", ...UNSUPERVISED];
    const names = { classification: "Classification", regression: "Regression", clustering: "Clustering", decomposition: "Decomposition", anomaly: "Anomaly detection" };
    const options = order.filter((t) => groups[t]).map((t) => ({ group: names[t], options: groups[t] }));
    box.append(selectControl("model", "Model", options, s.model, (v) => {
      s.model = v;
      s.params = {};
      modelChanged();
    }));
    const values = resolveParams(s.model, s.params);
    for (const spec of paramSpecs(s.model)) {
      const control = paramControl(spec, values[spec.name], (v) => paramChanged(spec, v));
      control.hidden = !applies(spec, values, task);
      box.append(control);
    }
    buildFeatures();
    hideControls();
  }

  function buildFeatures() {
    const box = slot("features");
    const fieldset = $("features");
    if (!box) return;
    box.replaceChildren();
    const dims = app.base ? app.base.dims : DATASETS[app.state.dataset].dims || 2;
    const usable = MODELS[app.state.model].usesFeatures && dims <= 2;
    if (fieldset) fieldset.hidden = !usable;
    if (!usable) return;
    const allowed = dims === 1 ? ["x1", "x1^2", "sin(x1)"] : FEATURES;
    for (const f of allowed) {
      const pretty = f.replace("^2", "²").replace("*", "·");
      const control = checkboxControl(`feature-${f}`, pretty, app.state.features.includes(f), (checked) => {
        const set = new Set(app.state.features);
        if (checked) set.add(f); else set.delete(f);
        if (![...set].some((g) => allowed.includes(g))) {
          notify("The model needs at least one input feature; x1 is kept.");
          set.add("x1");
        }
        app.state.features = FEATURES.filter((g) => set.has(g));
        buildFeatures();
        settingsChanged();
        newSession();
      });
      control.dataset.testid = `feature-${f}`;
      box.append(control);
    }
  }

  function hideControls() {
    const root = doc.body;
    applyHidden(root, new Set(app.state.hide));
  }

  function syncSwitches() {
    const s = app.state;
    if ($("show-test")) $("show-test").checked = s.showTest;
    if ($("discretize")) $("discretize").checked = s.discretize;
    if ($("speed")) $("speed").value = s.speed;
  }

  // ---------------------------------------------------------------- changes
  function settingsChanged() {
    const query = serializeState(app.state).toString();
    history.replaceState(null, "", `${location.pathname}${query ? `?${query}` : ""}${location.hash}`);
    updateCode();
    updateShare();
    if (chart) chart.setSettings(settingsSummary());
  }

  async function dataChanged() {
    buildDataControls();
    settingsChanged();
    await loadData();
    buildModelControls();
    await newSession();
  }

  function modelChanged() {
    buildModelControls();
    settingsChanged();
    newSession();
  }

  async function paramChanged(spec, value) {
    app.state.params[spec.name] = value;
    const values = resolveParams(app.state.model, app.state.params);
    settingsChanged();
    if (spec.type === "layers" || paramSpecs(app.state.model).some((p) => p.when)) buildModelControls();
    const running = training;
    const live = spec.live && running?.session != null && !app.loaded && applies(spec, values, dataTaskNow());
    if (live) {
      try {
        await running.setParams({ [spec.name]: value });
        const wasDone = running.state === "done";
        setStatus(`${spec.label} is now ${formatNumber(value)}${wasDone ? "" : " (training goes on)"}.`);
        return;
      } catch (error) {
        notify(`Could not change ${spec.label}: ${error.message}`, "error");
      }
    }
    newSession();
  }

  function editsChanged() {
    app.data = editedData(app.base, app.state);
    buildEditControls();
    settingsChanged();
    drawPoints();
    newSession();
  }

  function addPoint(x, y) {
    if (!app.base) return;
    if (app.base.dims > 2) {
      setStatus(`Points can be added to data with one or two input columns; this data has ${app.base.dims}.`);
      return;
    }
    const task = dataTaskNow();
    let label;
    if (app.base.dims === 1) label = y;
    else if (task === "classification") label = pick;
    else label = typeof pick === "number" ? pick : 0;
    if (app.state.added.length >= 1000) {
      notify("At most 1000 added points.");
      return;
    }
    const r = (v) => Number(v.toPrecision(4));
    app.state.added = [...app.state.added, [r(x), r(y), typeof label === "number" ? r(label) : label]];
    editsChanged();
    setStatus(`Added a point at (${fmtNumber(x)}, ${fmtNumber(y)})${app.base.dims === 1 ? "" : ` with ${task === "classification" ? "class" : "target"} ${label}`}.`);
  }

  function removePoint(p) {
    if (p.added) app.state.added = app.state.added.filter((_, i) => i !== p.index);
    else app.state.removed = [...app.state.removed, p.index].sort((a, b) => a - b);
    editsChanged();
    setStatus(`Removed the point at (${fmtNumber(p.x)}, ${fmtNumber(p.y)}).`);
  }

  // ---------------------------------------------------------------- data
  // While Python boots: the build's copy of this setting's data (first-data.js), drawn at once
  // with its axes, legend and empty metrics. Python then makes the same data and replaces it.
  async function drawFirstData() {
    const progress = $("plot") ? createBootProgress($("plot"), runtime) : null;
    const first = await firstData(app.state);
    if (!first || app.base) {
      progress?.note("The data is drawn when Python is ready.");
      doc.body.dataset.firstData = "none";
      return;
    }
    app.base = first;
    app.data = editedData(first, app.state);
    app.extents = extentsOf(app.data, first.dims);
    const cols = first.columns;
    if (plot) plot.setExtents(app.extents, { x: cols[0], y: first.dims === 1 ? cols[cols.length - 1] : cols[1] });
    app.task = modelTask(app.state.model, dataTaskNow());
    app.classes = app.task === "classification" ? labelsOf(app.data.y) : null;
    buildEditControls();
    drawPoints();
    drawLegend();
    renderMetrics(null);
    doc.body.dataset.firstData = "drawn";
  }

  async function loadData() {
    try {
      app.base = await store.load(app.state);
    } catch (error) {
      notify(`Could not make the data: ${error.message}`, "error");
      throw error;
    }
    if (app.state.removed.some((i) => i >= app.base.X.length)) {
      notify("Ignored removed points that are not in this data.");
      app.state.removed = app.state.removed.filter((i) => i < app.base.X.length);
    }
    app.data = editedData(app.base, app.state);
    app.extents = extentsOf(app.data, app.base.dims);
    const task = dataTaskNow();
    if (!modelClass(app.state.model, task)) {
      const fallback = task === "classification" ? "logistic" : "linear";
      notify(`${MODELS[app.state.model].label} does not fit ${task} data; switched to ${MODELS[fallback].label}.`);
      app.state.model = fallback;
      app.state.params = {};
    }
    const cols = app.base.columns;
    if (plot) plot.setExtents(app.extents, { x: cols[0], y: app.base.dims === 1 ? cols[cols.length - 1] : cols[1] });
    buildEditControls();
    drawPoints();
  }

  function currentFeatures() {
    return modelFeatures(app.state, csvInfo());
  }

  function gridRequest() {
    if (!app.base || app.base.dims > 2) return undefined;
    if (app.base.dims === 1) return { x: app.extents.x, size: CURVE_POINTS };
    return { x: app.extents.x, y: app.extents.y, size: GRID_SIZE };
  }

  function sessionData(supervised = true) {
    return sessionDataOf(app.data, currentFeatures(), supervised);
  }

  async function newSession({ keep } = {}) {
    if (!app.data) return;
    const config = sessionConfig(app.state, csvInfo());
    const supervised = ["classification", "regression"].includes(config.task);
    app.loaded = false;
    app.frame = null;
    if ($("iteration")) $("iteration").textContent = "0";
    if ($("loss-readout")) $("loss-readout").textContent = "";
    if (chart) chart.newRun(settingsSummary(), { keep: keep ?? Boolean($("compare")?.checked) });
    if (plot) {
      plot.clearGrid();
      plot.setCurve(null);
    }
    if (app.view) app.view.reset();
    if (plot) plot.render();
    const data = sessionData(supervised);
    const payload = { model: config.model, params: config.params, data, grid: gridRequest() };
    app.lastPayload = payload;
    setStatus("");
    let opened;
    try {
      opened = await openTraining((t) => t.open(payload));
    } catch (error) {
      setStatus(`Could not create the model: ${error.message}`);
      notify(`Could not create the model: ${error.name}: ${error.message}`, "error");
      return;
    }
    if (opened) sessionReady(opened.info);
  }

  function sessionReady(info) {
    app.info = info;
    app.task = info.task === "classification" || info.task === "regression" ? info.task : modelTask(app.state.model, dataTaskNow());
    app.classes = info.classes || (dataTaskNow() === "classification" ? labelsOf(app.data.y) : null);
    if (chart) chart.setLossName(info.loss_name);
    drawPoints();
    drawLegend();
    renderMetrics(null);
    loadView();
    showTrainerState();
  }

  // ---------------------------------------------------------------- drawing
  function valueRange() {
    const ys = app.base ? [...app.base.y, ...(app.base.y_test || [])].filter((v) => typeof v === "number") : [];
    return ys.length ? [Math.min(...ys), Math.max(...ys)] : [0, 1];
  }

  function pointColouring() {
    const dataTask = dataTaskNow();
    if (dataTask === "regression") {
      if (app.base && app.base.dims === 1) return { task: "classification", classes: [], clusterOf: () => 1, shape: "circle" };
      return { task: "regression", valueRange: valueRange() };
    }
    const classes = dataTask === "classification" ? (app.classes && app.task === "classification" ? app.classes : labelsOf(app.data.y)) : [];
    return { task: "classification", classes };
  }

  function drawPoints() {
    if (!plot || !app.data) return;
    const colouring = pointColouring();
    plot.setPoints({ train: app.data.train, test: app.data.test }, { showTest: app.state.showTest, ...pointStyle(colouring) });
  }

  function drawLegend() {
    const box = $("legend");
    if (!box || !app.data) return;
    box.replaceChildren();
    const items = [];
    const dataTask = dataTaskNow();
    if (dataTask === "classification") {
      const classes = pointColouring().classes;
      classes.forEach((c, i) => items.push({ color: classColor(i), shape: classShape(i), text: `class ${c}` }));
    } else if (app.base.dims === 2) {
      const [lo, hi] = valueRange();
      const bar = doc.createElement("div");
      bar.className = "legend-ramp";
      bar.style.background = `linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1].map((t) => rgbCss(sequential(t))).join(", ")})`;
      const label = doc.createElement("p");
      label.textContent = `${app.base.columns[app.base.columns.length - 1]}: ${fmtNumber(lo)} … ${fmtNumber(hi)}`;
      box.append(label, bar);
    } else {
      items.push({ color: classColor(1), shape: "circle", text: "data" }, { color: "#CC79A7", shape: "line", text: "model's prediction" });
    }
    items.push({ color: "#555", shape: "filled", text: "training point (filled)" });
    if (app.data.test.length) items.push({ color: "#555", shape: "hollow", text: app.state.showTest ? "test point (hollow)" : "test points (hollow): tick “Show test data”" });
    const list = doc.createElement("ul");
    for (const item of items) {
      const li = doc.createElement("li");
      const swatch = doc.createElement("span");
      swatch.className = `swatch swatch-${item.shape}`;
      swatch.style.setProperty("--swatch", item.color);
      swatch.setAttribute("aria-hidden", "true");
      li.append(swatch, ` ${item.text}`);
      list.append(li);
    }
    box.append(list);
    const background = {
      clustering: "Background: the cluster each place of the plane belongs to.",
      anomaly: "Background: the density p(x) of the fitted Gaussian, darker where x is more likely; shaded red where the model flags an anomaly (p(x) < ε). The line is where p(x) = ε; the plus marks the mean μ.",
      decomposition: "The line: the principal components, drawn from the data's mean.",
    }[modelTask(app.state.model, dataTask)];
    if (background) {
      const p = doc.createElement("p");
      p.textContent = background;
      box.append(p);
    }
  }

  function gridMode() {
    const task = app.task;
    if (task === "classification") return (app.classes || []).length <= 2 ? "proba" : "class";
    if (task === "regression") return "value";
    if (MODELS[app.state.model].tasks.anomaly) return "density";
    return "class";
  }

  // The frame's grid: a heatmap over the plane, or for one input column the fitted curve.
  function drawGrid(grid) {
    if (!plot) return;
    const values = grid.values instanceof Float32Array ? grid.values : toFloat32(grid.values);
    if (values.length === grid.size) {
      if (app.task !== "regression") return;
      const [x0, x1] = app.extents.x;
      const xs = Array.from({ length: grid.size }, (_, i) => x0 + ((x1 - x0) * i) / (grid.size - 1)); // np.linspace
      plot.setCurve({ xs, ys: values });
      return;
    }
    const mode = gridMode();
    const range = mode === "density" ? densityRange(values, app.frame?.view?.epsilon) : valueRange();
    plot.drawGrid({ size: grid.size, values }, { mode, discretize: app.state.discretize, range });
  }

  // log p(x) from the threshold log ε (the lowest value, without ε) to the highest on the plot.
  function densityRange(values, epsilon) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of values) {
      if (v > -Infinity && v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return [epsilon > 0 ? Math.log(epsilon) : lo, hi];
  }

  function drawFrame(frame) {
    app.frame = frame;
    if (chart) chart.addFrame(frame);
    const counter = $("iteration");
    if (counter) counter.textContent = String(frame.iteration);
    if (frame.grid && !app.neuron) drawGrid(frame.grid);
    renderMetrics(frame);
    const readout = $("loss-readout");
    if (readout) {
      const name = app.info?.loss_name || "loss";
      readout.textContent = frame.loss != null
        ? `${name[0].toUpperCase()}${name.slice(1)} on the training data ${fmtNumber(frame.loss)}` +
          `${frame.test_loss != null ? `, on the test data ${fmtNumber(frame.test_loss)}` : ""} at iteration ${frame.iteration}.`
        : frame.iteration > 0 ? "This model is fitted in one go, without a cost to minimise step by step: there is no loss curve." : "";
    }
    updateView(frame);
  }

  // The metrics box keeps its tables while their shape stays the same and rewrites only the
  // cells whose text changed: rebuilding them at every frame made the browser lay out and paint
  // the whole page once per frame.
  let metricsShape = "";
  function renderMetrics(frame) {
    const box = $("metrics");
    if (!box) return;
    const metrics = frame?.metrics || {};
    const rows = [];
    if (app.task === "classification") rows.push(["accuracy", (m) => (m.accuracy != null ? `${(100 * m.accuracy).toFixed(1)}%` : "–")]);
    if (app.task === "regression") rows.push(["RMSE", (m) => fmtNumber(m.rmse)], ["R²", (m) => (m.r2 != null ? m.r2.toFixed(3) : "–")]);
    rows.push(["loss", (m, part) => fmtNumber(part === "train" ? frame?.loss : frame?.test_loss)]);
    const confusion = app.task === "classification" ? frameConfusion(frame) : null;
    const shape = JSON.stringify([rows.map(([name]) => name), confusion && [confusion.part, app.classes.map(String)]]);
    if (shape !== metricsShape || !box.firstChild) {
      metricsShape = shape;
      box.replaceChildren(metricTable(rows.map(([name]) => name)), ...(confusion ? [confusionTable(confusion)] : []));
    }
    const cells = box.querySelector(".metric-table").querySelectorAll("td");
    let i = 0;
    for (const [, get] of rows) for (const part of ["train", "test"]) setText(cells[i++], frame ? get(metrics[part] || {}, part) : "–");
    if (confusion) fillConfusion(box.querySelector(".confusion"), confusion.matrix);
  }

  function setText(el, text) {
    if (el.textContent !== text) el.textContent = text;
  }

  function metricTable(names) {
    const table = doc.createElement("table");
    table.className = "metric-table";
    const caption = doc.createElement("caption");
    caption.textContent = "How well the model does";
    table.append(caption);
    const head = doc.createElement("tr");
    head.append(th(""), th("train"), th("test"));
    table.append(head);
    for (const name of names) {
      const tr = doc.createElement("tr");
      tr.append(th(name, "row"));
      for (const part of ["train", "test"]) {
        const td = doc.createElement("td");
        td.dataset.testid = `metric-${part}-${name.toLowerCase().replace("²", "2")}`;
        tr.append(td);
      }
      table.append(tr);
    }
    return table;
  }

  function frameConfusion(frame) {
    const metrics = frame?.metrics || {};
    for (const part of ["test", "train"]) if (metrics[part]?.confusion) return { part, matrix: metrics[part].confusion };
    return null;
  }

  function confusionTable({ part, matrix }) {
    const table = doc.createElement("table");
    table.className = "confusion";
    table.dataset.testid = "confusion";
    const caption = doc.createElement("caption");
    caption.textContent = `Confusion matrix (${part} data): rows are the true class, columns the predicted one`;
    table.append(caption);
    const head = doc.createElement("tr");
    head.append(th("true \\ predicted"));
    app.classes.forEach((c) => head.append(th(String(c), "col")));
    table.append(head);
    matrix.forEach((row, i) => {
      const tr = doc.createElement("tr");
      tr.append(th(String(app.classes[i]), "row"));
      row.forEach(() => tr.append(doc.createElement("td")));
      table.append(tr);
    });
    return table;
  }

  function fillConfusion(table, matrix) {
    const max = Math.max(1, ...matrix.flat());
    matrix.forEach((row, i) => {
      row.forEach((count, j) => {
        const td = table.rows[i + 1].cells[j + 1];
        setText(td, String(count));
        const strength = count / max;
        const background = i === j ? `rgba(0, 114, 178, ${0.15 + 0.5 * strength})` : count ? `rgba(213, 94, 0, ${0.15 + 0.5 * strength})` : "";
        if (td.dataset.background !== background) {
          td.dataset.background = background;
          td.style.background = background;
        }
      });
    });
  }

  function th(text, scope) {
    const el = doc.createElement("th");
    el.textContent = text;
    if (scope) el.scope = scope;
    return el;
  }

  // ---------------------------------------------------------------- model views
  function viewContext() {
    const extent = { x: app.extents.x, y: app.extents.y };
    return {
      task: app.task,
      classes: app.classes,
      extents: extent,
      extent,
      features: currentFeatures() || (app.base?.dims === 1 ? ["x1"] : ["x1", "x2"]),
      points: app.data ? { X: app.data.X, y: app.data.y } : null,
      palette,
      gridSize: GRID_SIZE,
    };
  }

  function updateView(frame) {
    if (!app.view || !frame) return;
    safely(() => app.view.update(frame, viewContext()));
    if (app.view.draw && plot) plot.render();
  }

  async function loadView() {
    const family = MODELS[app.state.model].family;
    if (family === app.viewFamily) {
      if (app.view) app.view.reset();
      return;
    }
    app.viewFamily = family;
    const panel = $("model-view");
    if (app.view) {
      app.view.reset();
      if (app.view.destroy) app.view.destroy();
    }
    app.view = null;
    if (panel) panel.replaceChildren();
    if (plot) plot.setOverlayDraw(null);
    const name = VIEW_MODULES[family];
    if (!name) return;
    let module;
    try {
      module = await import(`./viz/${name}.js`);
    } catch (error) {
      console.warn(`No view module for ${family}:`, error); // eslint-disable-line no-console
      return;
    }
    if (app.viewFamily !== family || !module.createView) return;
    const box = doc.createElement("div");
    box.className = "view-box";
    if (panel) panel.append(box);
    app.view = module.createView(box, { onHoverNeuron: showNeuron });
    if (app.view.draw && plot) plot.setOverlayDraw((ctx, transform) => app.view?.draw(ctx, transform));
    updateView(app.frame);
  }

  // The network view reports the hovered neuron: (layer, index, {size, values, domain}) or (null).
  function showNeuron(layer, index, thumb) {
    app.neuron = layer === null || layer === undefined || !thumb ? null : { layer, index, thumb };
    if (app.neuron) {
      const values = thumb.values instanceof Float32Array ? thumb.values : Float32Array.from(thumb.values);
      plot?.drawGrid({ size: thumb.size, values }, { mode: "signed", discretize: app.state.discretize, range: thumb.domain || [-1, 1] });
      setStatus(`Showing the output of neuron ${index + 1} of ${layer === 0 ? "the inputs" : `layer ${layer}`} over the plane.`);
    } else if (app.frame?.grid) {
      drawGrid(app.frame.grid);
      setStatus("");
    }
  }

  // ---------------------------------------------------------------- training state
  function showTrainerState() {
    // A session still opening has no number yet: nothing to train; stopped or failed ones none any more.
    const state = !training || (training.session === null && training.state !== "error") ? "none" : training.state;
    const running = state === "running";
    const train = $("train");
    if (train) {
      train.textContent = running ? "Pause" : state === "done" ? "Done" : "Train";
      train.setAttribute("aria-pressed", String(running));
      train.disabled = state !== "running" && state !== "paused";
    }
    if ($("step")) $("step").disabled = state !== "paused";
    const label = $("iteration-label");
    if (label) label.textContent = MODELS[app.state.model].params.some((p) => p.name === "n_epochs") ? "Epoch" : "Iteration";
    if (state === "done" && app.frame) setStatus(app.loaded ? "Loaded model: its predictions are shown." : `Finished after ${app.frame.iteration} iteration${app.frame.iteration === 1 ? "" : "s"}.`);
    doc.body.dataset.training = state;
  }

  // ---------------------------------------------------------------- compare runs
  function settingsSummary() {
    const s = app.state;
    const summary = { model: MODELS[s.model].label };
    const values = resolveParams(s.model, s.params);
    for (const spec of paramSpecs(s.model)) if (applies(spec, values, dataTaskNow())) summary[spec.label] = values[spec.name];
    summary.features = (currentFeatures() || ["x1", "x2"]).join(" ");
    summary.data = `${s.dataset} n=${dataSettings(s).n} noise=${dataSettings(s).noise} seed=${s.seed}`;
    return summary;
  }

  function describeDifference(before, now) {
    if (!before || !now) return "";
    const parts = [];
    for (const key of Object.keys(before)) {
      if (JSON.stringify(before[key]) !== JSON.stringify(now[key])) {
        const v = before[key];
        parts.push(`${key.toLowerCase()} ${Array.isArray(v) ? v.join(",") : typeof v === "number" ? formatNumber(v) : v}`);
      }
    }
    return parts.length ? parts.slice(0, 3).join(", ") : "same settings";
  }

  // ---------------------------------------------------------------- code and sharing
  function updateCode() {
    const el = $("code");
    if (!el) return;
    try {
      el.textContent = generateCode(app.state, csvInfo());
    } catch (error) {
      el.textContent = `# The code could not be written: ${error.message}`;
    }
  }

  function updateShare() {
    const url = shareURL(location.href, serializeState(app.state), "index.html");
    const input = $("share-url");
    if (input) input.value = url;
    const embedBox = $("embed-code");
    if (embedBox) embedBox.value = embedCode(location.href, serializeState(app.state));
    const open = $("open-playground");
    if (open) open.href = url;
  }

  // ---------------------------------------------------------------- files
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
      const text = await sessionCall("save");
      download(`pyml-${modelClass(app.state.model, dataTaskNow())}.json`, text, "application/json");
      message("model-message", "Model downloaded. Load it here or in Python with pyml.load(open(path).read()).", "ok");
    } catch (error) {
      message("model-message", `Could not save the model: ${error.message}`);
    }
  });

  on($("model-file"), "change", async (event) => {
    const file = event.target.files[0];
    event.target.value = "";
    if (!file) return;
    const text = await file.text();
    await loadModelText(text, file.name);
  });

  async function loadModelText(text, name = "the file") {
    if (!app.data) return;
    const data = sessionData();
    let opened;
    try {
      opened = await openTraining((t) => t.load(text, { data, grid: gridRequest() }));
    } catch (error) {
      message("model-message", `${name} is not a usable pyml model: ${error.message}`);
      await newSession();
      return false;
    }
    if (!opened) return false;
    const { info } = opened;
    const key = Object.keys(MODELS).find((k) => Object.values(MODELS[k].tasks).includes(info.model));
    if (key) {
      app.state.model = key;
      app.state.params = {};
      for (const spec of paramSpecs(key)) {
        const v = info.params[spec.name];
        if (v !== undefined && v !== null) app.state.params[spec.name] = v;
      }
      buildModelControls();
      settingsChanged();
    }
    app.loaded = true;
    sessionReady(info);
    message("model-message", `Loaded ${info.model} from ${name}. Its predictions are shown; change a setting or press Reset to train a new model.`, "ok");
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
    if (file.size > 20000) {
      message("csv-message", `${file.name} is ${Math.round(file.size / 1000)} kB; the playground takes CSV files up to 20 kB.`);
      return;
    }
    csvText.value = await file.text();
    refreshTargetChoices();
    message("csv-message", `Read ${file.name}: choose the target column and press "Use this CSV".`, "ok");
  });
  on($("csv-load"), "click", () => useCSV(csvText.value, Number($("csv-target").value), $("csv-task").value));

  async function useCSV(text, target, task) {
    if (!text.trim()) {
      message("csv-message", "Paste CSV text or choose a file first.");
      return false;
    }
    if (text.length > 20000) {
      message("csv-message", `The CSV has ${text.length} characters; the playground takes up to 20000.`);
      return false;
    }
    const previous = JSON.parse(JSON.stringify(app.state));
    const previousBase = app.base;
    Object.assign(app.state, { dataset: "csv", csv: text, target, csvTask: task, added: [], removed: [] });
    try {
      await loadData();
    } catch (error) {
      // Nothing is lost: the previous data and settings come back.
      app.state = previous;
      app.base = previousBase;
      store.invalidate();
      app.data = editedData(app.base, app.state);
      message("csv-message", `The CSV was not loaded, and your current data is unchanged. ${error.message}`);
      return false;
    }
    message("csv-message", `Loaded ${app.base.X.length + (app.base.X_test?.length || 0)} rows with ${app.base.dims} input column(s); the target is ${app.base.columns[app.base.columns.length - 1]} (${dataTaskNow()}).`, "ok");
    buildDataControls();
    buildModelControls();
    drawLegend();
    settingsChanged();
    await newSession();
    return true;
  }

  // ---------------------------------------------------------------- toolbar
  on($("train"), "click", () => {
    if (training?.state === "running") training.pause();
    else training?.resume();
  });
  on($("step"), "click", () => training?.step());
  on($("reset"), "click", () => newSession());
  on($("speed"), "change", () => {
    app.state.speed = $("speed").value;
    if (training) Object.assign(training.limits, SPEEDS[app.state.speed]);
    settingsChanged();
  });
  on($("show-test"), "change", () => {
    app.state.showTest = $("show-test").checked;
    drawPoints();
    drawLegend();
    settingsChanged();
  });
  on($("discretize"), "change", () => {
    app.state.discretize = $("discretize").checked;
    if (app.frame?.grid) drawGrid(app.frame.grid);
    settingsChanged();
  });
  on($("clear-runs"), "click", () => chart?.clearKept());
  on($("copy-code"), "click", async () => {
    const ok = await copyText($("code").textContent);
    setStatus(ok ? "Code copied." : "Select the code and copy it (the clipboard is not available here).");
  });
  on($("copy-link"), "click", async () => {
    const ok = await copyText($("share-url").value);
    setStatus(ok ? "Link copied." : "Copy the link from the box below.");
  });
  on($("copy-embed"), "click", async () => {
    const ok = await copyText($("embed-code").value);
    setStatus(ok ? "Embed code copied." : "Copy the embed code from the box below.");
  });
  doc.addEventListener("keydown", (event) => {
    if (event.target.closest && event.target.closest("input, textarea, select, [role=application]")) return;
    if (event.key === " " && event.target === doc.body) {
      event.preventDefault();
      $("train")?.click();
    }
  });

  // ---------------------------------------------------------------- start
  if (notices.length) {
    notify(`The link had ${notices.length === 1 ? "a setting" : `${notices.length} settings`} this page cannot use; the defaults are used instead:`, "warning", notices);
  }
  buildDataControls();
  buildModelControls();
  syncSwitches();
  updateCode();
  updateShare();
  showTrainerState();
  setStatus("Starting Python…");
  await drawFirstData();
  let versions;
  try {
    const info = await runtime.ready;
    versions = info.versions;
    const el = $("versions");
    if (el) el.textContent = `pyml ${versions.pyml} · Python ${versions.python} · numpy ${versions.numpy} · Pyodide ${versions.pyodide}`;
  } catch (error) {
    setStatus(`Python could not start: ${error.message}`);
    const el = $("versions");
    if (el) el.textContent = "Python is not running.";
    notify(`Python could not start: ${error.message}`, "error");
    return null;
  }
  setStatus("");
  try {
    await loadData();
  } catch {
    // a bad data setting from the link: fall back to the default data
    Object.assign(app.state, { dataset: defaultState().dataset, noise: null, n: null, added: [], removed: [], csv: "" });
    store.invalidate();
    await loadData();
  }
  buildDataControls();
  buildModelControls();
  drawLegend();
  settingsChanged();
  await newSession();
  doc.body.dataset.ready = "true";

  // For tests and the console: read-only access to what the page shows.
  const api = {
    get state() { return JSON.parse(JSON.stringify(app.state)); },
    get data() { return app.data; },
    get frame() { return app.frame; },
    get extents() { return app.extents; },
    predict: (X) => sessionCall("predict", X),
    losses: () => (chart ? chart.currentTrain() : []),
    lossTicks: () => (chart ? chart.iterationTicks() : []),
    sessionRows: () => app.lastPayload?.data.X.length ?? 0,
    code: () => generateCode(app.state, csvInfo()),
    useCSV,
    loadModelText,
    addPoint,
    get training() { return training; },
    runtime,
  };
  return api;
}

function toFloat32(values) {
  if (values instanceof ArrayBuffer) return new Float32Array(values);
  if (ArrayBuffer.isView(values)) return new Float32Array(values.buffer, values.byteOffset, values.byteLength / 4);
  return Float32Array.from(values);
}

function safely(fn) {
  try {
    fn();
  } catch (error) {
    console.warn("A model view failed to draw:", error); // eslint-disable-line no-console
  }
}

if (typeof document !== "undefined" && document.getElementById("app")) {
  startApp(document, { embed: document.body.dataset.embed === "true" }).then((api) => {
    window.pyml = api;
  });
}
