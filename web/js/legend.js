// The legend beside the plot: what each colour and shape means (classes, a target's colour
// ramp, or data and prediction for a 1-D curve), training and test points, and what the
// background shows for unsupervised models.

import { fmtNumber } from "./chart.js";
import { modelTask } from "./models.js";
import { classColor, classShape, rgbCss, sequential } from "./palette.js";

const BACKGROUNDS = {
  clustering: "Background: the cluster each place of the plane belongs to. The data's own classes play no part.",
  anomaly: "Background: the density p(x) of the fitted Gaussian, darker where x is more likely; shaded red where the model flags an anomaly (p(x) < ε). The line is where p(x) = ε; the plus marks the mean μ.",
  decomposition: "The line: the principal components, drawn from the data's mean.",
};

export function createLegend({ doc, app, layers, dataTask }) {
  const box = doc.querySelector('[data-testid="legend"]');

  function draw() {
    if (!box || !app.data) return;
    box.replaceChildren();
    const items = [];
    const task = dataTask();
    const colouring = layers.pointColouring();
    if (colouring.clusters) {
      // k-means: the points wear their cluster's colour, whatever class the data gave them.
      if (!colouring.classes.length) items.push({ color: classColor(7), shape: "circle", text: "data (not clustered yet)" });
      colouring.classes.forEach((c, i) => items.push({ color: classColor(i), shape: classShape(i), text: `cluster ${c + 1}` }));
    } else if (task === "classification") {
      colouring.classes.forEach((c, i) => items.push({ color: classColor(i), shape: classShape(i), text: typeof c === "number" ? `class ${c}` : String(c) }));
    } else if (app.base.dims === 2) {
      const [lo, hi] = layers.valueRange();
      const bar = doc.createElement("div");
      bar.className = "legend-ramp";
      bar.style.background = `linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1].map((t) => rgbCss(sequential(t))).join(", ")})`;
      const label = doc.createElement("p");
      label.textContent = `${app.base.columns[app.base.columns.length - 1]}: ${fmtNumber(lo)} … ${fmtNumber(hi)}`;
      box.append(label, bar);
    } else {
      items.push({ color: classColor(1), shape: "circle", text: "data" }, { color: "#CC79A7", shape: "line", text: "model's prediction" });
    }
    items.push({ color: "#555", shape: "filled", text: "training point (filled)" });
    if (app.data.test.length) items.push({ color: "#555", shape: "hollow", text: app.state.showTest ? "test point (hollow)" : "test points (hollow)", hint: app.state.showTest ? "" : ": tick “Show test data”" });
    const list = doc.createElement("ul");
    for (const item of items) {
      const li = doc.createElement("li");
      const swatch = doc.createElement("span");
      swatch.className = `swatch swatch-${item.shape}`;
      swatch.style.setProperty("--swatch", item.color);
      swatch.setAttribute("aria-hidden", "true");
      if (item.hint) { // one run of text with its hint, which the embed leaves out for room (playground.css)
        const text = doc.createElement("span");
        const hint = doc.createElement("span");
        hint.className = "legend-hint";
        hint.textContent = item.hint;
        text.append(` ${item.text}`, hint);
        li.append(swatch, text);
      } else {
        li.append(swatch, ` ${item.text}`);
      }
      list.append(li);
    }
    box.append(list);
    const background = BACKGROUNDS[modelTask(app.state.model, task)];
    if (background) {
      const p = doc.createElement("p");
      p.textContent = background;
      box.append(p);
    }
  }

  return { draw };
}
