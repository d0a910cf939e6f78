// What the panels of "Train with my code" share: the plane with its legend beside the learner's
// cost after each step, the trainer's controls below, and the table of the learner's numbers
// next to pyml's own model's.

import { createPlot } from "../js/plot.js";
import { lineChart } from "../demos/demo.js";

/**
 * Fill the panel's [data-testid=train-figures]. Returns {$, plot, chart}: $(testid) finds an
 * element of the panel; plot is a pyml plot (web/js/plot.js), chart a cost chart (demo.js's lineChart).
 *
 * @param spec {planeCaption, costCaption: HTML; controls: the HTML of the trainer's controls;
 *             cost: {label, yLabel, logY} of the chart's one series; landscape: a wider plane}
 */
export function createFigures(panel, { planeCaption, costCaption, controls, cost, landscape = false }) {
  const $ = (id) => panel.querySelector(`[data-testid="${id}"]`);
  $("train-figures").innerHTML = `
    <figure class="figure">
      <div class="plot-figure${landscape ? " landscape" : ""}" data-testid="train-plot"></div>
      <div data-testid="train-legend"></div>
      <figcaption>${planeCaption}</figcaption>
    </figure>
    <figure class="figure">
      <div class="chart" data-testid="train-chart"></div>
      <figcaption>${costCaption}</figcaption>
    </figure>
    <div class="controls">${controls}</div>`;
  const plot = createPlot($("train-plot"));
  const chart = lineChart($("train-chart"), {
    series: [{ label: cost.label, stroke: "#0072B2" }], yLabel: cost.yLabel, logY: cost.logY,
  });
  return { $, plot, chart };
}

/**
 * The HTML of a table with a row for the learner's code and one for pyml's model, a column per
 * number: `columns` is [[id, heading], ...], the cells' test ids are yours-<id> and pyml-<id>.
 */
export function comparisonTable(columns) {
  const row = (who, name) => `<tr><td>${name}</td>${columns.map(([id]) => `<td data-testid="${who}-${id}">–</td>`).join("")}</tr>`;
  return `<table class="numbers" data-testid="train-table">
      <thead><tr><th></th>${columns.map(([, heading]) => `<th>${heading}</th>`).join("")}</tr></thead>
      <tbody>${row("yours", "your code")}${row("pyml", "pyml's model")}</tbody>
    </table>`;
}
