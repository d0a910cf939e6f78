// The runtime test bench's script (web/runtime-test.html): the browser tests drive window.harness.
import { PymlError, Runtime, Training } from "./runtime.js";

const $ = (id) => document.querySelector(`[data-testid="${id}"]`);

function showError(error) {
  $("error").hidden = !error;
  $("error").textContent = error ? `${error.name}: ${error.message}` : "";
}

// Boot a runtime (replacing the current one) and show its state.
function start(options = {}) {
  if (harness.runtime) harness.runtime.close();
  const runtime = new Runtime(options);
  harness.runtime = runtime;
  harness.statuses = [];
  runtime.addEventListener("status", (event) => {
    harness.statuses.push(event.detail);
    if (harness.runtime === runtime) $("status").textContent = event.detail.stage === "ready" ? "ready" : event.detail.message;
  });
  runtime.addEventListener("ready", ({ detail: { versions: v } }) => {
    $("versions").textContent = `pyml ${v.pyml}, Python ${v.python}, numpy ${v.numpy}, Pyodide ${v.pyodide}`;
    showError(null);
  });
  runtime.addEventListener("error", (event) => showError(event.detail));
  harness.restarts = [];
  runtime.addEventListener("restarted", (event) => harness.restarts.push(event.detail));
  return runtime.ready;
}

// Train from a JSON config, keeping every frame (grids as plain lists, to hand them to the test).
async function train(config, options = {}) {
  const frames = [];
  harness.frames = frames;
  $("training-state").textContent = "starting";
  const training = new Training(harness.runtime, options);
  harness.training = training;
  training.addEventListener("state", (event) => {
    $("training-state").textContent = event.detail;
    if (event.detail === "error") showError(training.error);
  });
  training.addEventListener("frame", ({ detail: frame }) => {
    frames.push(frame);
    $("iteration").textContent = String(frame.iteration);
    $("loss").textContent = frame.loss === undefined ? "-" : frame.loss.toPrecision(6);
  });
  showError(null);
  try {
    const info = await training.open(config);
    $("training-state").textContent = training.state; // later changes come as "state" events
    return info;
  } catch (error) {
    $("training-state").textContent = "error";
    showError(error);
    throw error;
  }
}

// Time-outs from the query string (the fault tests shorten them): whole numbers only.
function optionsFromURL() {
  const query = new URLSearchParams(location.search);
  const options = {};
  for (const name of ["bootTimeoutMs", "callTimeoutMs"]) {
    const text = query.get(name);
    if (text !== null && /^[0-9]{1,7}$/.test(text)) options[name] = Number.parseInt(text, 10);
  }
  if (query.get("shared") === "0") options.shared = false; // the dedicated-worker fallback
  return options;
}

const harness = { start, train, runtime: null, training: null, frames: [], statuses: [], restarts: [], PymlError };
window.harness = harness;
start(optionsFromURL()).catch(() => {}); // the page shows the failure
