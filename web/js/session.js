// The training session: one Training (runtime.js) per create or load, replaced, never reused.
// It opens the session for the current data and settings, draws each frame it brings (counter,
// loss chart and read-out, heatmap, metrics, the model's view) and shows the toolbar's state.

import { Training } from "./runtime.js";
import { fmtNumber } from "./chart.js";
import { labelsOf, sessionDataOf } from "./data.js";
import { MODELS, applies, modelTask, paramSpecs, resolveParams } from "./models.js";
import { formatNumber } from "./controls.js";

// The speed setting: steps per request and how often to ask (every n-th animation frame).
export const SPEEDS = {
  slow: { maxSteps: 1, maxMs: 50, every: 8 }, // about 7 steps a second: watch each one
  normal: { maxSteps: 1, maxMs: 25, every: 1 }, // one step a frame: up to 60 a second, every one drawn
  fast: { maxSteps: 200, maxMs: 45, every: 1 }, // as many steps as fit in 45 ms, then one frame drawn
};

export const GRID_SIZE = 60;
// The hyperparameters that count a run's iterations. The page stops the run at their value
// itself and keeps the session open (the model is created with the table's maximum), so that
// after a run "Train more" goes on with the same model, as fit_iter would had the count been
// larger from the start: the Python panel, with the new count, gives the same numbers.
const RUN_LENGTHS = ["n_iter", "n_epochs"];
// Errors of the runtime itself, not of the model: each comes with a "restarted" event.
const RUNTIME_FAILURES = ["TimeoutError", "WorkerError", "ClosedError"];
const CURVE_POINTS = 120; // the fitted curve of 1-D data: the model's output at this many x values

export function createSession(ctx) {
  const { doc, app, runtime, chart, plot, layers, metrics, legend, view, notices, dataTask, features, summary } = ctx;
  const chartBlock = doc.querySelector('[data-control="chart"]');
  const $ = (testid) => doc.querySelector(`[data-testid="${testid}"]`);
  let training = null;
  let generation = 0; // counts replacements: a load that finishes after one is dropped
  let lastState = null; // the current run's state before a failure ended it

  /** Replace the session: `open(training)` creates or loads it. Resolves with the new Training,
   *  or null when a newer one replaced it meanwhile (then its failure is nobody's business either). */
  async function openTraining(open) {
    if (training) training.dispose().catch(() => {});
    const mine = adopt(newTraining());
    try {
      await open(mine);
    } catch (error) {
      if (training !== mine) return null;
      throw error;
    }
    if (training !== mine) return null;
    listenForErrors(mine);
    showState();
    return mine;
  }

  /**
   * Open a session beside the current one, which stays until `accept(info)` returns: a throw
   * (or a failed open) leaves the page as it was and disposes the newcomer. Resolves with the
   * new Training, or null when another session replaced the current one meanwhile.
   */
  async function openBeside(open, accept) {
    const mine = newTraining();
    const asked = generation;
    try {
      await open(mine);
      if (generation !== asked) {
        mine.dispose().catch(() => {});
        return null;
      }
      accept(mine.info);
    } catch (error) {
      mine.dispose().catch(() => {});
      throw error;
    }
    if (training) training.dispose().catch(() => {});
    adopt(mine);
    listenForErrors(mine);
    showState();
    return mine;
  }

  function newTraining() {
    return new Training(runtime, { ...SPEEDS[app.state.speed], paused: true });
  }

  /** Make `mine` the current Training: only its events draw from now on. */
  function adopt(mine) {
    generation += 1;
    training = mine;
    const current = (fn) => (event) => { if (training === mine) fn(event.detail); };
    mine.addEventListener("frame", current(drawFrame));
    mine.addEventListener("state", current((state) => {
      if (state !== "error") lastState = state;
      showState();
    }));
    lastState = mine.state;
    showState();
    return mine;
  }

  /** Whether the run was training when Python failed under it (or is training now). */
  function wasTraining() {
    if (!training) return false;
    if (training.state === "running") return true;
    return training.state === "error" && RUNTIME_FAILURES.includes(training.error?.name) && lastState === "running";
  }

  // Listened to only once open: a failed create or load is reported by its caller.
  function listenForErrors(mine) {
    mine.addEventListener("error", (event) => {
      if (training === mine) onError(event.detail);
    });
  }

  /**
   * Python restarted: the session died with it. Stop the loop (its token drops answers still on
   * their way) and forget the Training, without a dispose: its number may already name a session
   * of the fresh Python.
   */
  function drop() {
    if (!training) return;
    const old = training;
    training = null;
    generation += 1;
    old.session = null;
    old.stop();
    showState();
  }

  /** A call on the current session (predict, save): rejects when there is none. */
  function call(method, ...args) {
    if (!training) return Promise.reject(new Error("There is no model yet: press Train or Step first."));
    return training[method](...args);
  }

  /** The grid the bridge evaluates the model on: the plot's plane, or for 1-D data a line. */
  function gridRequest() {
    if (!app.base || app.base.dims > 2) return undefined;
    if (app.base.dims === 1) return { x: app.extents.x, size: CURVE_POINTS };
    return { x: app.extents.x, y: app.extents.y, size: GRID_SIZE };
  }

  function sessionData(supervised = true) {
    return sessionDataOf(app.data, features(), supervised);
  }

  /** A new, untrained model for the current data and settings (with `keep`, the last curve stays). */
  async function start({ keep } = {}) {
    if (!app.data) return;
    const config = ctx.config();
    const supervised = ["classification", "regression"].includes(config.task);
    app.loaded = false;
    app.frame = null;
    if ($("iteration")) $("iteration").textContent = "0";
    if ($("loss-readout")) $("loss-readout").textContent = "";
    if (chart) chart.newRun(summary(), { keep: keep ?? Boolean($("compare")?.checked) });
    if (plot) {
      plot.clearGrid();
      plot.setCurve(null);
    }
    view.reset();
    if (plot) plot.render();
    app.limit = runLength(config.task);
    const params = app.limit ? { ...config.params, [app.limit.name]: app.limit.spec.max } : config.params;
    const payload = { model: config.model, params, data: sessionData(supervised), grid: gridRequest() };
    app.lastPayload = payload;
    notices.setStatus("");
    notices.clear("training");
    let opened;
    try {
      opened = await openTraining((t) => t.open(payload));
    } catch (error) {
      notices.setStatus("Could not create the model.");
      notices.notify(`Could not create the model: ${error.name}: ${error.message}`, "error", [], { subject: "training" });
      return;
    }
    if (opened) ready(opened.info);
  }

  /** The session answered create or load: its task, classes and loss name set up the panels. */
  function ready(info) {
    app.info = info;
    app.task = info.task === "classification" || info.task === "regression" ? info.task : modelTask(app.state.model, dataTask());
    app.classes = info.classes || (dataTask() === "classification" ? labelsOf(app.data.y) : null);
    if (chart) chart.setLossName(info.loss_name, MODELS[app.state.model].lossTitle);
    // A model fitted in one go has no loss to draw: no empty chart, its summary instead.
    if (chartBlock) chartBlock.hidden = !info.loss_name;
    ctx.modelSummary.render(null);
    showRelevantSwitches();
    layers.drawPoints();
    legend.draw();
    metrics.render(null);
    view.load();
    applyLimit();
    showState();
  }

  // Switches that would do nothing here are hidden: "Discretize output" only bands a two-class
  // probability; "Show test data" needs test data.
  function showRelevantSwitches() {
    const discretize = doc.querySelector('[data-control="discretize"]');
    if (discretize) discretize.hidden = !(app.task === "classification" && (app.classes || []).length <= 2);
    const showTest = doc.querySelector('[data-control="showTest"]');
    if (showTest) showTest.hidden = !app.data?.test.length;
  }

  function drawFrame(frame) {
    app.frame = frame;
    if (chart) chart.addFrame(frame);
    const counter = $("iteration");
    if (counter) counter.textContent = String(frame.iteration);
    if (frame.grid && !view.showingNeuron) layers.drawGrid(frame.grid);
    metrics.render(frame);
    ctx.modelSummary.render(frame, (X) => call("predict", X));
    if (MODELS[app.state.model].family === "kmeans") {
      layers.drawPoints(); // coloured by the cluster each point is in now
      legend.draw();
    }
    const readout = $("loss-readout");
    if (readout) {
      const name = app.info?.loss_name || "loss";
      readout.textContent = frame.loss != null
        ? `${name[0].toUpperCase()}${name.slice(1)} on the training data ${fmtNumber(frame.loss)}` +
          `${frame.test_loss != null ? `, on the test data ${fmtNumber(frame.test_loss)}` : ""} at iteration ${frame.iteration}.`
        : frame.iteration > 0 ? "This model is fitted in one go, without a cost to minimise step by step: there is no loss curve." : "";
    }
    view.update(frame);
    applyLimit();
  }

  /** The run-length hyperparameter of the current model, if its count ends the run: {name, spec, value}. */
  function runLength(task) {
    const values = resolveParams(app.state.model, app.state.params);
    const spec = paramSpecs(app.state.model).find((p) => RUN_LENGTHS.includes(p.name) && applies(p, values, task));
    return spec ? { name: spec.name, spec, value: values[spec.name] } : null;
  }

  function iteration() {
    return app.frame ? app.frame.iteration : 0;
  }

  /** Whether the run stands at the page's count (paused there, the session still open). */
  function atLimit() {
    return Boolean(app.limit && !app.loaded && training && training.state === "paused" && iteration() >= app.limit.value);
  }

  // Ask for no step beyond the count, and pause on reaching it.
  function applyLimit() {
    if (!training || !app.limit || app.loaded) return;
    const left = app.limit.value - iteration();
    training.limits.maxSteps = Math.max(1, Math.min(SPEEDS[app.state.speed].maxSteps, left));
    if (left <= 0 && training.state === "running") training.pause();
  }

  /** The speed setting: steps per request (within the count) and how often to ask. */
  function setSpeed(speed) {
    if (training) Object.assign(training.limits, SPEEDS[speed]);
    applyLimit();
  }

  /** The page's count changed (the Epochs or Iterations control): the open run follows it. */
  function setRunLength(value) {
    if (!app.limit) return false;
    app.limit.value = value;
    applyLimit();
    showState();
    return true;
  }

  /** Train, Pause, or after a run that reached its count, train on for as many again. */
  function toggle() {
    if (!training) return;
    if (training.state === "running") {
      training.pause();
      return;
    }
    if (atLimit()) {
      const { name, spec } = app.limit;
      const more = Math.min(spec.max, Math.max(iteration(), app.limit.value) + app.limit.value);
      if (more <= iteration()) return;
      app.state.params[name] = more;
      app.limit.value = more;
      ctx.onRunLengthChanged();
      notices.setStatus(`Training on to ${more} ${unit(more)}.`);
      applyLimit();
    }
    training.resume();
  }

  function unit(n) {
    const name = app.limit?.name === "n_epochs" ? "epoch" : "iteration";
    return n === 1 ? name : `${name}s`;
  }

  /** pyml.save's text of the current model, its run length the one it stopped at (the page's). */
  async function save() {
    const mine = training;
    if (!mine) throw new Error("There is no model yet: press Train or Step first.");
    const limit = app.limit;
    if (!limit || app.loaded || mine.session === null) return mine.save();
    await mine.setParams({ [limit.name]: limit.value });
    try {
      return await mine.save();
    } finally {
      if (mine.session !== null) mine.setParams({ [limit.name]: limit.spec.max }).catch(() => {});
    }
  }

  function showState() {
    // A session still opening has no number yet: nothing to train; stopped or failed ones none any more.
    let state = !training || (training.session === null && training.state !== "error") ? "none" : training.state;
    const limited = atLimit();
    if (limited) state = "done"; // the run reached its count; Train goes on
    const running = state === "running";
    const canGoOn = limited && app.limit.value < app.limit.spec.max;
    const train = $("train");
    if (train) {
      train.textContent = running ? "Pause" : limited ? "Train more" : state === "done" ? "Done" : "Train";
      train.setAttribute("aria-pressed", String(running));
      train.disabled = !(running || state === "paused" || canGoOn);
    }
    if ($("step")) $("step").disabled = state !== "paused";
    const label = $("iteration-label");
    if (label) label.textContent = MODELS[app.state.model].params.some((p) => p.name === "n_epochs") ? "Epoch" : "Iteration";
    if (state === "done" && app.frame) notices.setStatus(doneText(limited, canGoOn));
    doc.body.dataset.training = state;
  }

  function doneText(limited, canGoOn) {
    const n = iteration();
    if (app.loaded) return "Loaded model: its predictions are shown. Change a setting or press Reset to train a new one.";
    if (limited) {
      return canGoOn
        ? `Reached ${n} ${unit(n)}. Train more goes on to ${Math.min(app.limit.spec.max, n + app.limit.value)}; settings you change apply to this model.`
        : `Reached ${n} ${unit(n)}, the most the page trains.`;
    }
    if (!app.info?.loss_name) return "Fitted in one go: there is nothing more to train. Change a setting to fit again.";
    return `Converged after ${n} ${n === 1 ? "iteration" : "iterations"}: more training would not change the model. Change a setting, or press Reset, to train again.`;
  }

  function onError(error) {
    // The runtime failed under the call (it hung or crashed): it restarts, and the page's
    // "restarted" handler says so in one notice.
    if (RUNTIME_FAILURES.includes(error.name)) {
      notices.setStatus("Python stopped; starting it again…");
      return;
    }
    if (error.name === "DivergenceError") {
      const lr = resolveParams(app.state.model, app.state.params).learning_rate;
      const smaller = typeof lr === "number" ? Number((lr / 10).toPrecision(3)) : null;
      const spec = paramSpecs(app.state.model).find((p) => p.name === "learning_rate");
      const fix = smaller !== null && spec && smaller > spec.min
        ? { label: `Train again with learning rate ${formatNumber(smaller)}`, run: () => ctx.onFixLearningRate(spec, smaller) }
        : null;
      // pyml's message names the step that blew up; the counter shows it too, so both agree
      // (the frames of a batch that failed never arrived).
      const at = /diverged at iteration (\d+)/.exec(error.message);
      if (at && $("iteration")) $("iteration").textContent = at[1];
      const when = at ? `at ${unit(1)} ${at[1]}` : "";
      notices.notify(`Training diverged${when ? ` ${when}` : ""}: the cost grew instead of falling, and the model's numbers blew up. ${fix ? "A smaller learning rate takes smaller steps." : "Press Reset to start again."}`,
        "error", [], { subject: "training", action: fix });
      notices.setStatus("");
      return;
    }
    notices.notify(`Training stopped: ${error.name}: ${error.message}`, "error", [], { subject: "training" });
    notices.setStatus("Training stopped.");
  }

  return {
    start,
    drop,
    wasTraining,
    ready,
    openTraining,
    openBeside,
    call,
    save,
    toggle,
    setRunLength,
    setSpeed,
    gridRequest,
    sessionData,
    showState,
    /** The current Training, or null. */
    get training() {
      return training;
    },
  };
}
