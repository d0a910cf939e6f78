// pyml's runtime client: a promise/event API over the worker that runs Python.
//
//   const runtime = new Runtime();                      // boots at once
//   runtime.addEventListener("status", (e) => show(e.detail.message));
//   const { versions } = await runtime.ready;          // {pyml, python, numpy, pyodide}
//   const training = await runtime.train({ model: "LogisticRegression", params, data, grid });
//   training.addEventListener("frame", (e) => draw(e.detail));
//   training.pause(); training.step(); training.resume(); training.stop();
//   await training.finished; await training.predict(X); training.dispose();  // done: still usable
//
// Every call returns a promise that settles: with the result, or rejected with a PymlError
// when Python raised, the worker died, the boot failed, or the call timed out. The messages
// are described in web/PROTOCOL.md.

export const PROTOCOL = 1;

/** An error from the runtime. `name` is the Python exception's class (ValueError,
 *  DivergenceError, ...) or one of BootError, WorkerError, TimeoutError, ClosedError. */
export class PymlError extends Error {
  constructor(name, message, details = {}) {
    super(message);
    this.name = name;
    Object.assign(this, details); // run errors also carry stdout and traceback
  }
}

const DEFAULTS = {
  config: "runtime.json", // written by build.py: profile, indexURL, wheel, worker
  worker: new URL("./worker.js", import.meta.url),
  bootTimeoutMs: 90000,
  callTimeoutMs: 30000,
};

/**
 * The Python runtime in a worker. Events: "status" ({stage, message}; stage is python,
 * numpy, pyml, ready or error), "ready" (the init result), "error" (a PymlError after which
 * the runtime is unusable until restart()).
 */
export class Runtime extends EventTarget {
  constructor(options = {}) {
    super();
    this.options = { ...DEFAULTS, ...options };
    this.state = "idle"; // booting, ready, error, closed
    this.status = null;
    this.info = null;
    this.error = null;
    this._worker = null;
    this._pending = new Map();
    this._nextId = 1;
    this._generation = 0; // which boot is current: a stale boot's failure is ignored
    this.restart();
  }

  /** Start a fresh worker (after an error, or to start over); returns the new `ready`. */
  restart() {
    this._stopWorker(new PymlError("ClosedError", "The runtime was restarted."));
    this.state = "booting";
    this.error = null;
    this.info = null;
    this.ready = this._boot(++this._generation);
    this.ready.catch(() => {}); // callers see the rejection; no unhandled-rejection noise
    return this.ready;
  }

  /** Stop the worker for good; pending and later calls reject with a ClosedError. */
  close() {
    this._stopWorker(new PymlError("ClosedError", "The runtime was closed."));
    this.state = "closed";
  }

  // ---- the calls of the protocol (each waits for `ready`)

  create(config) {
    return this._call("create", config);
  }

  step(session, { maxSteps = null, maxMs = null } = {}) {
    return this._call("step", { session, max_steps: maxSteps, max_ms: maxMs });
  }

  setParams(session, params) {
    return this._call("set_params", { session, params });
  }

  predict(session, X) {
    return this._call("predict", { session, X });
  }

  async save(session) {
    return (await this._call("save", { session })).text;
  }

  load(text, { data, grid } = {}) {
    return this._call("load", { text, data, grid });
  }

  dispose(session) {
    return this._call("dispose", { session });
  }

  /** A call with no method of its own here (data, open_lab, lab: web/PROTOCOL.md). */
  call(type, payload, { timeoutMs } = {}) {
    return this._call(type, payload, timeoutMs);
  }

  /** Run Python source; resolves with {stdout, result}. A long run can raise `timeoutMs`. */
  run(code, { timeoutMs } = {}) {
    return this._call("run", { code }, timeoutMs);
  }

  /** Create a session and train it, one step request per animation frame (see Training). */
  async train(config, options = {}) {
    const training = new Training(this, options);
    await training.open(config);
    return training;
  }

  // ---- plumbing

  async _boot(generation) {
    const { config, worker, bootTimeoutMs } = this.options;
    const current = () => generation === this._generation && this.state === "booting";
    const timer = setTimeout(() => {
      if (current()) this._fail(new PymlError("TimeoutError", `The runtime did not start within ${bootTimeoutMs / 1000} s.`));
    }, bootTimeoutMs);
    try {
      const configURL = new URL(config, globalThis.location.href);
      const response = await fetch(configURL);
      if (!response.ok) throw new PymlError("BootError", `Could not read ${configURL} (HTTP ${response.status}).`);
      const settings = await response.json();
      if (!current()) throw this.error || new PymlError("ClosedError", "The runtime was restarted."); // meanwhile
      this._worker = new Worker(worker, { type: settings.worker === "module" ? "module" : "classic" });
      this._worker.onmessage = (event) => this._receive(event.data);
      this._worker.onerror = (event) => {
        event.preventDefault();
        this._fail(new PymlError("WorkerError", `The worker failed: ${event.message || "it could not start"}.`));
      };
      this._worker.onmessageerror = () => this._fail(new PymlError("WorkerError", "A worker message could not be read."));
      const info = await this._send("init", {
        indexURL: new URL(settings.indexURL, configURL).href,
        wheelURL: new URL(settings.wheel, configURL).href,
      }, 0);
      if (info.protocol !== PROTOCOL) {
        throw new PymlError("BootError", `pyml speaks protocol ${info.protocol}, this page ${PROTOCOL}: rebuild the site.`);
      }
      this.info = { ...info, profile: settings.profile };
      this.state = "ready";
      this._emit("ready", this.info);
      return this.info;
    } catch (error) {
      const failure = error instanceof PymlError ? error : new PymlError("BootError", String(error.message || error));
      if (generation !== this._generation) throw failure;
      this._fail(failure);
      throw this.error || failure;
    } finally {
      clearTimeout(timer);
    }
  }

  async _call(type, payload, timeoutMs) {
    await this.ready;
    return this._send(type, payload, timeoutMs);
  }

  _send(type, payload, timeoutMs = this.options.callTimeoutMs) {
    if (this.state === "error" || this.state === "closed" || !this._worker) {
      return Promise.reject(this.error || new PymlError("ClosedError", "The runtime is not running."));
    }
    return new Promise((resolve, reject) => {
      const id = this._nextId++;
      // A worker that dies silently (killed, out of memory) never answers: the time-out
      // turns that into an error instead of a promise that hangs.
      const timer = timeoutMs
        ? setTimeout(() => this._fail(new PymlError("TimeoutError", `No answer to ${type} within ${timeoutMs / 1000} s: the worker stopped responding.`)), timeoutMs)
        : null;
      this._pending.set(id, { resolve, reject, timer });
      this._worker.postMessage({ id, type, payload });
    });
  }

  _receive(message) {
    if (message.event === "status") {
      this._setStatus(message.stage, message.message);
      return;
    }
    const call = this._pending.get(message.id);
    if (!call) return;
    this._pending.delete(message.id);
    clearTimeout(call.timer);
    if (message.ok) {
      call.resolve(message.result);
    } else {
      const { name, message: text, ...details } = message.error;
      call.reject(new PymlError(name, text, details));
    }
  }

  _fail(error) {
    if (this.state === "error" || this.state === "closed") return;
    this._stopWorker(error);
    this.state = "error";
    this.error = error;
    if (!this.status || this.status.stage !== "error") this._setStatus("error", error.message);
    this._emit("error", error);
  }

  _stopWorker(error) {
    if (this._worker) this._worker.terminate();
    this._worker = null;
    for (const call of this._pending.values()) {
      clearTimeout(call.timer);
      call.reject(error);
    }
    this._pending.clear();
  }

  _setStatus(stage, message) {
    this.status = { stage, message };
    this._emit("status", this.status);
  }

  _emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

const nextFrame = () =>
  new Promise((resolve) =>
    typeof requestAnimationFrame === "function" ? requestAnimationFrame(() => resolve()) : setTimeout(resolve, 16)
  );

/**
 * One model in the worker, trained by pulling a bounded batch of steps per animation frame.
 * Events: "frame" (each frame, in order), "state" (running, paused, done, stopped, error),
 * "error" (the PymlError that ended it). `finished` resolves with the last frame when
 * fit_iter ends or on stop(), and rejects with the error. The session outlives "done", so
 * predict() and save() work on the trained model until dispose(); stop() and errors dispose it.
 */
export class Training extends EventTarget {
  constructor(runtime, { maxSteps = null, maxMs = 12, every = 1, paused = false } = {}) {
    super();
    this.runtime = runtime;
    // Per request (with neither max, one step), one request every `every` animation frames.
    // Changes apply from the next request.
    this.limits = { maxSteps, maxMs, every };
    this.state = paused ? "paused" : "running";
    this.session = null;
    this.info = null; // create's (or load's) answer: session, task, classes, n_features
    this.frame = null;
    this.error = null;
    this._token = 0; // bumped by stop(): an answer carrying an older token is dropped
    this._looping = false;
    this._loopRun = null; // the run loop's promise while it runs
    this._busy = null; // the step request in flight, if any
    this.finished = new Promise((resolve, reject) => {
      this._resolve = resolve;
      this._reject = reject;
    });
    this.finished.catch(() => {});
  }

  /** Create the session (`create` call) and start pulling frames unless paused. */
  open(config) {
    return this._opened(this.runtime.create(config));
  }

  /** Open a model saved by pyml.save (`load` call): it is trained, its first step() brings its frame. */
  load(text, { data, grid } = {}) {
    return this._opened(this.runtime.load(text, { data, grid }));
  }

  pause() {
    if (this.state === "running") this._setState("paused");
  }

  resume() {
    if (this.state !== "paused") return;
    this._setState("running");
    this._startLoop(); // unless the loop is still finishing its last request: it goes on
  }

  /** One step while paused; resolves with its frame (null if the training ended meanwhile). */
  async step() {
    if (this.state !== "paused" || this.session === null) return null;
    while (this._looping || this._busy) await (this._looping ? this._loopRun : this._busy);
    return this.state === "paused" ? this._request({ maxSteps: 1 }) : null;
  }

  /** Stop at once: answers still on their way are ignored and the session is disposed. */
  stop() {
    if (this._ended()) return;
    this._token += 1;
    this._end("stopped");
  }

  /** Change hyperparameters of the running model (learning rate, l2, n_iter, ...). */
  setParams(params) {
    return this._call("setParams", params);
  }

  predict(X) {
    return this._call("predict", X);
  }

  save() {
    return this._call("save");
  }

  /** Release the session in the worker (stop() first if it is still training). */
  dispose() {
    this.stop();
    if (this.session === null) return Promise.resolve({});
    const session = this.session;
    this.session = null;
    return this.runtime.dispose(session);
  }

  async _opened(request) {
    const token = this._token;
    try {
      this.info = await request;
    } catch (error) {
      if (token === this._token) this._end("error", error);
      throw error;
    }
    if (token !== this._token) {
      // stop() (or dispose()) came first: the session is nobody's, free it.
      this.runtime.dispose(this.info.session).catch(() => {});
    } else {
      this.session = this.info.session;
      if (this.state === "running") this._startLoop();
    }
    return this.info;
  }

  _call(method, ...args) {
    if (this.session === null) {
      return Promise.reject(new PymlError("ClosedError", "There is no model: its session was stopped, failed or is still opening."));
    }
    return this.runtime[method](this.session, ...args);
  }

  _startLoop() {
    if (this._looping || this.session === null) return;
    this._looping = true; // set before the loop runs, so that its own finally clears it
    this._loopRun = this._loop();
  }

  async _loop() {
    const token = this._token;
    const current = () => this.state === "running" && token === this._token;
    try {
      while (current()) {
        for (let i = 0; i < Math.max(1, this.limits.every || 1); i += 1) await nextFrame();
        if (!current()) break;
        if (!(await this._request(this.limits))) break;
      }
    } finally {
      this._looping = false;
    }
  }

  async _request({ maxSteps = null, maxMs = null }) {
    const token = this._token;
    let frame = null;
    const busy = this.runtime.step(this.session, { maxSteps, maxMs }).then(
      (answer) => { frame = answer; },
      (error) => { if (token === this._token) this._end("error", error); }
    );
    this._busy = busy;
    await busy;
    if (this._busy === busy) this._busy = null;
    if (!frame || token !== this._token || this._ended()) return null;
    this.frame = frame;
    this._emit("frame", frame);
    if (frame.done) this._end("done");
    return frame;
  }

  _ended() {
    return this.state === "done" || this.state === "stopped" || this.state === "error";
  }

  _end(state, error = null) {
    if (this._ended()) return;
    this.error = error;
    if (state !== "done" && this.session !== null) {
      this.runtime.dispose(this.session).catch(() => {}); // a dead runtime has nothing to free
      this.session = null;
    }
    this._setState(state);
    if (error) {
      this._emit("error", error);
      this._reject(error);
    } else {
      this._resolve(this.frame);
    }
  }

  _setState(state) {
    this.state = state;
    this._emit("state", state);
  }

  _emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
