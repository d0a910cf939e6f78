// pyml's runtime hub: one Python for every page of the site that is open in this browser.
//
// runtime.js connects every page (and every embedded demo) to this script, run as a
// SharedWorker where the browser has them and as a dedicated Worker elsewhere. The hub has
// one Python (web/js/worker.js, Pyodide) booted once, and multiplexes the clients' calls onto
// it, one call at a time in the order they came. Clients pull training steps once per
// animation frame and never have two calls out, so two demos training at once alternate.
//
// A shared worker cannot start workers of its own (Chromium has no nested workers there), so
// one client page hosts the Python worker: the hub asks it to start one ("host" event), and
// the page hands the hub a port straight to that worker. The hub can thus end Python: a call
// that takes longer than its limit (a hung step, a learner's endless loop in `run`) or a
// runtime that crashed (an uncaught error, a fatal Pyodide error) makes the hub ask the host
// to end the worker, answer the call that did it with an error, tell every client "restarted"
// (their sessions are gone) and boot a fresh one. If the hosting page goes away, Python goes
// with it: another client hosts the next one, and every client hears "restarted".
//
// Each client's sessions are its own: calls naming another client's session are refused, and
// a client that goes away (closes, its page unloads, its port closes) has its sessions disposed.
// The messages are described in web/PROTOCOL.md ("The hub").
"use strict";

// The calls that open a session (a model's, or a guided demo's lab): web/PROTOCOL.md.
const OPENS_SESSION = new Set(["create", "load", "open_lab"]);
const clients = new Set(); // {port, sessions: Set of session numbers}
let python = null; // the port to the Python worker, once its host handed it over
let host = null; // the client whose page runs the Python worker
let generation = 0; // which Python is current: messages about an older one are ignored
let boot = null; // {settings, state: "booting" | "ready" | "error", info, error, waiting: [call]}
let queue = []; // calls waiting for Python: {client, id, type, payload, timeoutMs}
let running = null; // the call Python is answering, with its timer
let nextId = 1;

// ---------------------------------------------------------------- clients

function connect(port) {
  const client = { port, sessions: new Set() };
  clients.add(client);
  port.onmessage = (event) => receive(client, event.data, event.ports);
  // Chromium tells a port that its other end is gone (the page was closed or crashed).
  port.addEventListener("close", () => leave(client));
  if (port !== self) port.start(); // (a dedicated worker's self needs no start)
}

if (typeof SharedWorkerGlobalScope !== "undefined" && self instanceof SharedWorkerGlobalScope) {
  self.onconnect = (event) => connect(event.ports[0]);
} else {
  connect(self); // a dedicated worker: its one page is its one client
}

function receive(client, message, ports) {
  if (!message || typeof message !== "object") return;
  if (message.type === "bye") return leave(client);
  if (message.type === "restart") return restart("requested", "The runtime was restarted on request.");
  if (message.type === "init") return init(client, message);
  if (message.type === "client" && ports[0]) return connect(ports[0]); // another frame joins this page's hub
  if (message.type === "python") return message.generation === generation && connectPython(ports[0]);
  if (message.type === "python-error") {
    if (message.generation !== generation) return;
    if (boot.state === "booting") return bootFailed({ name: "WorkerError", message: `The worker failed: ${message.message}.` });
    return restart("crash", `The Python runtime crashed (${message.message}).`);
  }
  if (boot && boot.state === "error") return reply(client, { id: message.id, ok: false, error: boot.error });
  if (!owns(client, message)) {
    // Disposing a session this page does not hold is harmless, and must not reach Python: after
    // a restart the old session's number may name a new session of the fresh Python.
    if (message.type === "dispose") return reply(client, { id: message.id, ok: true, result: {} });
    return reply(client, { id: message.id, ok: false, error: noSession(message.payload.session) });
  }
  queue.push({ client, id: message.id, type: message.type, payload: message.payload, timeoutMs: message.timeoutMs });
  pump();
}

function owns(client, { payload }) {
  if (!payload || typeof payload !== "object" || !("session" in payload)) return true;
  return client.sessions.has(payload.session);
}

function noSession(session) {
  return {
    name: "ValueError",
    message: `There is no session ${JSON.stringify(session)}: it was disposed, or never created. Create a new one.`,
  };
}

function leave(client) {
  if (!clients.delete(client)) return;
  queue = queue.filter((call) => call.client !== client);
  if (client === host) {
    // Python ran in that page and ended with it: the others need a new one.
    host = null;
    python = null;
    client.sessions.clear();
    if (boot && boot.state !== "error" && clients.size) restart("host", "The page that ran Python was closed, so Python restarted.");
    else if (boot) boot = null; // nobody left: the next client boots afresh
    return;
  }
  for (const session of client.sessions) {
    queue.push({ client: null, id: null, type: "dispose", payload: { session }, timeoutMs: 10000 });
  }
  client.sessions.clear();
  pump();
}

function reply(client, message, transfer = []) {
  if (client && clients.has(client)) client.port.postMessage(message, transfer);
}

function broadcast(message) {
  for (const client of clients) client.port.postMessage(message);
}

// ---------------------------------------------------------------- boot

function init(client, { id, payload }) {
  if (boot && boot.settings.indexURL === payload.indexURL && boot.state !== "error") {
    if (boot.state === "ready") reply(client, { id, ok: true, result: boot.info });
    else boot.waiting.push({ client, id });
    return;
  }
  startPython(payload, [{ client, id }]);
}

function startPython(settings, waiting) {
  endPython();
  running = null;
  generation += 1;
  boot = { settings, state: "booting", info: null, error: null, waiting };
  if (!host || !clients.has(host)) host = clients.values().next().value;
  host.port.postMessage({ event: "host", generation, worker: settings.worker, workerType: settings.workerType });
}

function connectPython(port) {
  python = port;
  python.onmessage = (event) => fromPython(event.data);
  python.start();
  python.postMessage({ id: 0, type: "init", payload: { indexURL: boot.settings.indexURL, wheelURL: boot.settings.wheelURL, workerType: boot.settings.workerType } });
}

function endPython() {
  if (python) python.close();
  python = null;
  if (host && clients.has(host)) host.port.postMessage({ event: "end-python", generation });
}

function booted(message) {
  if (message.ok) {
    boot.state = "ready";
    boot.info = message.result;
    for (const { client, id } of boot.waiting) reply(client, { id, ok: true, result: boot.info });
    boot.waiting = [];
    pump();
  } else {
    bootFailed(message.error);
  }
}

function bootFailed(error) {
  boot.state = "error";
  boot.error = error;
  endPython();
  for (const { client, id } of boot.waiting) reply(client, { id, ok: false, error });
  boot.waiting = [];
  for (const call of queue) reply(call.client, { id: call.id, ok: false, error });
  queue = [];
}

/** End the Python worker, fail what was asked of it, tell every client, boot a fresh one. */
function restart(reason, message) {
  if (!boot) return;
  const failed = { name: reason === "timeout" ? "TimeoutError" : reason === "crash" ? "WorkerError" : "ClosedError", message };
  if (running) reply(running.client, { id: running.id, ok: false, error: failed });
  if (running) clearTimeout(running.timer);
  const gone = { name: "ClosedError", message: `The runtime restarted: ${message}` };
  for (const call of queue) reply(call.client, { id: call.id, ok: false, error: gone });
  queue = [];
  running = null;
  for (const client of clients) client.sessions.clear();
  broadcast({ event: "restarted", reason, message });
  startPython(boot.settings, boot.state === "booting" ? boot.waiting : []);
}

// ---------------------------------------------------------------- calls

function pump() {
  if (running || !boot || boot.state !== "ready" || !queue.length) return;
  const call = queue.shift();
  call.hubId = nextId++;
  if (call.timeoutMs) {
    call.timer = setTimeout(() => {
      if (running === call) {
        restart("timeout", `No answer to ${call.type} within ${call.timeoutMs / 1000} s: the runtime stopped responding and was restarted.`);
      }
    }, call.timeoutMs);
  }
  running = call;
  python.postMessage({ id: call.hubId, type: call.type, payload: call.payload });
}

function fromPython(message) {
  if (message.event === "status") {
    if (boot.state === "booting") broadcast(message);
    return;
  }
  if (message.id === 0) return booted(message);
  const call = running;
  if (!call || message.id !== call.hubId) return;
  clearTimeout(call.timer);
  running = null;
  const { id: _ignored, fatal, ...answer } = message;
  if (answer.ok && call.client && OPENS_SESSION.has(call.type)) call.client.sessions.add(answer.result.session);
  if (call.type === "dispose" && call.client) call.client.sessions.delete(call.payload.session);
  reply(call.client, { ...answer, id: call.id }, transferables(answer.result));
  if (fatal) restart("crash", `The Python runtime crashed (${answer.error.name}: ${answer.error.message}).`);
  else pump();
}

// The Float32Arrays of a frame travel on to the page without a copy.
function transferables(value, found = new Set()) {
  if (value instanceof Float32Array) found.add(value.buffer);
  else if (Array.isArray(value)) value.forEach((item) => transferables(item, found));
  else if (value && typeof value === "object") Object.values(value).forEach((item) => transferables(item, found));
  return [...found];
}
