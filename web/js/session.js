// The training session: one Training (runtime.js) per create or load, replaced, never reused.
// It opens the session for the current data and settings, draws each frame it brings (counter,
// loss chart and read-out, heatmap, metrics, the model's view) and shows the toolbar's state.

import { Training } from "./runtime.js";
import { fmtNumber } from "./chart.js";
import { labelsOf, sessionDataOf } from "./data.js";
import { MODELS, modelTask } from "./models.js";

// The speed setting: steps per request and how often to ask (every n-th animation frame).
export const SPEEDS = {
  slow: { maxSteps: 1, maxMs: 50, every: 8 }, // about 7 steps a second: watch each one
  normal: { maxSteps: 1, maxMs: 25, every: 1 }, // one step a frame: up to 60 a second, every one drawn
  fast: { maxSteps: 200, maxMs: 45, every: 1 }, // as many steps as fit in 45 ms, then one frame drawn
};

export const GRID_SIZE = 60;
const CURVE_POINTS = 120; // the fitted curve of 1-D data: the model's output at this many x values

export function createSession(ctx) {
  const { doc, app, runtime, chart, plot, layers, metrics, legend, view, notices, dataTask, features, summary } = ctx;
  const $ = (testid) => doc.querySelector(`[data-testid="${testid}"]`);
  let training = null;
  let generation = 0; // counts replacements: a load that finishes after one is dropped

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
    mine.addEventListener("state", current(showState));
    showState();
    return mine;
  }

  // Listened to only once open: a failed create or load is reported by its caller.
  function listenForErrors(mine) {
    mine.addEventListener("error", (event) => {
      if (training !== mine) return;
      notices.setStatus(`Training stopped: ${event.detail.message}`);
      notices.notify(`Training stopped: ${event.detail.name}: ${event.detail.message}`, "error");
    });
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
    const payload = { model: config.model, params: config.params, data: sessionData(supervised), grid: gridRequest() };
    app.lastPayload = payload;
    notices.setStatus("");
    let opened;
    try {
      opened = await openTraining((t) => t.open(payload));
    } catch (error) {
      notices.setStatus(`Could not create the model: ${error.message}`);
      notices.notify(`Could not create the model: ${error.name}: ${error.message}`, "error");
      return;
    }
    if (opened) ready(opened.info);
  }

  /** The session answered create or load: its task, classes and loss name set up the panels. */
  function ready(info) {
    app.info = info;
    app.task = info.task === "classification" || info.task === "regression" ? info.task : modelTask(app.state.model, dataTask());
    app.classes = info.classes || (dataTask() === "classification" ? labelsOf(app.data.y) : null);
    if (chart) chart.setLossName(info.loss_name);
    layers.drawPoints();
    legend.draw();
    metrics.render(null);
    view.load();
    showState();
  }

  function drawFrame(frame) {
    app.frame = frame;
    if (chart) chart.addFrame(frame);
    const counter = $("iteration");
    if (counter) counter.textContent = String(frame.iteration);
    if (frame.grid && !view.showingNeuron) layers.drawGrid(frame.grid);
    metrics.render(frame);
    const readout = $("loss-readout");
    if (readout) {
      const name = app.info?.loss_name || "loss";
      readout.textContent = frame.loss != null
        ? `${name[0].toUpperCase()}${name.slice(1)} on the training data ${fmtNumber(frame.loss)}` +
          `${frame.test_loss != null ? `, on the test data ${fmtNumber(frame.test_loss)}` : ""} at iteration ${frame.iteration}.`
        : frame.iteration > 0 ? "This model is fitted in one go, without a cost to minimise step by step: there is no loss curve." : "";
    }
    view.update(frame);
  }

  function showState() {
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
    if (state === "done" && app.frame) {
      notices.setStatus(app.loaded ? "Loaded model: its predictions are shown." : `Finished after ${app.frame.iteration} iteration${app.frame.iteration === 1 ? "" : "s"}.`);
    }
    doc.body.dataset.training = state;
  }

  return {
    start,
    ready,
    openTraining,
    openBeside,
    call,
    gridRequest,
    sessionData,
    showState,
    /** The current Training, or null. */
    get training() {
      return training;
    },
  };
}
