// The small framework every guided demo page shares: the Python runtime, the embed view and its
// "copy embed code" button, URL parameters, typed calls for data sets and labs, a line chart, and
// the results the browser tests read. Pages import it and keep only their own lesson's code.
//
//   const demo = startDemo({ title: "Housing prices", params: PARAMS });
//   await demo.ready;                         // Python is up, pyml imported
//   const { X, y } = await demo.data({ dataset: "circles", params: { n_samples: 40 } });
//   const lab = await demo.lab("housing");   // a lab of pyml.web.labs, in its own session
//   const surface = await lab.call("one_feature", { theta0, theta1, size });
//   const training = await demo.train({ model: "LinearRegression", params, data });
//
// Nothing here computes machine learning: models and formulas run in Python (pyml), this
// module only moves data and draws.

import { CLASS_COLORS, SHAPES } from "../js/palette.js";
import { shapePath } from "../js/plot.js";
import { Runtime } from "../js/runtime.js";
import { bootWhenSeen } from "../js/boot_progress.js";
import uPlot from "../vendor/uplot/uPlot.esm.js";

export const EMBEDDED = new URLSearchParams(location.search).get("embed") === "1";

/**
 * Boot the page: embed mode, the runtime, the status line and the embed-code button.
 *
 * @param {object} options
 *   title: the demo's name (the iframe's title); params: the URL parameter table {name: {type,
 *   default, min?, max?, values?}}; tabs: [[id, label], ...], the embed view's tabs: an element with data-tab="id1 id2" shows only under those tabs (the
 *   full page shows everything).
 */
export function startDemo({ title, params = {}, tabs = [] }) {
  document.documentElement.classList.toggle("embed", EMBEDDED);
  const root = document.querySelector("[data-testid=demo]");
  root.after(footer());
  const status = document.querySelector("[data-testid=status]");
  // Embedded in a post, Python boots when a reader sees the demo (boot_progress.js).
  const runtime = new Runtime({ config: new URL("../runtime.json", import.meta.url).href, deferred: EMBEDDED });
  if (EMBEDDED) bootWhenSeen(document.body, runtime);
  runtime.addEventListener("status", ({ detail }) => {
    if (detail.stage !== "ready") setStatus(status, detail.message, detail.stage === "error" ? "error" : "");
  });
  const values = readParams(params);
  const slots = new Map(); // replace()'s models and labs by key: {generation, held}
  // Python restarted (it hung or crashed): every session died with it. Labs open again on their
  // next call, models when a button trains one; the status line says so in one sentence.
  let restarts = 0;
  runtime.addEventListener("restarted", ({ detail }) => {
    restarts += 1;
    for (const slot of slots.values()) slot.held = null; // nothing to dispose in the new Python
    const said = /restart/i.test(detail.message || "") ? detail.message : `${detail.message || "Python stopped."} Python was restarted.`;
    setStatus(status, `${said} The demo goes on from its settings: use it as before.`, "error");
    demo.root.dataset.restarts = String(restarts);
    runtime.ready.then(() => {
      if (demo.root.dataset.restarts === String(restarts)) setStatus(status, `${said} Python is running again: use the demo as before.`, "");
    }, () => {});
  });
  const demo = {
    runtime,
    params: values,
    root,
    /**
     * A data set of pyml.datasets (the `data` call): {dataset, params?, test_size?, random_state?}
     * resolves with {X, y, X_test, y_test} (rows and targets; no test part without test_size).
     */
    data(request) {
      return runtime.call("data", request);
    },
    /**
     * Open a lab of pyml.web.labs in its own session (the `open_lab` call). Resolves with
     * {call(name, args) -> its answer, dispose()}. With `key`, the lab replaces the previous one
     * of this key as replace() does a model, and resolves with null when overtaken.
     */
    lab(name, params = {}, { key = null } = {}) {
      const open = async () => {
        // The lab's session in the current Python: after a restart, the next call opens it again.
        let session = null;
        let opening = null;
        let openedAt = -1;
        const ensure = () => {
          if (session !== null && openedAt === restarts) return Promise.resolve(session);
          if (!opening) {
            const at = restarts;
            opening = runtime.call("open_lab", { lab: name, params }).then((answer) => {
              session = answer.session;
              openedAt = at;
              return session;
            }).finally(() => { opening = null; });
          }
          return opening;
        };
        await ensure();
        return {
          call: async (call, args = {}) => runtime.call("lab", { session: await ensure(), call, args }),
          dispose: () => {
            // a restarted runtime has nothing of this lab to free
            if (session !== null && openedAt === restarts) runtime.dispose(session).catch(() => {});
            session = null;
          },
        };
      };
      return key === null ? open() : claim(key, open);
    },
    /** Create a session and train it, pulling steps once per animation frame (runtime.js). */
    train(config, options) {
      return runtime.train(config, options);
    },
    /**
     * Train a model that replaces the previous one of this `key` (a new setting, new points): the
     * previous one is disposed (its session too: a finished Training keeps it for predict), and
     * a model that a newer replace() overtook while it opened is disposed at once. Resolves with
     * the Training, or null when overtaken.
     */
    replace(key, config, options) {
      return claim(key, () => runtime.train(config, options));
    },
    /** Dispose the model (or lab) of this `key`, if any (see replace). */
    drop(key) {
      const slot = slots.get(key);
      if (!slot) return;
      slot.generation += 1;
      if (slot.held) slot.held.dispose();
      slot.held = null;
    },
    /** Save a value the tests read (a data-* attribute of the demo element) and return it. */
    result(name, value) {
      root.dataset[name] = typeof value === "string" ? value : JSON.stringify(value);
      return value;
    },
    status(text, kind = "") {
      setStatus(status, text, kind);
    },
    /** Write the current parameter values into the URL (only those that differ from the defaults). */
    saveParams() {
      writeParams(params, values);
    },
  };
  /** What `open()` resolves with (a Training or a lab) becomes the one of `key`; see replace(). */
  async function claim(key, open) {
    const slot = slots.get(key) || { generation: 0, held: null };
    slots.set(key, slot);
    demo.drop(key);
    const generation = slot.generation;
    const held = await open();
    if (generation !== slot.generation) {
      held.dispose();
      return null;
    }
    slot.held = held;
    return held;
  }
  demo.ready = runtime.ready.then((info) => {
    setStatus(status, `Python ${info.versions.python} · numpy ${info.versions.numpy} · pyml ${info.versions.pyml}, running in this tab`);
    return info;
  });
  demo.ready.catch((error) => setStatus(status, `Python could not start: ${error.message}`, "error"));
  setupEmbed(title);
  if (EMBEDDED && tabs.length) setupTabs(root, tabs);
  return demo;
}

function setStatus(element, text, kind) {
  if (!element) return;
  element.textContent = text;
  element.title = text; // the embed view shows the status on one line, cut short
  element.dataset.kind = kind;
}

// ---------------------------------------------------------------- embedding

/** The footer every demo shares: the status line, the link out of the embed view, the embed code. */
function footer() {
  const element = document.createElement("footer");
  element.className = "demo-footer";
  element.innerHTML = `
    <p class="status" data-testid="status" role="status">Starting Python…</p>
    <a class="embed-only" data-testid="open-full" target="_blank" rel="noopener">Open the full demo</a>
    <button type="button" data-testid="copy-embed">Copy embed code</button>
    <textarea data-testid="embed-code" aria-label="Embed code" readonly hidden></textarea>`;
  return element;
}

// The embed code's size: every demo's embed view fits it, and 400x300 (the browser tests check).
const EMBED_WIDTH = 480;
const EMBED_HEIGHT = 360;

function setupEmbed(title) {
  const button = document.querySelector("[data-testid=copy-embed]");
  const output = document.querySelector("[data-testid=embed-code]");
  const full = document.querySelector("[data-testid=open-full]");
  const url = new URL(location.href);
  url.searchParams.set("embed", "1");
  const code = `<iframe src="${url.href}" title="${title} (pyml demo)" width="${EMBED_WIDTH}" height="${EMBED_HEIGHT}" ` +
    `style="border:0;max-width:100%" loading="lazy"></iframe>`;
  if (full) {
    const page = new URL(location.href);
    page.searchParams.delete("embed");
    full.href = page.href;
  }
  if (!button) return;
  if (output && EMBEDDED) {
    // In the embed view the code opens over the demo: Escape or a click elsewhere closes it.
    output.addEventListener("blur", () => { output.hidden = true; });
    output.addEventListener("keydown", (event) => { if (event.key === "Escape") output.hidden = true; });
  }
  button.addEventListener("click", async () => {
    const current = code.replace(/src="[^"]*"/, () => {
      const now = new URL(location.href);
      now.searchParams.set("embed", "1");
      return `src="${now.href}"`;
    });
    if (output) {
      output.hidden = false;
      output.value = current;
      output.select();
    }
    try {
      await navigator.clipboard.writeText(current);
      button.textContent = "Copied!";
    } catch {
      button.textContent = "Select and copy the code below";
    }
    setTimeout(() => { button.textContent = "Copy embed code"; }, 2500);
  });
}

/**
 * The embed view's tab bar (after the embed title): one view of the demo at a time, so that it
 * fits a short iframe. The chosen tab goes in the URL (?tab=id), so an embed can open on it.
 */
function setupTabs(root, tabs) {
  const bar = document.createElement("div");
  bar.className = "embed-tabs";
  bar.setAttribute("role", "tablist");
  bar.setAttribute("aria-label", "Views of this demo");
  const parts = [...root.querySelectorAll("[data-tab]")];
  const buttons = tabs.map(([id, label]) => {
    const button = document.createElement("button");
    button.type = "button";
    button.setAttribute("role", "tab");
    button.dataset.testid = `tab-${id}`;
    button.dataset.tabId = id;
    button.textContent = label;
    button.addEventListener("click", () => select(id, true));
    return button;
  });
  bar.append(...buttons);
  bar.addEventListener("keydown", (event) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (!step) return;
    const i = buttons.indexOf(document.activeElement);
    const next = buttons[(i + step + buttons.length) % buttons.length];
    next.focus();
    select(next.dataset.tabId, true);
    event.preventDefault();
  });
  function select(id, save) {
    for (const part of parts) part.classList.toggle("tab-off", !part.dataset.tab.split(" ").includes(id));
    for (const button of buttons) {
      const on = button.dataset.tabId === id;
      button.setAttribute("aria-selected", String(on));
      button.tabIndex = on ? 0 : -1;
    }
    root.dataset.tab = id;
    if (save) {
      const url = new URL(location.href);
      url.searchParams.set("tab", id);
      history.replaceState(null, "", url);
    }
  }
  const title = root.querySelector(".embed-title");
  if (title) title.after(bar);
  else root.prepend(bar);
  const wanted = new URLSearchParams(location.search).get("tab");
  select(tabs.some(([id]) => id === wanted) ? wanted : tabs[0][0], false);
}

// ---------------------------------------------------------------- URL parameters

/** Read the URL parameters of a table {name: {type: "number"|"int"|"bool"|"enum", default, min, max, values}}. */
export function readParams(table, search = location.search) {
  const query = new URLSearchParams(search);
  const values = {};
  for (const [name, spec] of Object.entries(table)) {
    values[name] = spec.default;
    if (!query.has(name)) continue;
    const parsed = parseValue(query.get(name), spec);
    if (parsed !== undefined) values[name] = parsed;
  }
  return values;
}

function parseValue(text, spec) {
  if (spec.type === "bool") {
    if (text === "1" || text === "true") return true;
    if (text === "0" || text === "false") return false;
    return undefined;
  }
  if (spec.type === "enum") return spec.values.includes(text) ? text : undefined;
  if (!/^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(text.trim())) return undefined; // Number("") is 0
  const number = Number(text);
  if (!Number.isFinite(number) || (spec.type === "int" && !Number.isInteger(number))) return undefined;
  if ((spec.min !== undefined && number < spec.min) || (spec.max !== undefined && number > spec.max)) return undefined;
  return number;
}

function writeParams(table, values) {
  const url = new URL(location.href);
  for (const [name, spec] of Object.entries(table)) {
    const value = values[name];
    if (value === spec.default) url.searchParams.delete(name);
    else url.searchParams.set(name, spec.type === "bool" ? (value ? "1" : "0") : String(value));
  }
  history.replaceState(null, "", url);
}

// ---------------------------------------------------------------- small drawing helpers

/**
 * A line chart (uPlot) that fills its container; `series`: [{label, stroke, dash?}]. The legend
 * shows when there are several series (one series is named by the y axis). In the embed view
 * the chart is as tall as the container's CSS height (demo.css), less its legend.
 */
export function lineChart(container, { series, xLabel = "iteration", yLabel = "", logY = false, height = 180 }) {
  let chartHeight = height;
  let plot = null;
  let data = [[], ...series.map(() => [])];
  const fitted = () => (EMBEDDED && container.clientHeight ? Math.max(container.clientHeight - (series.length > 1 ? 26 : 0), 80) : height);
  function build() {
    if (plot) plot.destroy();
    chartHeight = fitted();
    plot = new uPlot({
      width: Math.max(container.clientWidth, 200),
      height: chartHeight,
      series: [{ label: xLabel }, ...series.map((s) => ({ width: 2, spanGaps: true, ...s, value: (u, v) => (v == null ? "-" : format(v)) }))],
      scales: { x: { time: false }, y: logY ? { distr: 3, log: 10 } : {} },
      axes: [
        { label: xLabel, labelSize: 16, size: 34 },
        logY
          ? { label: yLabel, labelSize: 16, size: 56, splits: (u, i, min, max) => logTicks(min, max, Math.floor((chartHeight - 60) / 24)),
            filter: (u, ticks) => ticks, values: (u, ticks) => ticks.map(formatPower) } // uPlot would thin them again
          : { label: yLabel, labelSize: 16, size: 56, values: (u, ticks) => ticks.map((v) => (v == null ? "" : format(v))) },
      ],
      legend: { show: series.length > 1, live: false },
      cursor: { drag: { x: false, y: false } },
    }, data, container);
  }
  build();
  new ResizeObserver(() => {
    if (plot && (Math.abs(plot.width - container.clientWidth) > 4 || Math.abs(chartHeight - fitted()) > 4)) build();
  }).observe(container);
  return {
    /** Replace the data: xs, then one array per series (null for a gap). */
    set(next) {
      data = next;
      plot.setData(data);
      container.dataset.points = String(data[0].length);
    },
  };
}

/**
 * Tick values for a log axis between min and max, at most `count` of them: powers of ten (every
 * second or third one if they would crowd), or 1-2-5 steps when the range spans less than a decade.
 */
export function logTicks(min, max, count) {
  if (!(min > 0 && max > min)) return [];
  count = Math.max(count, 2);
  const lo = Math.ceil(Math.log10(min) - 1e-9);
  const hi = Math.floor(Math.log10(max) + 1e-9);
  if (hi - lo + 1 >= 2) {
    const step = Math.ceil((hi - lo + 1) / count);
    const ticks = [];
    for (let e = lo; e <= hi; e++) if (e % step === 0) ticks.push(10 ** e); // 1 is always a candidate
    return ticks;
  }
  for (const mantissas of [[1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]]) {
    const ticks = [];
    for (let e = lo - 1; e <= hi; e++) {
      for (const m of mantissas) {
        const t = m * 10 ** e;
        if (t >= min * (1 - 1e-9) && t <= max * (1 + 1e-9)) ticks.push(t);
      }
    }
    if (ticks.length >= 2 || mantissas.length === 9) return ticks.length > count ? ticks.filter((_, i) => i % 2 === 0) : ticks;
  }
  return [];
}

const SUPERSCRIPTS = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };

/** A log-axis tick: plain from 0.01 to 1000, else a power of ten written 10⁻⁵ (or 2×10⁻⁵). */
export function formatPower(x) {
  if (x == null || !(x > 0)) return "";
  const e = Math.floor(Math.log10(x) + 1e-9);
  if (e >= -2 && e <= 3) return format(x);
  const m = Math.round(x / 10 ** e);
  return `${m === 1 ? "" : `${m}×`}10${String(e).replace(/./g, (c) => SUPERSCRIPTS[c])}`;
}

/** A short, honest number: 3 significant digits, exponent notation when huge or tiny. */
export function format(x, digits = 3) {
  if (x === null || x === undefined || !Number.isFinite(Number(x))) return String(x);
  const v = Number(x);
  if (v !== 0 && (Math.abs(v) >= 1e6 || Math.abs(v) < 1e-3)) return v.toExponential(2);
  return String(Number(v.toPrecision(digits)));
}

/** A probability as a short percentage: "62%", "0.78%", "<0.1%", ">99.9%". */
export function percent(p) {
  if (p < 0.001) return "<0.1%";
  if (p > 0.999) return ">99.9%";
  return `${format(100 * p, p >= 0.1 ? 3 : 2)}%`;
}

/**
 * A one-line legend for a figure: each item {label, color, shape?, hollow?, line?, dash?, ring?, plus?}
 * gets a small drawing in the figure's own style: a point (filled, or hollow as test points are),
 * a line (solid or dashed), a black ring (a marked point) or a "+" of that colour on a dark halo.
 */
export function legend(container, items) {
  container.classList.add("legend");
  container.replaceChildren(...items.map((item) => {
    const entry = document.createElement("span");
    const canvas = document.createElement("canvas");
    canvas.setAttribute("aria-hidden", "true");
    const ratio = window.devicePixelRatio || 1;
    const size = 16;
    canvas.width = canvas.height = size * ratio;
    canvas.style.width = canvas.style.height = `${size}px`;
    const ctx = canvas.getContext("2d");
    ctx.scale(ratio, ratio);
    ctx.beginPath();
    if (item.line) {
      ctx.setLineDash(item.dash || []);
      ctx.moveTo(1, size / 2);
      ctx.lineTo(size - 1, size / 2);
      ctx.lineWidth = item.width || 2.5;
      ctx.strokeStyle = item.color;
      ctx.stroke();
    } else if (item.plus) {
      ctx.moveTo(2, size / 2); ctx.lineTo(size - 2, size / 2);
      ctx.moveTo(size / 2, 2); ctx.lineTo(size / 2, size - 2);
      for (const [width, color] of [[4.5, "#333"], [2.5, item.color]]) {
        ctx.lineWidth = width;
        ctx.strokeStyle = color;
        ctx.stroke();
      }
    } else if (item.ring) {
      ctx.arc(size / 2, size / 2, 6, 0, 2 * Math.PI);
      ctx.lineWidth = 2;
      ctx.strokeStyle = item.color || "#000";
      ctx.stroke();
    } else {
      shapePath(ctx, item.shape || "circle", size / 2, size / 2, 4.5);
      ctx.fillStyle = item.hollow ? "#fff" : item.color;
      ctx.fill();
      ctx.lineWidth = item.hollow ? 2 : 0.8;
      ctx.strokeStyle = item.hollow ? item.color : "rgba(0, 0, 0, 0.55)";
      ctx.stroke();
    }
    entry.append(canvas, item.label);
    return entry;
  }));
}

/** Colour and shape of the digit d (0-9): the palette has 8 colours and 8 shapes, so 8 and 9 reuse a colour with another shape. */
export function digitStyle(d) {
  const shape = d < 8 ? SHAPES[d] : { 8: "star", 9: "triangleDown" }[d];
  return { color: CLASS_COLORS[d % 8], shape };
}

/** Size a canvas to its CSS box times the device pixel ratio; returns {ctx, width, height} in CSS px. */
export function fitCanvas(canvas, cssHeight = null) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || 300;
  const height = cssHeight ?? (canvas.clientHeight || width);
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return { ctx, width, height };
}

/** Arrays that come over from Python as float32 bytes (Uint8Array) as a Float32Array. */
export function floats(values) {
  if (values instanceof Uint8Array) {
    const bytes = values.byteOffset % 4 === 0 ? values : values.slice();
    return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  }
  return values;
}

/** Call `fn` at most once at a time; calls made meanwhile collapse into one more call with the latest arguments. */
export function latestOnly(fn) {
  let running = false;
  let queued = null;
  return async function call(...args) {
    if (running) {
      queued = args;
      return;
    }
    running = true;
    try {
      await fn(...args);
    } finally {
      running = false;
      if (queued) {
        const next = queued;
        queued = null;
        call(...next);
      }
    }
  };
}

/** Fill a <select> or a range input from a list of values, selecting `current`. */
export function fillSelect(select, values, current, label = String) {
  select.innerHTML = "";
  for (const value of values) {
    const option = document.createElement("option");
    option.value = String(value);
    option.textContent = label(value);
    option.selected = value === current;
    select.append(option);
  }
}
