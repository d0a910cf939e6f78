// pyml's runtime client: a promise/event API over the worker that runs Python.
//
//   const runtime = new Runtime();                      // boots at once (or joins a booted one)
//   const later = new Runtime({ deferred: true });      // boots on later.start()
//   runtime.addEventListener("status", (e) => show(e.detail.message));
//   runtime.addEventListener("restarted", (e) => recreate(e.detail.message)); // see Runtime
//   const { versions } = await runtime.ready;          // {pyml, python, numpy, pyodide}
//   const training = await runtime.train({ model: "LogisticRegression", params, data, grid });
//   training.addEventListener("frame", (e) => draw(e.detail));
//   training.pause(); training.step(); training.resume(); training.stop();
//   await training.finished; await training.predict(X); training.dispose();  // done: still usable
//
// Every call returns a promise that settles: with the result, or rejected with a PymlError
// when Python raised, the runtime crashed or hung (it then restarts by itself), the boot
// failed, or the call timed out. The messages
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

// How long each call may take once Python starts on it. A step is bounded by its max_ms and
// answers in milliseconds: 30 s means it hangs. `load` parses and checks a whole file, so it
// gets time in proportion to the file's size, and files above MAX_MODEL_BYTES are refused
// before they are sent. `run` is user code (a learner's loop): its caller may give its own.
const CALL_TIMEOUTS_MS = { create: 30000, step: 30000, set_params: 10000, predict: 30000, save: 30000, load: 20000,
  dispose: 10000, run: 60000, data: 30000, open_lab: 60000, lab: 60000 };
const LOAD_MS_PER_MB = 1500;
export const MAX_MODEL_BYTES = 32 * 1024 * 1024;

// The site works offline after the first visit (web/sw.js, written by build.py). Registered once
// Python is ready, so that caching the build does not compete with the boot's downloads. Where
// service workers are missing or refused (an embed on another site with third-party storage
// blocked, an insecure origin), the page works as before, online.
function registerServiceWorker() {
  try {
    if (globalThis.document) navigator.serviceWorker?.register(new URL("../sw.js", import.meta.url)).catch(() => {});
  } catch {
    // not available here
  }
}

const DEFAULTS = {
  config: "runtime.json", // written by build.py: profile, indexURL, wheel, worker, build
  hub: new URL("./hub.js", import.meta.url),
  worker: new URL("./worker.js", import.meta.url),
  shared: typeof SharedWorker === "function", // one Python for every page of the site, else one per page
  bootTimeoutMs: 90000,
  callTimeoutMs: null, // one limit for every call (tests), instead of CALL_TIMEOUTS_MS
  maxModelBytes: MAX_MODEL_BYTES,
  deferred: false, // true: boot on start() (an embed waits until a reader sees it), not at once
};

// A hub that does not answer at all (it died) is noticed this long after the call's own limit;
// the margin covers calls of other demos queued before this one.
const HUB_GRACE_MS = 60000;

/**
 * The Python runtime, shared through web/js/hub.js (a SharedWorker, or a Worker of this page
 * where SharedWorker is missing), which runs Pyodide in a worker of its own.
 * Events: "status" ({stage, message}; stage is python, numpy, pyml, ready or error), "ready"
 * (the init result), "error" (a PymlError after which the runtime is unusable until
 * restart()), and "restarted" ({reason, message}): the runtime was ended and a fresh one is
 * booting, because a call took longer than its limit (reason "timeout": a hung step, an
 * endless loop in `run`), the runtime crashed ("crash"), or restart() was called
 * ("requested", from any page sharing it). Every session is gone: the page creates its model
 * again from its data and settings, and may await `runtime.ready` first.
 */
export class Runtime extends EventTarget {
  constructor(options = {}) {
    super();
    this.options = { ...DEFAULTS, ...options };
    this.state = "idle"; // booting, ready, error, closed
    this.status = null;
    this.info = null;
    this.error = null;
    this._port = null; // the hub's MessagePort (shared) or Worker (dedicated)
    this._hosted = new Map(); // the Python workers this page runs for the hub, by generation
    this._settings = null; // runtime.json, resolved
    this._pending = new Map();
    this._nextId = 1;
    this._generation = 0; // which connection is current: a stale boot's failure is ignored
    this.restarts = 0; // "restarted" events so far: a session opened before the last one is gone
    this._bye = () => this._disconnect();
    if (this.options.deferred) {
      // Calls made meanwhile wait on `ready` as on a boot; start() begins it.
      this.ready = new Promise((resolve) => { this._go = resolve; }).then(() => this.restart());
      this.ready.catch(() => {});
    } else {
      this.restart();
    }
  }

  /** Boot a runtime made with `deferred: true` (once; later calls only return `ready`). */
  start() {
    if (this._go) {
      const go = this._go;
      this._go = null;
      go();
    }
    return this.ready;
  }

  /**
   * Start a fresh runtime: the hub ends the running Python, every page sharing it receives
   * "restarted" and boots again. Returns the new `ready`.
   */
  restart() {
    if (this._go) return this.start(); // deferred and not started yet: this is its first boot
    if (this._port && (this.state === "ready" || this.state === "booting")) {
      this._port.postMessage({ type: "restart" });
      this._rebooting();
      return this.ready;
    }
    this._disconnect(new PymlError("ClosedError", "The runtime was restarted."));
    this.state = "booting";
    this.error = null;
    this.info = null;
    this.ready = this._boot(++this._generation);
    this.ready.catch(() => {}); // callers see the rejection; no unhandled-rejection noise
    return this.ready;
  }

  /** Leave the runtime for good (its sessions are disposed); later calls reject with a ClosedError. */
  close() {
    this._disconnect(new PymlError("ClosedError", "The runtime was closed."));
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

  /** Open a model file; a file above `maxModelBytes` is refused before Python sees it. */
  load(text, { data, grid } = {}) {
    const limit = this.options.maxModelBytes;
    if (typeof text === "string" && text.length > limit) {
      const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;
      return Promise.reject(new PymlError("ValueError",
        `This model file is ${mb(text.length)}; the page opens model files up to ${mb(limit)}. ` +
        "Load a smaller model, or open this one in CPython with pyml.load."));
    }
    const size = typeof text === "string" ? text.length : 0;
    return this._call("load", { text, data, grid }, CALL_TIMEOUTS_MS.load + (LOAD_MS_PER_MB * size) / 1048576);
  }

  dispose(session) {
    return this._call("dispose", { session });
  }

  /** A call with no method of its own here (data, open_lab, lab: web/PROTOCOL.md). */
  call(type, payload, { timeoutMs } = {}) {
    return this._call(type, payload, timeoutMs);
  }

  /** Run Python source; resolves with {stdout, result}. Code running longer than `timeoutMs`
   *  (60 s unless given) is ended with the runtime, which restarts ("restarted" event). */
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
    const { config, bootTimeoutMs } = this.options;
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
      this._settings = {
        indexURL: new URL(settings.indexURL, configURL).href,
        wheelURL: new URL(settings.wheel, configURL).href,
        worker: new URL(this.options.worker, configURL).href,
        workerType: settings.worker === "module" ? "module" : "classic",
        build: settings.build || settings.pyml || "",
        profile: settings.profile,
      };
      this._connect(generation);
      return await this._init(generation);
    } catch (error) {
      const failure = error instanceof PymlError ? error : new PymlError("BootError", String(error.message || error));
      if (generation !== this._generation) throw failure;
      this._fail(failure);
      throw this.error || failure;
    } finally {
      clearTimeout(timer);
    }
  }

  _connect(generation) {
    const { hub, shared } = this.options;
    const failed = (text) => () => {
      if (generation === this._generation) this._fail(new PymlError("WorkerError", text));
    };
    // Offline, Chromium failed to start the shared worker from the service worker's cache
    // (tests/browser/test_offline.py): the page's own hub needs no network.
    const offline = globalThis.navigator?.onLine === false;
    if (shared && !this._sharedRefused && !offline) {
      // Named by the build: pages of an older build never share a newer build's Python.
      const worker = new SharedWorker(hub, { name: `pyml ${this._settings.build}` });
      // Browsers that block third-party storage (private windows) refuse shared workers in
      // an embed on another site: that demo then runs its own hub, as without SharedWorker.
      worker.onerror = () => {
        if (generation !== this._generation || this._heard) return;
        this._sharedRefused = true;
        this._reconnect(generation);
      };
      this._heard = false;
      this._port = worker.port;
      this._port.onmessage = (event) => this._receive(event.data);
      this._port.start();
    } else if (this._joinSibling(generation)) {
      // a demo beside this one on the page runs the hub: this page talks to it
    } else {
      const worker = new Worker(hub);
      this._ownHub = { join: () => this._admit(worker) };
      globalThis.pymlHub = this._ownHub; // for demos beside this one (and other clients of this page)
      worker.onerror = (event) => {
        event.preventDefault();
        failed(`The worker failed: ${event.message || "it could not start"}.`)();
      };
      worker.onmessage = (event) => this._receive(event.data);
      this._port = worker;
    }
    this._port.onmessageerror = failed("A worker message could not be read.");
    globalThis.addEventListener?.("pagehide", this._bye); // the hub disposes this page's sessions
  }

  // Without a shared worker (an embed on another site in a browser that blocks third-party
  // storage), the demos of one blog page still share a Python: they are frames of the pyml
  // site side by side, so one runs the hub (a dedicated worker) and the others join it. Frames
  // of one site on one page share an event loop, so the first one to look claims the hub.
  _joinSibling(generation) {
    let frames = [];
    try {
      frames = globalThis.parent !== globalThis ? Array.from({ length: parent.frames.length }, (_, i) => parent.frames[i]) : [];
      frames.unshift(globalThis); // this page's own hub first
    } catch {
      return false;
    }
    for (const frame of frames) {
      let hub = null;
      try {
        hub = frame.pymlHub; // a frame of another origin throws
      } catch {
        continue;
      }
      if (!hub) continue;
      this._port = hub.join();
      this._port.onmessage = (event) => this._receive(event.data);
      this._port.start();
      // Python runs in that frame: when it goes, this page boots a hub of its own.
      frame.addEventListener("pagehide", () => {
        if (generation === this._generation) this._hubLost(null, null, "host", "The demo that ran Python was removed, so Python restarted.");
      });
      return true;
    }
    return false;
  }

  // Another frame joins this page's hub: a channel, one end to the hub.
  _admit(worker) {
    const channel = new MessageChannel();
    worker.postMessage({ type: "client" }, [channel.port1]);
    return channel.port2;
  }

  // Leave the refused shared worker and send `init` again, to a hub of this page's own.
  _reconnect(generation) {
    const port = this._port;
    const waiting = [...this._pending.values()];
    this._pending.clear();
    port.close();
    this._connect(generation);
    for (const call of waiting) this._port.postMessage(call.message);
    for (const call of waiting) this._pending.set(call.message.id, call);
  }

  async _init(generation) {
    const info = await this._send("init", this._settings, 0);
    if (generation !== this._generation) throw new PymlError("ClosedError", "The runtime was restarted.");
    if (info.protocol !== PROTOCOL) {
      throw new PymlError("BootError", `pyml speaks protocol ${info.protocol}, this page ${PROTOCOL}: rebuild the site.`);
    }
    this.info = { ...info, profile: this._settings.profile || this.info?.profile };
    this.state = "ready";
    // A page joining a runtime another page booted hears no boot stages: it is ready at once.
    if (!this.status || this.status.stage !== "ready") this._setStatus("ready", "ready");
    this._emit("ready", this.info);
    registerServiceWorker();
    return this.info;
  }

  // The hub ended the runtime (or is about to): boot along with it.
  _rebooting(detail = null) {
    const generation = this._generation;
    this.state = "booting";
    this.error = null;
    this.ready = this._init(generation).catch((error) => {
      if (generation === this._generation) this._fail(error instanceof PymlError ? error : new PymlError("BootError", String(error)));
      throw error;
    });
    this.ready.catch(() => {});
    if (detail) {
      this.restarts += 1;
      this._emit("restarted", detail);
    }
  }

  async _call(type, payload, timeoutMs) {
    await this.ready;
    const limit = timeoutMs ?? this.options.callTimeoutMs ?? CALL_TIMEOUTS_MS[type] ?? 30000;
    return this._send(type, payload, limit);
  }

  _send(type, payload, timeoutMs) {
    if (this.state === "error" || this.state === "closed" || !this._port) {
      return Promise.reject(this.error || new PymlError("ClosedError", "The runtime is not running."));
    }
    return new Promise((resolve, reject) => {
      const id = this._nextId++;
      // The hub ends a call that runs past timeoutMs and answers it; a hub that died never
      // answers: this later time-out turns that into an error instead of a promise that hangs.
      const timer = timeoutMs
        ? setTimeout(() => this._hubLost(id, type), timeoutMs + HUB_GRACE_MS)
        : null;
      const message = { id, type, payload, timeoutMs };
      this._pending.set(id, { resolve, reject, timer, message });
      this._port.postMessage(message);
    });
  }

  // The hub is gone (it never answered, or the frame that ran it left): connect afresh.
  _hubLost(id, type, reason = "timeout", message = "The runtime stopped responding and was restarted.") {
    const call = this._pending.get(id);
    if (call) {
      this._pending.delete(id);
      call.reject(new PymlError("TimeoutError", `No answer to ${type}: the runtime stopped responding and was restarted.`));
    } else if (id !== null) {
      return;
    }
    this._disconnect(new PymlError("ClosedError", message));
    this.state = "booting";
    this.ready = this._boot(++this._generation);
    this.ready.catch(() => {});
    this.restarts += 1;
    this._emit("restarted", { reason, message });
  }

  // The hub asks this page to run the Python worker (a shared worker cannot start workers):
  // start it and give the hub a port straight to it.
  _host({ generation, worker: url, workerType }) {
    const port = this._port;
    const worker = new Worker(url, { type: workerType });
    this._hosted.set(generation, worker);
    worker.onerror = (event) => {
      event.preventDefault();
      port.postMessage({ type: "python-error", generation, message: event.message || "it could not start" });
    };
    const channel = new MessageChannel();
    worker.postMessage({ type: "connect" }, [channel.port1]);
    port.postMessage({ type: "python", generation }, [channel.port2]);
  }

  _receive(message) {
    this._heard = true;
    if (message.event === "status") {
      this._setStatus(message.stage, message.message);
      return;
    }
    if (message.event === "host") return this._host(message);
    if (message.event === "end-python") {
      this._hosted.get(message.generation)?.terminate();
      this._hosted.delete(message.generation);
      return;
    }
    if (message.event === "restarted") {
      this._rebooting({ reason: message.reason, message: message.message });
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
    this._disconnect(error);
    this.state = "error";
    this.error = error;
    if (!this.status || this.status.stage !== "error") this._setStatus("error", error.message);
    this._emit("error", error);
  }

  _disconnect(error = new PymlError("ClosedError", "The page left the runtime.")) {
    globalThis.removeEventListener?.("pagehide", this._bye);
    if (this._ownHub && globalThis.pymlHub === this._ownHub) delete globalThis.pymlHub;
    this._ownHub = null;
    if (this._port) {
      this._port.postMessage({ type: "bye" });
      if (this._port.terminate) this._port.terminate(); // a dedicated hub: its Python ends with it
      else this._port.close();
    }
    this._port = null;
    for (const worker of this._hosted.values()) worker.terminate();
    this._hosted.clear();
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
    this._forgetIfRestarted();
    this.stop();
    if (this.session === null) return Promise.resolve({});
    const session = this.session;
    this.session = null;
    return this.runtime.dispose(session);
  }

  async _opened(request) {
    const token = this._token;
    this._restarts = this.runtime.restarts;
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
    this._forgetIfRestarted();
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

  // A session of a Python that has restarted since is gone: its number may name a new session,
  // so it is never sent again.
  _forgetIfRestarted() {
    if (this.session !== null && this.runtime.restarts !== this._restarts) this.session = null;
  }

  _ended() {
    return this.state === "done" || this.state === "stopped" || this.state === "error";
  }

  _end(state, error = null) {
    if (this._ended()) return;
    this.error = error;
    this._forgetIfRestarted();
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
