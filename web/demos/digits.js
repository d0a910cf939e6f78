// Handwritten digits: an MLP trains on the 8x8 digits; the drawing pad is turned into a digit by
// pyml.web.labs.digits (the data set's own preprocessing) and classified live.

import { format, latestOnly, lineChart, percent, startDemo } from "./demo.js";

const demo = startDemo({
  title: "Handwritten digits",
  params: {
    hidden: { type: "int", default: 32, min: 4, max: 128 },
    epochs: { type: "int", default: 40, min: 1, max: 500 },
    seed: { type: "int", default: 0, min: 0, max: 1e6 },
  },
  tabs: [["draw", "Draw a digit"], ["test", "Test set"], ["loss", "Loss curve"]],
});
const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
const INK = 56; // the drawing is read at 56 x 56 pixels of ink
const chart = lineChart($("loss-chart"), {
  series: [{ label: "training loss", stroke: "#0072B2" }, { label: "test loss", stroke: "#D55E00", dash: [6, 4] }],
  xLabel: "epoch",
  yLabel: "cross-entropy",
});
let training = null;
let lab = null; // pyml.web.labs.digits: the data and the drawing's digit
let drawn = false;

async function main() {
  setupPad();
  await demo.ready;
  lab = await demo.lab("digits", { random_state: demo.params.seed });
  const [X, Xt, y, yt] = await lab.call("data");
  const losses = { train: [], test: [] };
  demo.root.dataset.state = "training";
  training = await demo.train({
    model: "MLPClassifier",
    params: { hidden_layer_sizes: [demo.params.hidden], activation: "relu", optimizer: "adam", learning_rate: 0.01,
      batch_size: 32, n_epochs: demo.params.epochs, random_state: demo.params.seed },
    data: { X, y, X_test: Xt, y_test: yt },
  }, { maxSteps: 1 });
  training.addEventListener("frame", ({ detail: frame }) => {
    for (const step of frame.steps) losses.train.push(step.loss);
    losses.test.push(frame.test_loss ?? null);
    chart.set([losses.train.map((_, i) => i + 1), losses.train, losses.test]);
    const test = frame.metrics?.test;
    if (test) {
      $("accuracy").innerHTML = `Epoch ${frame.iteration}: <strong>${format(100 * test.accuracy, 3)}%</strong> of the ${yt.length} test digits right ` +
        `(training digits: ${format(100 * frame.metrics.train.accuracy, 3)}%).`;
      if (test.confusion) showConfusion(test.confusion, training.info.classes);
    }
    if (frame.done) {
      demo.result("accuracy", String(test.accuracy));
      demo.root.dataset.state = "done";
    }
    if (drawn) classify();
  });
  training.addEventListener("error", ({ detail }) => demo.status(`${detail.name}: ${detail.message}`, "error"));
  $("guess").textContent = "Draw a digit in the box.";
}

function showConfusion(matrix, classes) {
  const max = Math.max(...matrix.flat());
  const head = `<tr><th scope="col"><span class="visually-hidden">true digit, by row; the network's answer, by column</span>` +
    `<span aria-hidden="true">true↓ said→</span></th>${classes.map((c) => `<th scope="col">${c}</th>`).join("")}</tr>`;
  const rows = matrix.map((row, i) => `<tr><th scope="row">${classes[i]}</th>${row.map((n, j) => {
    const shade = n ? 0.12 + 0.88 * (n / max) : 0;
    const color = i === j ? `rgba(0,114,178,${shade})` : `rgba(213,94,0,${Math.min(1, shade * 4)})`;
    return `<td style="background:${color};color:${shade > 0.55 ? "#fff" : "#000"}">${n || ""}</td>`;
  }).join("")}</tr>`);
  $("confusion").innerHTML = `<table class="numbers" data-testid="confusion-table">${head}${rows.join("")}</table>`;
}

// ---------------------------------------------------------------- the drawing pad

function setupPad() {
  const pad = $("pad");
  const ctx = pad.getContext("2d");
  let last = null;
  const at = (event) => {
    const rect = pad.getBoundingClientRect();
    return [((event.clientX - rect.left) / rect.width) * pad.width, ((event.clientY - rect.top) / rect.height) * pad.height];
  };
  pad.addEventListener("pointerdown", (event) => {
    pad.setPointerCapture(event.pointerId);
    last = at(event);
    stroke(last, last);
  });
  pad.addEventListener("pointermove", (event) => {
    if (!last) return;
    const next = at(event);
    stroke(last, next);
    last = next;
    classify();
  });
  const end = () => {
    if (!last) return;
    last = null;
    classify();
  };
  pad.addEventListener("pointerup", end);
  pad.addEventListener("pointercancel", end);
  $("clear").addEventListener("click", () => {
    ctx.clearRect(0, 0, pad.width, pad.height);
    drawn = false;
    $("proba").innerHTML = "";
    $("guess").textContent = "Draw a digit in the box.";
    $("seen").getContext("2d").clearRect(0, 0, 8, 8);
  });

  function stroke([x0, y0], [x1, y1]) {
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.lineWidth = pad.width / 11;
    ctx.strokeStyle = "#000";
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    ctx.stroke();
    drawn = true;
  }
}

/** The drawing's ink (alpha) at INK x INK pixels, as INK rows, in [0, 1]. */
function ink() {
  const small = document.createElement("canvas");
  small.width = INK;
  small.height = INK;
  const ctx = small.getContext("2d");
  ctx.drawImage($("pad"), 0, 0, INK, INK);
  const { data } = ctx.getImageData(0, 0, INK, INK);
  return Array.from({ length: INK }, (_, row) =>
    Array.from({ length: INK }, (_, col) => Math.round((data[(row * INK + col) * 4 + 3] / 255) * 100) / 100));
}

const classify = latestOnly(async () => {
  if (!training || !training.frame || !drawn) return; // no prediction before the first training step
  const x = await lab.call("from_drawing", { ink: ink() });
  showSeen(x);
  const answer = await training.predict([x]);
  const proba = answer.proba[0];
  const classes = training.info.classes;
  const best = proba.indexOf(Math.max(...proba));
  $("guess").innerHTML = `It looks like a <strong data-testid="guess-digit">${classes[best]}</strong> (${percent(proba[best])} sure).`;
  $("proba").innerHTML = classes.map((c, i) =>
    `<span>${c}</span><span class="bar${i === best ? " top" : ""}" style="width:${(100 * proba[i]).toFixed(1)}%"></span><span>${percent(proba[i])}</span>`).join("");
  demo.result("guess", String(classes[best]));
});

function showSeen(x) {
  const ctx = $("seen").getContext("2d");
  const image = ctx.createImageData(8, 8);
  x.forEach((v, i) => {
    const g = Math.round(255 * (1 - v));
    image.data.set([g, g, g, 255], i * 4);
  });
  ctx.putImageData(image, 0, 0);
}

main().catch((error) => {
  demo.status(`${error.name}: ${error.message}`, "error");
  demo.root.dataset.state = "error";
});
