// The model's own view (web/js/viz/): the network diagram, the tree, k-means' centroids, the
// SVM's margins, ... loaded per family, fed each frame, drawing in the model panel and over the
// plot. Hovering a neuron of the network shows that neuron's output over the plane.

import { MODELS } from "./models.js";
import { palette } from "./palette.js";

// Which view module draws each family (web/js/viz/README.md).
const VIEW_MODULES = { mlp: "network", tree: "tree", kmeans: "kmeans", svm: "svm", pca: "pca", nb: "naive_bayes", anomaly: "anomaly" };

// A neural network's diagram is the picture of the model, so it goes beside the plot, as large
// (TF Playground's layout); the other views stay in the model panel.
const BESIDE_THE_PLOT = { mlp: { thumbSize: 72 } };

export function createModelView({ doc, app, plot, gridSize, features, drawGrid, setStatus }) {
  const panel = doc.querySelector('[data-testid="model-view"]');
  const beside = doc.querySelector('[data-testid="network-figure"]');
  let view = null;
  let family = null;
  let neuron = null; // the hovered neuron: {layer, index, thumb}

  function context() {
    return {
      task: app.task,
      classes: app.classes,
      extent: { x: app.extents.x, y: app.extents.y },
      features: features(),
      points: app.data ? { X: app.data.X, y: app.data.y } : null,
      palette,
      gridSize,
    };
  }

  function update(frame) {
    if (!view || !frame) return;
    safely(() => view.update(frame, context()));
    if (view.draw && plot) plot.render();
  }

  function reset() {
    if (view) view.reset();
  }

  /** The current model's view: kept (and reset) within a family, loaded when it changes. */
  async function load() {
    const wanted = MODELS[app.state.model].family;
    if (wanted === family) {
      reset();
      return;
    }
    family = wanted;
    if (view) {
      view.reset();
      if (view.destroy) view.destroy();
    }
    view = null;
    if (panel) panel.replaceChildren();
    if (beside) {
      beside.replaceChildren();
      // A family drawn beside the plot keeps its room while its module loads: the plot does not jump.
      const keep = Boolean(BESIDE_THE_PLOT[wanted]);
      beside.hidden = !keep;
      beside.parentElement.classList.toggle("has-network", keep);
    }
    if (plot) plot.setOverlayDraw(null);
    const name = VIEW_MODULES[wanted];
    if (!name) return;
    let module;
    try {
      module = await import(`./viz/${name}.js`);
    } catch (error) {
      console.warn(`No view module for ${wanted}:`, error); // eslint-disable-line no-console
      return;
    }
    if (family !== wanted || !module.createView) return;
    const box = doc.createElement("div");
    box.className = "view-box";
    const large = beside && BESIDE_THE_PLOT[wanted];
    if (large) {
      beside.hidden = false;
      beside.parentElement.classList.add("has-network");
      beside.append(box);
    } else if (panel) panel.append(box);
    // As tall as the plot: the diagram's thumbnails grow until its tallest column fills it.
    const sizing = large ? { ...large, maxHeight: Math.max(240, plot?.canvas.getBoundingClientRect().height || 0) } : {};
    view = module.createView(box, { onHoverNeuron: showNeuron, ...sizing });
    if (view.draw && plot) plot.setOverlayDraw((ctx, transform) => view?.draw(ctx, transform));
    update(app.frame);
  }

  // The network view reports the hovered neuron: (layer, index, {size, values, domain}) or (null).
  function showNeuron(layer, index, thumb) {
    neuron = layer === null || layer === undefined || !thumb ? null : { layer, index, thumb };
    if (neuron) {
      const values = thumb.values instanceof Float32Array ? thumb.values : Float32Array.from(thumb.values);
      plot?.drawGrid({ size: thumb.size, values }, { mode: "signed", discretize: app.state.discretize, range: thumb.domain || [-1, 1] });
      setStatus(`Showing the output of neuron ${index + 1} of ${layer === 0 ? "the inputs" : `layer ${layer}`} over the plane.`);
    } else if (app.frame?.grid) {
      drawGrid(app.frame.grid);
      setStatus("");
    }
  }

  /** Before Python: keep the diagram's room beside the plot, so the plot does not move when it comes. */
  function prepare() {
    if (!beside || !BESIDE_THE_PLOT[MODELS[app.state.model].family]) return;
    beside.hidden = false;
    beside.parentElement.classList.add("has-network");
  }

  return {
    prepare,
    load,
    reset,
    update,
    /** Whether a hovered neuron's output holds the plot (the frame's grid waits). */
    get showingNeuron() {
      return neuron !== null;
    },
  };
}

function safely(fn) {
  try {
    fn();
  } catch (error) {
    console.warn("A model view failed to draw:", error); // eslint-disable-line no-console
  }
}
