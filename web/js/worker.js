// pyml's worker: boots Pyodide, installs the pyml wheel, and hands every call to Python.
//
// The messages are described in web/PROTOCOL.md; the answers come from
// pyml.web.bridge.handle(type, payload), which is plain, tested Python. This file only
// boots the runtime and converts values at the boundary.
//
// It runs as a classic worker for Pyodide 0.17, whose pyodide.js is a classic script loaded
// with importScripts, and as a module worker for current Pyodide, which refuses classic
// workers and is imported from pyodide.mjs (runtime.js picks the kind from runtime.json).
"use strict";

let pyodide = null;
let handle = null; // pyml.web.bridge.handle, once pyml is installed
let queue = Promise.resolve(); // one call at a time, in the order they came
let out = self; // where calls come from and answers go: the page, or the hub's port (below)

function receive(event) {
  const message = event.data;
  queue = queue.then(() => answer(message));
}
self.onmessage = (event) => {
  // The page that hosts this worker for the hub (web/js/hub.js) hands over a port to it: from
  // then on the hub talks to Python directly, without a detour through the page's main thread.
  if (event.data && event.data.type === "connect" && event.ports[0]) {
    out = event.ports[0];
    out.onmessage = receive;
    return;
  }
  receive(event);
};

// Post the reply to one call; whatever goes wrong here becomes an error reply, never silence.
async function answer({ id, type, payload }) {
  try {
    if (type === "run") await loadImports(payload);
    const reply = type === "init" ? { ok: true, result: await boot(payload) } : call(type, payload);
    const transfer = [];
    if (reply.ok) reply.result = floats(reply.result, transfer);
    out.postMessage({ id, ...reply }, transfer);
  } catch (error) {
    // The bridge answers every Python exception itself: what reaches here broke the runtime
    // (a stack overflow in WebAssembly, memory exhausted), and the hub must start a fresh one.
    const fatal = type !== "init";
    out.postMessage({ id, ok: false, fatal, error: { name: error.name || "Error", message: String(error.message || error) } });
  }
}

function status(stage, message) {
  out.postMessage({ event: "status", stage, message });
}

class BootError extends Error {
  constructor(message) {
    super(message);
    this.name = "BootError";
  }
}

async function boot({ indexURL, wheelURL, workerType }) {
  if (pyodide) throw new BootError("The runtime is already running; start a new worker to boot again.");
  try {
    status("python", "loading Python");
    try {
      // The hub says which kind this worker is; the probe is for a page that starts it directly.
      const load = (workerType ? workerType === "classic" : isClassicWorker())
        ? (importScripts(indexURL + "pyodide.js"), self.loadPyodide)
        : (await import(indexURL + "pyodide.mjs")).loadPyodide;
      pyodide = await load({ indexURL });
    } catch (error) {
      throw new BootError(`Python unavailable: Pyodide could not start from ${indexURL} (${describe(error)}).`);
    }
    const version = pyodide.version || "unknown";

    status("numpy", "loading numpy");
    let failure = "";
    try {
      await pyodide.loadPackage(["numpy"]); // nothing else: other packages load when code imports them
    } catch (error) {
      failure = ` (${describe(error)})`;
    }
    // Some Pyodide versions only log a package that failed to load: check the module.
    if (!pyodide.runPython("import importlib.util as u\nu.find_spec('numpy') is not None")) {
      throw new BootError(
        `numpy unavailable: Pyodide ${version} could not load numpy from ${indexURL}${failure}. ` +
        "Build the site with a Pyodide distribution that includes numpy."
      );
    }

    status("pyml", "installing pyml");
    try {
      // A wheel is a zip file: unpack it into site-packages with the standard library, which
      // is much faster than importing micropip (with packaging and pyparsing) to install it.
      const response = await fetch(wheelURL);
      if (!response.ok) throw new Error(`HTTP ${response.status} for ${wheelURL}`);
      (pyodide.FS || pyodide._module.FS).writeFile("/tmp/pyml.whl", new Uint8Array(await response.arrayBuffer()));
      pyodide.runPython(
        "import importlib, sysconfig, zipfile\n" +
        "zipfile.ZipFile('/tmp/pyml.whl').extractall(sysconfig.get_paths()['purelib'])\n" +
        "importlib.invalidate_caches()"
      );
      const bytecodeKey = `${indexURL}pyml-bytecode?pyodide=${version}`;
      const restored = await restoreBytecode(bytecodeKey);
      pyodide.runPython(`import sys\nsys.dont_write_bytecode = ${restored ? "True" : "False"}`);
      // gc.freeze(): the objects of the boot (numpy, pyml, ~25,000) live as long as the page, so
      // the collector stops scanning them; a full collection during training took 3.6-8 ms.
      handle = pyodide.runPython(
        "from pyml.web.bridge import handle\nimport gc, sys\nsys.dont_write_bytecode = True\ngc.freeze()\nhandle"
      );
      if (!restored) setTimeout(() => { queue = queue.then(() => storeBytecode(bytecodeKey)); }, 0);
    } catch (error) {
      throw new BootError(`pyml unavailable: could not install ${wheelURL} (${describe(error)}).`);
    }

    const reply = call("init", {});
    if (!reply.ok) throw new BootError(`pyml did not start: ${reply.error.name}: ${reply.error.message}`);
    reply.result.versions.pyodide = version;
    status("ready", "ready");
    return reply.result;
  } catch (error) {
    status("error", error.message);
    throw error;
  }
}

// Code that `run` executes may import a Pyodide package the boot did not load (the test suite in
// the page imports micropip to install pytest): load those first, from indexURL. A package that
// is not there is not an error here: the import itself then fails in Python, with its message.
async function loadImports(payload) {
  if (!pyodide || !payload || typeof payload.code !== "string") return;
  try {
    await pyodide.loadPackagesFromImports(payload.code);
  } catch {
    // the run's import reports it
  }
}

// Pyodide compiles numpy's Python modules (and the standard library's that pyml imports) from
// source at every boot, a quarter of a second or more. The first visit keeps the compiled
// bytecode (.pyc files, written while importing) in the Cache API, and later visits unpack it
// before importing. The files are hash-checked .pyc: Python compares each with its source's
// hash and recompiles a changed module, so a new Pyodide or numpy is never run stale. Where
// the Cache API is missing (an insecure origin), nothing is kept and nothing breaks.
const BYTECODE_CACHE = "pyml-bytecode";

async function restoreBytecode(key) {
  try {
    const found = await (await caches.open(BYTECODE_CACHE)).match(key);
    if (!found) return false;
    (pyodide.FS || pyodide._module.FS).writeFile("/tmp/bytecode.zip", new Uint8Array(await found.arrayBuffer()));
    pyodide.runPython("import zipfile\nzipfile.ZipFile('/tmp/bytecode.zip').extractall('/')");
    return true;
  } catch {
    return false;
  }
}

const COLLECT_BYTECODE = `
import importlib.util, io, os, sys, zipfile
archive = io.BytesIO()
with zipfile.ZipFile(archive, "w") as out:
    for folder, _, names in os.walk(os.path.dirname(os.__file__)):
        for name in names:
            pyc = os.path.join(folder, name)
            if not name.endswith(".pyc") or "site-packages/pyml" in pyc:
                continue  # pyml changes with every build, while its version may not
            with open(importlib.util.source_from_cache(pyc), "rb") as f:
                source_hash = importlib.util.source_hash(f.read())
            with open(pyc, "rb") as f:
                data = f.read()
            # A checked hash-based .pyc (PEP 552): flags 0b11, then the source's hash.
            out.writestr(pyc.lstrip("/"), data[:4] + (3).to_bytes(4, "little") + source_hash + data[16:])
archive.getvalue()
`;

async function storeBytecode(key) {
  try {
    const cache = await caches.open(BYTECODE_CACHE);
    const bytes = pyodide.runPython(COLLECT_BYTECODE);
    const data = bytes instanceof Uint8Array ? bytes : bytes.toJs();
    if (bytes.destroy) bytes.destroy();
    for (const old of await cache.keys()) await cache.delete(old); // one runtime's bytecode at a time
    await cache.put(key, new Response(data));
  } catch {
    // a cache that cannot be written only costs the next visit its compile time
  }
}

// One call to the bridge: the payload goes in as JSON text, the reply comes back as plain
// JavaScript values; every proxy is released.
function call(type, payload) {
  if (!handle) {
    return { ok: false, error: { name: "BootError", message: "pyml is not running: the runtime did not boot." } };
  }
  const reply = handle(type, JSON.stringify(payload === undefined ? {} : payload));
  try {
    return plain(reply.toJs());
  } finally {
    reply.destroy();
  }
}

// toJs gives Maps for Python dicts (Pyodide 0.17 has no dict_converter option): make objects.
function plain(value) {
  if (value instanceof Map) {
    const object = {};
    for (const [key, item] of value) object[key] = plain(item);
    return object;
  }
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

// Python sends arrays as the bytes of float32 values (the grid, big arrays in views): view
// each as a Float32Array and hand its buffer over (transferred, not copied). Copy first only
// when the bytes share their buffer with something else.
function floats(value, transfer) {
  if (value instanceof Uint8Array) {
    const bytes = value.byteOffset === 0 && value.byteLength === value.buffer.byteLength ? value : value.slice();
    transfer.push(bytes.buffer);
    return new Float32Array(bytes.buffer);
  }
  if (Array.isArray(value)) return value.map((item) => floats(item, transfer));
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const key of Object.keys(value)) value[key] = floats(value[key], transfer);
  }
  return value;
}

// Module workers have importScripts too, but it throws there (the same test Pyodide uses).
function isClassicWorker() {
  try {
    importScripts("data:text/javascript,");
    return true;
  } catch {
    return false;
  }
}

function describe(error) {
  const text = String((error && error.message) || error);
  // A Python traceback names its error on its last line: keep the end of a long one.
  return text.length > 500 ? "..." + text.slice(-500) : text;
}
