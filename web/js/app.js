// The playground's wiring: state ⇄ panels ⇄ data ⇄ training ⇄ plots. Each panel lives in its own
// module (notices, data_panel, model_panel, metrics, legend, files, session, model_view); this
// one creates them, connects their changes and runs the start. The same code runs index.html
// and the compact embed.html (body[data-embed]); every element is optional, so a page may
// leave parts out.

import { runtime } from "./page_runtime.js";
import { createPlot } from "./plot.js";
import { createLossChart } from "./chart.js";
import { paramSpecs, resolveParams, applies, modelTask } from "./models.js";
import { defaultState, parseState, serializeState, suitState } from "./state.js";
import { createCodePanel } from "./code_panel.js";
import { dataTask, generateCode, modelFeatures, sessionConfig } from "./codegen.js";
import { createDataStore, editedData, extentsOf, labelsOf } from "./data.js";
import { firstData } from "./first_data.js";
import { createBootProgress } from "./boot_progress.js";
import { formatNumber } from "./controls.js";
import { shareURL, embedCode, copyText } from "./share.js";
import { createNotices } from "./notices.js";
import { createPlotLayers } from "./plot_layers.js";
import { createLegend } from "./legend.js";
import { createMetrics } from "./metrics.js";
import { createSummary } from "./summary.js";
import { createModelView } from "./model_view.js";
import { createDataPanel } from "./data_panel.js";
import { createModelPanel } from "./model_panel.js";
import { createSession, GRID_SIZE } from "./session.js";
import { createFiles } from "./files.js";
import { describeDifference, settingsSummary } from "./compare.js";

export async function startApp(doc = document) {
  const $ = (testid) => doc.querySelector(`[data-testid="${testid}"]`);
  const on = (el, type, fn) => el && el.addEventListener(type, fn);

  // What the page shows, shared on purpose by the panels it is passed to.
  const parsed = parseState(location.search);
  const firstCopy = firstData(parsed.state); // fetched while the panels are built and Python starts
  const app = {
    state: parsed.state,
    base: null, // data from pyml, before edits
    data: null, // with edits
    extents: { x: [-1, 1], y: [-1, 1] },
    info: null, // create/load answer: task, classes
    task: null,
    classes: null,
    frame: null,
    loaded: false, // the session holds a model loaded from a file
    lastPayload: null,
    limit: null, // the run's count that the page stops at: {name, spec, value} (session.js)
  };

  const csvInfo = () => (app.base ? { task: app.base.task, dims: app.base.dims } : null);
  const currentDataTask = () => dataTask(app.state, csvInfo());
  const features = () => modelFeatures(app.state, csvInfo());
  const summary = () => settingsSummary(app.state, csvInfo());

  const notices = createNotices(doc);
  if (parsed.advice) notices.message("model-message", parsed.advice, "info"); // as picking them would say
  runtime.addEventListener("status", (e) => {
    if (e.detail.stage !== "ready") notices.setStatus(`Starting: ${e.detail.message}…`);
  });
  const store = createDataStore(runtime);

  // Points are added and removed through the data panel, created below.
  const plot = $("plot") ? createPlot($("plot"), { onAdd: (x, y) => dataPanel.addPoint(x, y), onRemove: (p) => dataPanel.removePoint(p) }) : null;
  const chart = $("loss-chart") ? createLossChart($("loss-chart"), { describeDifference }) : null;
  const ctx = { doc, app, runtime, store, plot, chart, notices, dataTask: currentDataTask, features, summary };
  ctx.config = () => sessionConfig(app.state, csvInfo());
  // Train more raised the run's count: the link, the code and the run's label say so.
  ctx.onRunLengthChanged = () => {
    modelPanel.build();
    settingsChanged();
    if (chart) chart.changedDuringRun(summary(), false);
  };
  ctx.onFixLearningRate = (spec, value) => {
    app.state.params[spec.name] = value;
    modelPanel.build();
    settingsChanged();
    session.start().then(() => session.toggle());
  };
  ctx.layers = createPlotLayers(ctx);
  ctx.legend = createLegend(ctx);
  ctx.metrics = createMetrics(ctx);
  ctx.modelSummary = createSummary(ctx);
  ctx.view = createModelView({
    ...ctx,
    gridSize: GRID_SIZE,
    features: () => features() || (app.base?.dims === 1 ? ["x1"] : ["x1", "x2"]),
    drawGrid: (grid) => ctx.layers.drawGrid(grid),
    setStatus: notices.setStatus,
  });
  const session = createSession(ctx);
  ctx.session = session;
  const dataPanel = createDataPanel(ctx, { onDataChanged: dataChanged, onEditsChanged: editsChanged });
  const modelPanel = createModelPanel(ctx, {
    onModelChanged: modelChanged,
    onParamChanged: paramChanged,
    onFeaturesChanged: () => { settingsChanged(); session.start(); },
  });
  const files = createFiles(ctx, {
    loadData: () => dataPanel.load(),
    onModelLoaded: () => {
      modelPanel.build();
      settingsChanged();
      if (chart) chart.newRun(summary(), { keep: Boolean($("compare")?.checked) }); // the file's model, not the last run
    },
    onCSVLoaded: async () => {
      dataPanel.build();
      modelPanel.build();
      ctx.legend.draw();
      settingsChanged();
      await session.start();
    },
  });

  // ---------------------------------------------------------------- changes
  function settingsChanged() {
    const query = serializeState(app.state).toString();
    history.replaceState(null, "", `${location.pathname}${query ? `?${query}` : ""}${location.hash}`);
    updateCode();
    updateShare();
    if (chart) chart.setSettings(summary());
  }

  // A newly picked data set or model gets the settings it needs to learn (datasets.js), or a word
  // on why it cannot; later changes of noise, seed or hyperparameters are the learner's own.
  let suitedFor = `${app.state.dataset}/${app.state.model}`;
  function suitModelToData() {
    const key = `${app.state.dataset}/${app.state.model}`;
    if (key === suitedFor) return;
    suitedFor = key;
    notices.message("model-message", suitState(app.state), "info");
    settingsChanged();
  }

  async function dataChanged() {
    suitModelToData();
    dataPanel.build();
    settingsChanged();
    await dataPanel.load();
    suitModelToData(); // the data may have switched the model
    modelPanel.build();
    await session.start();
  }

  function modelChanged() {
    notices.clear("model");
    suitModelToData();
    modelPanel.build();
    settingsChanged();
    session.start();
  }

  // A setting the model can take while it trains applies to the open run (Train then goes on
  // with it); any other, or one after a run that cannot go on, starts a new model.
  async function paramChanged(spec, value) {
    app.state.params[spec.name] = value;
    const values = resolveParams(app.state.model, app.state.params);
    settingsChanged();
    if (spec.type === "layers" || paramSpecs(app.state.model).some((p) => p.when)) modelPanel.build();
    const running = session.training;
    const open = running?.session != null && !app.loaded && running.state !== "done";
    if (open && app.limit?.name === spec.name) {
      session.setRunLength(value);
      notices.setStatus(`${spec.label} is now ${formatNumber(value)}.`);
      return;
    }
    if (open && spec.live && applies(spec, values, currentDataTask())) {
      try {
        await running.setParams({ [spec.name]: value });
        if (chart) chart.changedDuringRun(summary(), (app.frame?.iteration ?? 0) > 0);
        session.showState();
        notices.setStatus(`${spec.label} is now ${formatNumber(value)}: it applies to this model${running.state === "running" ? " as it trains" : " when it trains on"}.`);
        return;
      } catch (error) {
        notices.notify(`Could not change ${spec.label}: ${error.message}`, "error", [], { subject: "settings" });
      }
    }
    session.start();
  }

  function editsChanged() {
    app.data = editedData(app.base, app.state);
    dataPanel.buildEdits();
    settingsChanged();
    ctx.layers.drawPoints();
    session.start();
  }

  // ---------------------------------------------------------------- before Python
  // While Python boots: the build's copy of this setting's data (first_data.js), drawn at once
  // with its axes, legend and empty metrics. Python then makes the same data and replaces it.
  async function drawFirstData() {
    ctx.view.prepare();
    // The boot's progress goes where the network will be drawn, else over the plot's foot.
    const room = $("network-figure") && !$("network-figure").hidden ? $("network-figure") : $("plot");
    const progress = room ? createBootProgress(room, runtime) : null;
    if (room && room !== $("plot")) progress.note("The network is drawn here once Python has started.");
    const first = await firstCopy;
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
    app.task = modelTask(app.state.model, currentDataTask());
    app.classes = app.task === "classification" ? labelsOf(app.data.y) : null;
    dataPanel.buildEdits();
    ctx.layers.drawPoints();
    ctx.legend.draw();
    ctx.metrics.render(null);
    doc.body.dataset.firstData = "drawn";
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
    if ($("share-url")) $("share-url").value = url;
    if ($("embed-code")) $("embed-code").value = embedCode(location.href, serializeState(app.state));
    if ($("open-playground")) $("open-playground").href = url;
  }

  // The Python panel's install link: the wheel this site serves (named in runtime.json).
  async function linkWheel() {
    const link = $("wheel-link");
    if (!link) return;
    try {
      const config = await (await fetch("runtime.json")).json();
      link.href = config.wheel;
      link.textContent = config.wheel.split("/").pop();
    } catch {
      // Without runtime.json (a page served some other way) the link stays on the folder.
    }
  }

  // ---------------------------------------------------------------- toolbar
  on($("train"), "click", () => session.toggle());
  on($("step"), "click", () => session.training?.step());
  on($("reset"), "click", () => session.start());
  on($("speed"), "change", () => {
    app.state.speed = $("speed").value;
    session.setSpeed(app.state.speed);
    settingsChanged();
  });
  on($("show-test"), "change", () => {
    app.state.showTest = $("show-test").checked;
    ctx.layers.drawPoints();
    ctx.legend.draw();
    settingsChanged();
  });
  on($("discretize"), "change", () => {
    app.state.discretize = $("discretize").checked;
    if (app.frame?.grid) ctx.layers.drawGrid(app.frame.grid);
    settingsChanged();
  });
  on($("clear-runs"), "click", () => chart?.clearKept());
  const copyButton = (testid, text, ok, fallback) => on($(testid), "click", async () => {
    notices.setStatus((await copyText(text())) ? ok : fallback);
  });
  copyButton("copy-code", () => $("code").textContent, "Code copied.", "Select the code and copy it (the clipboard is not available here).");
  createCodePanel(doc, runtime, () => $("code").textContent);
  copyButton("copy-link", () => $("share-url").value, "Link copied.", "Copy the link from the box below.");
  copyButton("copy-embed", () => $("embed-code").value, "Embed code copied.", "Copy the embed code from the box below.");
  doc.addEventListener("keydown", (event) => {
    if (event.target.closest && event.target.closest("input, textarea, select, [role=application]")) return;
    if (event.key === " " && event.target === doc.body) {
      event.preventDefault();
      $("train")?.click();
    }
  });

  // ---------------------------------------------------------------- a restarted Python
  // Python hung or crashed (or a page asked): runtime.js ended it and boots a fresh one, and
  // every session died with the old. The page keeps what it holds (settings, URL, CSV, added
  // points, compare runs), makes the same data in the new Python, and opens an untrained model
  // for the current settings, so Train works at once; a run that was training trains again from
  // the start (a reader of a blog post whose demo was training should not find it stopped
  // because another demo of the page went away). One notice says what happened.
  let restarts = 0;
  runtime.addEventListener("restarted", async (event) => {
    const mine = ++restarts;
    const wasTraining = session.wasTraining();
    session.drop();
    store.invalidate();
    const { reason, message } = event.detail;
    const said = {
      timeout: "Python stopped responding, so the page ended it and started a fresh one.",
      crash: "Python crashed, so the page started a fresh one.",
      requested: "Python was restarted on request.",
    }[reason] || message || "Python was restarted.";
    const kept = wasTraining
      ? "The model you had lived in that Python and is gone; your data and settings are kept, and training starts again from the beginning."
      : app.frame?.iteration > 0 || app.loaded
        ? "The model you had lived in that Python and is gone, but your data and settings are kept: press Train to train a new one."
        : "Your data and settings are kept: press Train to start again.";
    // The runtime's own words (which call, what limit) follow for whoever wants the detail.
    notices.notify(`${said} ${kept}`, "warning", message && message !== said ? [message] : [], { subject: "runtime" });
    notices.setStatus("Starting Python again…");
    if (doc.body.dataset.ready !== "true") return; // the first start is still under way: it goes on in the new Python
    try {
      await runtime.ready;
      if (mine !== restarts) return; // yet another restart: its own handler goes on
      await dataPanel.load();
      notices.clear("data");
      if (mine !== restarts) return;
      await session.start();
      if (wasTraining && mine === restarts) session.toggle();
    } catch (error) {
      if (mine !== restarts) return;
      notices.notify(`Python was restarted, but the page could not start again: ${error.message} Reload the page to try once more.`,
        "error", [], { subject: "runtime" });
      return;
    }
    if (mine === restarts) notices.setStatus("Python is running again.");
  });

  // ---------------------------------------------------------------- start
  if (parsed.notices.length) {
    const n = parsed.notices.length;
    notices.notify(`The link had ${n === 1 ? "a setting" : `${n} settings`} this page cannot use; the defaults are used instead:`, "warning", parsed.notices, { subject: "link" });
  }
  dataPanel.build();
  modelPanel.build();
  if ($("show-test")) $("show-test").checked = app.state.showTest;
  if ($("discretize")) $("discretize").checked = app.state.discretize;
  if ($("speed")) $("speed").value = app.state.speed;
  updateCode();
  updateShare();
  session.showState();
  linkWheel();
  notices.setStatus("Starting Python…");
  await drawFirstData();
  try {
    const { versions } = await runtime.ready;
    if ($("versions")) $("versions").textContent = `pyml ${versions.pyml} · Python ${versions.python} · numpy ${versions.numpy} · Pyodide ${versions.pyodide}`;
  } catch (error) {
    notices.setStatus(`Python could not start: ${error.message}`);
    if ($("versions")) $("versions").textContent = "Python is not running.";
    notices.notify(`Python could not start: ${error.message}`, "error", [], { subject: "python" });
    return null;
  }
  notices.setStatus("");
  try {
    await dataPanel.load();
  } catch {
    // a bad data setting from the link: fall back to the default data
    Object.assign(app.state, { dataset: defaultState().dataset, noise: null, n: null, added: [], removed: [], csv: "" });
    store.invalidate();
    await dataPanel.load();
  }
  dataPanel.build();
  modelPanel.build();
  ctx.legend.draw();
  settingsChanged();
  await session.start();
  doc.body.dataset.ready = "true";

  // For tests and the console: read-only access to what the page shows.
  return {
    get state() { return JSON.parse(JSON.stringify(app.state)); },
    get data() { return app.data; },
    get frame() { return app.frame; },
    get extents() { return app.extents; },
    predict: (X) => session.call("predict", X),
    losses: () => (chart ? chart.currentTrain() : []),
    lossTicks: () => (chart ? chart.iterationTicks() : []),
    sessionRows: () => app.lastPayload?.data.X.length ?? 0,
    code: () => generateCode(app.state, csvInfo()),
    useCSV: files.useCSV,
    loadModelText: files.loadModelText,
    addPoint: (x, y) => dataPanel.addPoint(x, y),
    get training() { return session.training; },
    runtime,
  };
}

if (typeof document !== "undefined" && document.getElementById("app")) {
  startApp(document).then((api) => {
    window.pyml = api;
  });
}
