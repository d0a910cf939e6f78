// Text colour for accessibility: an MLP learns the WCAG black-or-white rule from labelled colours;
// the picked colour shows the network's answer next to the formula's (both computed in Python).

import { createView as createNetwork } from "../js/viz/network.js";
import { EMBEDDED, format, latestOnly, lineChart, percent, startDemo } from "./demo.js";

const demo = startDemo({
  title: "Black or white text: a first neural network",
  params: {
    hidden: { type: "int", default: 6, min: 1, max: 16 },
    seed: { type: "int", default: 0, min: 0, max: 1e6 },
  },
  tabs: [["network", "Network"], ["loss", "Loss curve"]],
});
const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
const chart = lineChart($("loss-chart"), {
  series: [{ label: "training loss", stroke: "#0072B2" }, { label: "test loss", stroke: "#D55E00", dash: [6, 4] }],
  xLabel: "epoch",
  yLabel: "cross-entropy",
});
let network = null;
let training = null;
let lastView = null;
// The picked colour and the network's answer for it, shown in the diagram's input and output boxes.
const picked = { rgb: null, proba: null };

function drawNetwork() {
  if (!network || !lastView) return;
  const values = {};
  if (picked.rgb) values[0] = { values: picked.rgb, domain: [0, 1], label: "The picked colour's red, green and blue, from 0 to 1." };
  if (picked.proba) values[lastView.layer_sizes.length - 1] = { values: picked.proba, domain: [0, 1], label: "The network's probability of each text colour for the picked colour." };
  network.update({ view: lastView }, { task: "classification", classes: training.info.classes, features: ["red", "green", "blue"], values });
}
let formulas = null; // pyml.web.labs.text_colors: the WCAG formula's answers

async function main() {
  await demo.ready;
  formulas = await demo.lab("text_colors");
  const { X, y } = await demo.data({ dataset: "text_colors", params: { n_samples: 600, random_state: demo.params.seed } });
  const test = await demo.data({ dataset: "text_colors", params: { n_samples: 1000, random_state: demo.params.seed + 1 } });
  const [Xt, yt] = [test.X, test.y];
  const losses = { train: [], test: [] };
  demo.root.dataset.state = "training";
  training = await demo.train({
    model: "MLPClassifier",
    params: { hidden_layer_sizes: [demo.params.hidden], activation: "tanh", optimizer: "adam", learning_rate: 0.03,
      batch_size: 32, n_epochs: 150, random_state: demo.params.seed },
    data: { X, y, X_test: Xt, y_test: yt },
  }, { maxSteps: 2 });
  try {
    // In the embed view the diagram is at most as tall as the stage it is in (demo.css).
    const stage = $("network").closest(".stage");
    network = createNetwork($("network"), EMBEDDED ? { get maxHeight() { return Math.max(stage.clientHeight, 160); } } : {});
  } catch (error) {
    console.warn("network diagram unavailable:", error); // eslint-disable-line no-console
  }
  training.addEventListener("frame", ({ detail: frame }) => {
    for (const step of frame.steps) losses.train.push(step.loss);
    if (frame.test_loss !== undefined) {
      while (losses.test.length < losses.train.length - 1) losses.test.push(null);
      losses.test.push(frame.test_loss);
    }
    chart.set([losses.train.map((_, i) => i + 1), losses.train, losses.test]);
    if (frame.view) lastView = frame.view;
    drawNetwork();
    const agreement = frame.metrics?.test?.accuracy;
    if (agreement !== undefined) {
      $("agreement").innerHTML = `Epoch ${frame.iteration}: the network agrees with the formula on <strong>${format(100 * agreement, 3)}%</strong> of 1,000 colours it never saw.`;
    }
    if (frame.done) {
      demo.result("agreement", String(agreement));
      demo.root.dataset.state = "done";
    }
    pick();
  });
  training.addEventListener("error", ({ detail }) => demo.status(`${detail.name}: ${detail.message}`, "error"));
  $("color").addEventListener("input", () => pick());
  pick();
}

function rgbOf(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => c / 255);
}

// One question at a time: while the worker answers, newer colours wait and only the latest is asked.
const pick = latestOnly(async () => {
  const hex = $("color").value;
  $("swatch").style.background = hex;
  const rgb = rgbOf(hex);
  picked.rgb = rgb;
  if (!formulas) return; // Python is still starting
  const formula = await formulas.call("answer", { rgb });
  $("formula-answer").innerHTML = `The formula: contrast ${format(formula.contrast_black)}:1 with black, ` +
    `${format(formula.contrast_white)}:1 with white, so <strong>${formula.best}</strong> text (luminance ${format(formula.luminance)}).`;
  $("formula-answer").dataset.best = formula.best;
  if (!training || !training.frame) return; // no prediction before the first training step
  const answer = await training.predict([rgb]);
  const classes = training.info.classes;
  const best = answer.y[0];
  const confidence = answer.proba[0][classes.indexOf(best)];
  picked.proba = answer.proba[0];
  drawNetwork();
  $("network-answer").innerHTML = `The network: <strong>${best}</strong> text, ${percent(confidence)} sure` +
    (best === formula.best ? " (agrees with the formula)." : " (the formula disagrees: this colour is near the boundary).");
  $("network-answer").dataset.best = best;
});

main().catch((error) => {
  demo.status(`${error.name}: ${error.message}`, "error");
  demo.root.dataset.state = "error";
});
