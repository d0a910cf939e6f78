// The metrics box: accuracy (classification) or RMSE and R² (regression) and the loss, on the
// training and the test data, and the confusion matrix.
//
// The box keeps its tables while their shape stays the same and rewrites only the cells whose
// text changed: rebuilding them at every frame made the browser lay out and paint the whole
// page once per frame.

import { fmtNumber } from "./chart.js";
import { MODELS } from "./models.js";

// An R² this far below 0 is no fit but a run whose numbers blew up.
const DIVERGED_R2 = -1000;

const PARTS = ["train", "test"];

export function createMetrics({ doc, app }) {
  const box = doc.querySelector('[data-testid="metrics"]');
  let shape = "";

  function render(frame) {
    if (!box) return;
    const metrics = frame?.metrics || {};
    const rows = rowsFor(frame);
    box.hidden = rows.length === 0; // PCA, anomaly detection: the summary says what they did
    if (!rows.length) return;
    const confusion = app.task === "classification" ? frameConfusion(frame) : null;
    const now = JSON.stringify([rows.map(([name]) => name), confusion && [confusion.part, app.classes.map(String)]]);
    if (now !== shape || !box.firstChild) {
      shape = now;
      box.replaceChildren(metricTable(rows.map(([name]) => name)), ...(confusion ? [confusionTable(confusion)] : []));
    }
    const cells = box.querySelector(".metric-table").querySelectorAll("td");
    let i = 0;
    for (const [, get] of rows) for (const part of PARTS) setText(cells[i++], frame ? get(metrics[part] || {}, part) : "–");
    if (confusion) fillConfusion(box.querySelector(".confusion"), confusion.matrix);
  }

  // The rows that mean something for this model: its score, and what its training lowers.
  function rowsFor(frame) {
    const rows = [];
    const supervised = app.task === "classification" || app.task === "regression";
    if (app.task === "classification") rows.push(["accuracy", (m) => (m.accuracy != null ? `${(100 * m.accuracy).toFixed(1)}%` : "–")]);
    if (app.task === "regression") rows.push(["RMSE", (m) => fmtNumber(m.rmse)], ["R²", (m) => formatR2(m.r2)]);
    if (MODELS[app.state.model].family === "svm") {
      // The dual objective is a number only its formula explains; how many training points hold
      // up the boundary is what a learner can read.
      const support = frame?.view?.support;
      rows.push(["support vectors", (m, part) => (part === "train" && support ? `${support.length} of ${app.data.X.length}` : "–")]);
    } else if (app.info?.loss_name) {
      rows.push([supervised ? "loss" : app.info.loss_name, (m, part) => fmtNumber(part === "train" ? frame?.loss : frame?.test_loss)]);
    }
    return rows;
  }

  function metricTable(names) {
    const table = doc.createElement("table");
    table.className = "metric-table";
    const caption = doc.createElement("caption");
    caption.textContent = "How well the model does";
    table.append(caption);
    const head = doc.createElement("tr");
    head.append(th(""), th("train"), th("test"));
    table.append(head);
    for (const name of names) {
      const tr = doc.createElement("tr");
      tr.append(th(name, "row"));
      for (const part of PARTS) {
        const td = doc.createElement("td");
        td.dataset.testid = `metric-${part}-${name.toLowerCase().replace("²", "2").replace(/[^a-z0-9]+/g, "-")}`;
        tr.append(td);
      }
      table.append(tr);
    }
    return table;
  }

  function confusionTable({ part, matrix }) {
    const table = doc.createElement("table");
    table.className = "confusion";
    table.dataset.testid = "confusion";
    const caption = doc.createElement("caption");
    caption.textContent = `Confusion matrix (${part} data): rows are the true class, columns the predicted one`;
    table.append(caption);
    const head = doc.createElement("tr");
    head.append(th("true \\ predicted"));
    app.classes.forEach((c) => head.append(th(String(c), "col")));
    table.append(head);
    matrix.forEach((row, i) => {
      const tr = doc.createElement("tr");
      tr.append(th(String(app.classes[i]), "row"));
      row.forEach(() => tr.append(doc.createElement("td")));
      table.append(tr);
    });
    return table;
  }

  function th(text, scope) {
    const el = doc.createElement("th");
    el.textContent = text;
    if (scope) el.scope = scope;
    return el;
  }

  return { render };
}

/** R² for people: "diverged" when the model's numbers blew up (R² of -4.2e108). */
export function formatR2(r2) {
  if (r2 == null) return "–";
  if (!(r2 >= DIVERGED_R2)) return "diverged";
  return r2.toFixed(3);
}

function frameConfusion(frame) {
  const metrics = frame?.metrics || {};
  for (const part of ["test", "train"]) if (metrics[part]?.confusion) return { part, matrix: metrics[part].confusion };
  return null;
}

function fillConfusion(table, matrix) {
  const max = Math.max(1, ...matrix.flat());
  matrix.forEach((row, i) => {
    row.forEach((count, j) => {
      const td = table.rows[i + 1].cells[j + 1];
      setText(td, String(count));
      const strength = count / max;
      const background = i === j ? `rgba(0, 114, 178, ${0.15 + 0.5 * strength})` : count ? `rgba(213, 94, 0, ${0.15 + 0.5 * strength})` : "";
      if (td.dataset.background !== background) {
        td.dataset.background = background;
        td.style.background = background;
      }
    });
  });
}

function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}
