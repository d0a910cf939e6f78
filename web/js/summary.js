// What a model that is not judged by a loss curve shows instead of one: PCA the variance each
// component explains, anomaly detection how many points it flags (and, on data labelled 0/1,
// how well they match label 1), the one-shot classifiers and regressors what fitting did.

import { labelsOf } from "./data.js";
import { MODELS } from "./models.js";

// In words, what fitting does for the models that fit in one go.
const FITTED = {
  knn: "k nearest neighbours fits in one go: it keeps the training points, and each prediction is a vote (or mean) of the k closest.",
  nb: "Naive Bayes fits in one go: one Gaussian per class and feature, its mean and variance counted from the training points.",
};

export function createSummary({ doc, app }) {
  const box = doc.querySelector('[data-testid="model-summary"]') || besideMetrics(doc);
  let asked = null; // the frame whose anomaly counts are being fetched

  /** Show what the frame means for a one-shot model; `predict(X)` asks the session. */
  function render(frame, predict) {
    if (!box) return;
    const family = MODELS[app.state.model].family;
    if (!frame || frame.iteration === 0) {
      box.replaceChildren();
      box.hidden = true;
      return;
    }
    if (family === "pca" && frame.view?.explained_variance_ratio) {
      show(varianceTable(frame.view.explained_variance_ratio));
    } else if (family === "anomaly") {
      asked = frame;
      predict(app.data.X).then((answer) => {
        if (asked === frame) show(...anomalyCounts(answer.y.map(Number), app.data.y));
      }, () => {});
    } else if (FITTED[family]) {
      show(paragraph(FITTED[family]));
    } else {
      box.replaceChildren();
      box.hidden = true;
    }
  }

  function show(...children) {
    box.replaceChildren(...children);
    box.hidden = false;
  }

  function paragraph(text, testid) {
    const p = doc.createElement("p");
    p.textContent = text;
    if (testid) p.dataset.testid = testid;
    return p;
  }

  function varianceTable(ratios) {
    const table = doc.createElement("table");
    table.className = "metric-table";
    table.dataset.testid = "variance-explained";
    const caption = doc.createElement("caption");
    caption.textContent = "Variance of the data each component explains";
    table.append(caption);
    const head = doc.createElement("tr");
    for (const text of ["component", "explained", "together"]) head.append(cell("th", text));
    table.append(head);
    let total = 0;
    ratios.forEach((r, i) => {
      total += r;
      const tr = doc.createElement("tr");
      tr.append(cell("th", `PC${i + 1}`), cell("td", percent(r)), cell("td", percent(total)));
      table.append(tr);
    });
    return table;
  }

  // flagged: 1 where the model says anomaly. On data whose labels are 0 and 1, label 1 is taken
  // for "anomaly" and the flags are scored against it (precision, recall, F1).
  function anomalyCounts(flagged, labels) {
    const n = flagged.length;
    const count = flagged.filter((v) => v === 1).length;
    const out = [paragraph(`Flagged as anomalies (p(x) < ε): ${count} of ${n} training points (${percent(count / n)}).`, "anomaly-count")];
    // Only a user's own table can mean "anomaly" by its labels: the built-in sets' classes do not.
    const classes = app.state.dataset === "csv" ? labelsOf(labels) : [];
    if (classes.length === 2 && String(classes[0]) === "0" && String(classes[1]) === "1") {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      flagged.forEach((f, i) => {
        const truth = String(labels[i]) === "1";
        if (f === 1 && truth) tp += 1;
        else if (f === 1) fp += 1;
        else if (truth) fn += 1;
      });
      // As pyml.metrics.precision_recall_f1 defines them (0 where undefined); the worker has
      // no labels for a model that does not learn from them, so the page counts here.
      const precision = tp + fp ? tp / (tp + fp) : 0;
      const recall = tp + fn ? tp / (tp + fn) : 0;
      const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
      out.push(paragraph(`Taking label 1 as "anomaly": precision ${precision.toFixed(2)}, recall ${recall.toFixed(2)}, F1 ${f1.toFixed(2)}.`, "anomaly-scores"));
    }
    return out;
  }

  function cell(tag, text) {
    const el = doc.createElement(tag);
    el.textContent = text;
    return el;
  }

  return { render };
}

// A page without a summary slot (the embed) gets one after its metrics box.
function besideMetrics(doc) {
  const metrics = doc.querySelector('[data-testid="metrics"]');
  if (!metrics) return null;
  const box = doc.createElement("div");
  box.className = "model-summary";
  box.dataset.testid = "model-summary";
  box.hidden = true;
  metrics.after(box);
  return box;
}

function percent(x) {
  return `${(100 * x).toFixed(1)}%`;
}
