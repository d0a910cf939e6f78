// The model's own view (web/js/viz/): the network diagram, the tree, k-means' centroids, the
// SVM's margins, ... loaded per family, fed each frame, drawing in the model panel and over the
// plot. Hovering a neuron of the network shows that neuron's output over the plane.

import { MODELS } from "./models.js";
import { palette } from "./palette.js";

// Which view module draws each family (web/js/viz/README.md).
const VIEW_MODULES = { mlp: "network", tree: "tree", kmeans: "kmeans", svm: "svm", pca: "pca", nb: "naive_bayes", anomaly: "anomaly" };

export function createModelView({ doc, app, plot, gridSize, features, drawGrid, setStatus }) {
  const panel = doc.querySelector('[data-testid="model-view"]');
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
    if (panel) panel.append(box);
    view = module.createView(box, { onHoverNeuron: showNeuron });
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

  return {
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
