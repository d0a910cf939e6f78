// K-means: centroids moving step by step on 2-D points (drawn by viz/kmeans.js), and colour
// quantization of a picture (k-means on its pixels; the page only paints centres[labels]).

import { createPlot } from "../js/plot.js";
import { drawKMeans } from "../js/viz/kmeans.js";
import { format, legend, startDemo } from "./demo.js";

const CENTERS = [[-3, -2], [3, -2.5], [0, 3], [4.5, 3]];
const EXTENT = { x: [-7, 8], y: [-6.5, 7] };
const MAX_SIDE = 96;

const demo = startDemo({
  title: "K-means clustering",
  params: {
    k: { type: "int", default: 4, min: 2, max: 8 },
    colors: { type: "int", default: 6, min: 2, max: 16 },
    seed: { type: "int", default: 1, min: 0, max: 1e6 },
  },
  tabs: [["clusters", "Clusters"], ["image", "Image colours"]],
});
const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
const plot = createPlot($("plot"));
let points = null;
let run = null; // {training, trails, view, timer, playing}
let seed = demo.params.seed;

async function main() {
  plot.setExtents(EXTENT, { x: "x₁", y: "x₂" });
  legend($("plot-legend"), [
    { label: "centroid", color: "#444", shape: "cross" },
    { label: "where it has been", color: "#444", line: true },
  ]);
  $("k").value = String(demo.params.k);
  $("colors").value = String(demo.params.colors);
  for (const name of ["k", "colors"]) {
    const show = () => { $(`${name}-value`).textContent = $(name).value; };
    show();
    $(name).addEventListener("input", show);
  }
  await demo.ready;
  points = (await demo.data({ dataset: "blobs", params: { n_samples: 300, noise: 0.9, random_state: 0, centers: CENTERS } })).X;
  plot.setOverlayDraw((ctx, toPixel) => {
    if (run && run.view) drawKMeans(ctx, run.view, toPixel, { trails: run.trails, points: { X: points } });
  });
  $("k").addEventListener("change", () => {
    demo.params.k = Number($("k").value);
    demo.saveParams();
    startClustering();
  });
  $("restart").addEventListener("click", () => {
    seed += 1;
    startClustering();
  });
  $("play").addEventListener("click", () => setPlaying(!run.playing));
  $("step").addEventListener("click", () => {
    setPlaying(false);
    stepOnce();
  });
  $("speed").addEventListener("change", () => setPlaying(run.playing));
  startClustering();
  setupImage();
}

// ---------------------------------------------------------------- 2-D clustering, stepped by a timer

async function startClustering() {
  if (run) clearInterval(run.timer);
  demo.root.dataset.state = "training";
  const training = await demo.replace("clusters", {
    model: "KMeans",
    params: { n_clusters: demo.params.k, init: "random", n_init: 1, max_iter: 100, random_state: seed },
    data: { X: points },
  }, { paused: true });
  if (!training) return; // a newer start came meanwhile
  run = { training, trails: [], view: null, timer: null, playing: false };
  for (const id of ["play", "step", "restart"]) $(id).disabled = false; // nothing to play before the first model
  const mine = run;
  training.addEventListener("frame", ({ detail: frame }) => {
    if (run !== mine || !frame.view) return;
    const view = frame.view;
    if (!mine.trails.length) mine.trails = view.init_centers.map((c) => [c]);
    view.centers.forEach((c, k) => mine.trails[k].push(c));
    mine.view = view;
    plot.render();
    $("kmeans-state").textContent = `Iteration ${frame.iteration}: distortion J = ${format(view.inertia, 4)}` +
      (frame.done ? ". No point changes cluster any more: converged." : "");
    if (frame.done) {
      setPlaying(false);
      demo.result("centers", view.centers);
      demo.result("iterations", String(frame.iteration));
      demo.root.dataset.state = "done";
    }
  });
  plot.setPoints({ train: points.map(([x, y]) => ({ x, y, label: 0 })), test: [] }, { colorOf: () => "#888" });
  setPlaying(true);
}

function setPlaying(playing) {
  clearInterval(run.timer);
  run.playing = playing && run.training.state === "paused";
  $("play").textContent = run.playing ? "Pause" : "Play";
  if (run.playing) {
    const delay = 1100 - 100 * Number($("speed").value);
    run.timer = setInterval(stepOnce, delay);
  }
}

function stepOnce() {
  if (run && run.training.state === "paused") run.training.step();
}

// ---------------------------------------------------------------- colour quantization

let picture = null; // {width, height, pixels: [[r, g, b], ...]}
let quantizing = null;

async function setupImage() {
  const pictures = await demo.lab("picture");
  const image = await pictures.call("image", { height: 72, width: 96 });
  pictures.dispose();
  picture = { height: image.length, width: image[0].length, pixels: image.flat() };
  paint($("original"), picture, picture.pixels);
  $("colors").addEventListener("change", () => {
    demo.params.colors = Number($("colors").value);
    demo.saveParams();
    quantize();
  });
  $("upload").addEventListener("change", async () => {
    const file = $("upload").files[0];
    if (!file) return;
    try {
      picture = await readImage(file);
    } catch {
      $("quantize-state").textContent = "That file could not be read as an image.";
      return;
    }
    paint($("original"), picture, picture.pixels);
    quantize();
  });
  quantize();
}

async function quantize() {
  quantizing = null;
  const k = demo.params.colors;
  $("quantized-caption").textContent = `${k} colours`;
  demo.root.dataset.quantized = "false";
  const training = await demo.replace("image", {
    model: "KMeans",
    params: { n_clusters: k, init: "k-means++", n_init: 1, max_iter: 30, random_state: 0 },
    data: { X: picture.pixels },
  }, { maxSteps: 1 });
  if (!training) return; // a newer K or picture came meanwhile
  quantizing = training;
  training.addEventListener("frame", ({ detail: frame }) => {
    if (quantizing !== training || !frame.view) return;
    const { centers, labels } = frame.view;
    paint($("quantized"), picture, Array.from(labels, (label) => centers[label]));
    $("palette").innerHTML = centers.map((c) =>
      `<span title="rgb(${c.map((v) => Math.round(255 * v)).join(", ")})" style="width:1.4rem;height:1.4rem;border-radius:3px;border:1px solid #999;background:${css(c)}"></span>`).join("");
    $("quantize-state").textContent = `Iteration ${frame.iteration}: ${picture.width}×${picture.height} pixels, ` +
      `${Math.ceil(Math.log2(k))} bits per pixel instead of 24.` + (frame.done ? " Done." : "");
    if (frame.done) {
      demo.result("palette", centers);
      demo.root.dataset.quantized = "true";
    }
  });
}

function css(rgb) {
  return `rgb(${rgb.map((v) => Math.round(255 * Math.min(Math.max(v, 0), 1))).join(",")})`;
}

function paint(canvas, { width, height }, pixels) {
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(width, height);
  pixels.forEach((p, i) => image.data.set([255 * p[0], 255 * p[1], 255 * p[2], 255], i * 4));
  ctx.putImageData(image, 0, 0);
}

function readImage(file) {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(file);
    const img = new Image();
    img.onload = () => {
      const scale = Math.min(1, MAX_SIDE / Math.max(img.width, img.height));
      const width = Math.max(1, Math.round(img.width * scale));
      const height = Math.max(1, Math.round(img.height * scale));
      const canvas = document.createElement("canvas");
      canvas.width = width;
      canvas.height = height;
      const ctx = canvas.getContext("2d");
      ctx.drawImage(img, 0, 0, width, height);
      const { data } = ctx.getImageData(0, 0, width, height);
      const pixels = [];
      for (let i = 0; i < data.length; i += 4) pixels.push([data[i] / 255, data[i + 1] / 255, data[i + 2] / 255]);
      URL.revokeObjectURL(url);
      resolve({ width, height, pixels });
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error("not an image"));
    };
    img.src = url;
  });
}

main().catch((error) => {
  demo.status(`${error.name}: ${error.message}`, "error");
  demo.root.dataset.state = "error";
});
