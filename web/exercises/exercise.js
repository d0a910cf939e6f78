// One exercise page: the editor, Check, Reset to stub, Show a solution, Train with my code, and the
// learner's progress. Each page is its statement in <main data-exercise="name"> (build.py puts
// web/exercises/<name>.html into template.html); the stub, the solution and the checking come
// from Python (the exercises lab, through web/js/runner.js), run in this tab.
//
// Test hooks: [data-testid=check] starts a check; [data-testid=check-result] gets data-status
// pass | fail | error when it ends; window.pyml.editor has getCode() and setCode(text).

import { Runtime } from "../js/runtime.js";
import { Runner } from "../js/runner.js";
import { createEditor } from "./editor.js";
import * as progress from "./progress.js";

// What every exercise page has below its statement.
const WORKSPACE = `
  <h2 id="your-code">Your code</h2>
  <div class="editor" data-testid="editor"></div>
  <p class="hint" id="editor-hint">Tab indents; to leave the editor with the keyboard, press Escape, then Tab.</p>
  <div class="actions">
    <button type="button" class="primary" data-testid="check">Check</button>
    <button type="button" data-testid="reset">Reset to stub</button>
    <button type="button" data-testid="show-solution" aria-expanded="false" aria-controls="solution" hidden>Show a solution</button>
    <button type="button" data-testid="train" hidden>Train with my code</button>
  </div>
  <section class="result" data-testid="check-result" aria-live="polite" hidden>
    <p class="message" data-testid="check-message"></p>
    <div data-testid="check-case"></div>
    <details data-testid="check-output" hidden><summary>What your code printed</summary><pre></pre></details>
  </section>
  <section class="solution" id="solution" data-testid="solution" hidden>
    <h2>A solution</h2>
    <p>The course's formulas, vectorised with numpy: one line per formula, no loop over the samples.</p>
    <pre data-testid="solution-code"></pre>
    <button type="button" data-testid="copy-solution">Put it in the editor</button>
  </section>
  <section class="train" data-testid="train-panel" hidden>
    <h2>Training with your code</h2>
    <p class="readout" data-testid="train-state" aria-live="polite"></p>
    <div class="stage" data-testid="train-figures"></div>
  </section>`;

const TRAINERS = { "gradient-descent": "./train-linear.js", "logistic-cost": "./train-logistic.js", kmeans: "./train-kmeans.js" };

const root = document.querySelector("main[data-exercise]");
const name = root.dataset.exercise;
const $ = (id) => root.querySelector(`[data-testid="${id}"]`);
root.querySelector("[data-testid=workspace]").innerHTML = WORKSPACE;

const runtime = new Runtime({ config: new URL("../runtime.json", import.meta.url).href });
const runner = new Runner(runtime);
let info = null; // {title, functions, stub, solution, trains}
let busy = false; // a check or a training start is running: one at a time
let trainer = null; // the "Train with my code" module, once loaded

const saved = progress.savedCode(name);
const editor = createEditor($("editor"), {
  text: saved ?? "# Starting Python: the code to complete appears in a moment…",
  label: `Your Python code for ${root.dataset.title || name}`,
  onChange: (code) => { if (info) progress.saveCode(name, code); },
});
if (saved === null) editor.setReadOnly(true);
window.pyml = { ...(window.pyml || {}), editor: { getCode: editor.getCode, setCode: editor.setCode } };

buildNavigation();
setStatus("Starting Python…");
runtime.addEventListener("status", ({ detail }) => {
  if (detail.stage !== "ready") setStatus(detail.message, detail.stage === "error" ? "error" : "");
});
runner.addEventListener("restarting", () => setStatus("Restarting Python…"));
runner.addEventListener("restarted", () => setStatus("Python restarted: ready."));

$("check").addEventListener("click", check);
$("reset").addEventListener("click", () => {
  if (!info) return;
  if (editor.getCode() !== info.stub && !confirm("Replace your code with the starting code? Your code will be lost.")) return;
  editor.setCode(info.stub);
  progress.forgetCode(name);
});
$("show-solution").addEventListener("click", () => {
  const panel = $("solution");
  panel.hidden = !panel.hidden;
  $("show-solution").setAttribute("aria-expanded", String(!panel.hidden));
  $("show-solution").textContent = panel.hidden ? "Show a solution" : "Hide the solution";
});
$("copy-solution").addEventListener("click", () => {
  if (info && confirm("Replace your code with this solution?")) editor.setCode(info.solution);
});
if (TRAINERS[name]) {
  $("train").hidden = false;
  $("train").addEventListener("click", train);
}

main().catch((error) => setStatus(`Python could not start: ${error.message}`, "error"));

async function main() {
  const versions = (await runtime.ready).versions;
  info = await runner.call("info", { name });
  if (info.timedOut) throw new Error(info.message);
  $("solution-code").textContent = info.solution;
  if (progress.savedCode(name) === null) editor.setCode(info.stub);
  editor.setReadOnly(false);
  setStatus(`Python ${versions.python} · numpy ${versions.numpy} · pyml ${versions.pyml}, running in this tab. Nothing you write leaves it.`);
  root.dataset.state = "ready";
}

async function check() {
  if (busy) return;
  busy = true;
  const result = $("check-result");
  delete result.dataset.status;
  result.hidden = false;
  $("check-message").textContent = "Checking…";
  $("check-case").replaceChildren();
  $("check-output").hidden = true;
  $("check").disabled = true;
  if (trainer) trainer.stop();
  try {
    await runtime.ready;
    if (!info) await waitFor(() => info);
    const code = editor.getCode();
    progress.saveCode(name, code);
    const answer = await runner.call("check", { name, source: code });
    show(answer.timedOut ? { status: "error", message: answer.message, line: null, case: null, output: "" } : answer);
  } catch (error) {
    show({ status: "error", message: `Python could not run the check: ${error.message}`, line: null, case: null, output: "" });
  } finally {
    $("check").disabled = false;
    busy = false;
  }
}

function show(answer) {
  const result = $("check-result");
  $("check-message").textContent = answer.message;
  $("check-case").replaceChildren(...(answer.case ? [caseTable(answer.case)] : []));
  const output = $("check-output");
  output.hidden = !answer.output;
  output.querySelector("pre").textContent = answer.output || "";
  if (answer.line) {
    const go = document.createElement("button");
    go.type = "button";
    go.className = "link";
    go.textContent = `Go to line ${answer.line}`;
    go.addEventListener("click", () => { editor.goToLine(answer.line); editor.view.focus(); });
    $("check-message").append(" ", go);
    editor.goToLine(answer.line);
  }
  if (answer.status === "pass") {
    progress.markPassed(name);
    buildNavigation();
  } else {
    $("show-solution").hidden = false; // a solution is offered once a check has failed
  }
  result.dataset.status = answer.status; // last: the tests wait for it
}

function caseTable(failed) {
  const table = document.createElement("table");
  table.className = "case-table";
  const caption = table.createCaption();
  caption.textContent = `${failed.name}: ${failed.function}(${failed.inputs.map(([n]) => n).join(", ")})`;
  const rows = [...failed.inputs, ["expected", failed.expected]];
  if (failed.got !== null) rows.push(["got", failed.got]);
  for (const [label, value] of rows) {
    const row = table.insertRow();
    const head = document.createElement("th");
    head.scope = "row";
    head.textContent = label;
    const cell = row.insertCell();
    const pre = document.createElement("pre");
    pre.textContent = value;
    cell.append(pre);
    row.prepend(head);
    if (label === "expected" || label === "got") row.className = label;
  }
  return table;
}

async function train() {
  if (busy) return;
  busy = true;
  $("train").disabled = true;
  try {
    await runtime.ready;
    if (!info) await waitFor(() => info);
    if (!trainer) trainer = (await import(TRAINERS[name])).createTrainer($("train-panel"), runner);
    $("train-panel").hidden = false;
    progress.saveCode(name, editor.getCode());
    await trainer.start(editor.getCode());
  } catch (error) {
    setStatus(`Training could not start: ${error.message}`, "error");
  } finally {
    $("train").disabled = false;
    busy = false;
  }
}

function buildNavigation() {
  const nav = root.ownerDocument.querySelector("[data-testid=exercise-nav]");
  if (!nav) return;
  const list = document.createElement("ol");
  for (const [id, title] of progress.EXERCISES) {
    const item = document.createElement("li");
    const link = document.createElement(id === name ? "strong" : "a");
    if (id !== name) link.href = `${id}.html`;
    else link.setAttribute("aria-current", "page");
    link.textContent = title;
    item.append(link);
    if (progress.passed(id)) {
      const mark = document.createElement("span");
      mark.className = "passed";
      mark.textContent = " ✓ passed";
      item.append(mark);
    }
    list.append(item);
  }
  const restart = document.createElement("button");
  restart.type = "button";
  restart.dataset.testid = "start-over";
  restart.textContent = "Start over: forget all my code and progress";
  restart.addEventListener("click", () => {
    if (!confirm("Forget the code of every exercise and which ones you passed?")) return;
    progress.clearAll();
    if (info) editor.setCode(info.stub);
    progress.forgetCode(name);
    buildNavigation();
  });
  const heading = document.createElement("h2");
  heading.textContent = "All exercises";
  nav.replaceChildren(heading, list, restart);
}

function setStatus(text, kind = "") {
  const status = document.querySelector("[data-testid=status]");
  status.textContent = text;
  status.dataset.kind = kind;
}

function waitFor(condition) {
  return new Promise((resolve) => {
    const poll = () => (condition() ? resolve() : requestAnimationFrame(poll));
    poll();
  });
}
