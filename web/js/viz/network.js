// The MLP drawn as columns of neurons (inputs, hidden layers, outputs), like TensorFlow
// Playground: a link's colour is its weight's sign and its width the weight's size; each
// neuron shows its own output over the plane as a thumbnail. Everything drawn comes from the
// "mlp" view computed in Python (pyml/web/views.py).

import { fmt, htmlEl, paintGrid, signColor, svgEl } from "./common.js";

const HEADER = 34; // room for the layer titles above the columns
const MAX_HEIGHT = 420; // big layers shrink their thumbnails to stay within this (options.maxHeight)
const MIN_THUMB = 10;
const MIN_WIDTH = 180;

// Column titles, shortened when the columns are close together (a phone's width).
function layerTitle(view, layer, short) {
  const last = view.layer_sizes.length - 1;
  if (layer === 0) return short ? "In" : "Input";
  if (layer === last) return short ? "Out" : "Output";
  return short ? `H${layer}` : `Hidden ${layer}`;
}

function layerSubtitle(view, layer, short) {
  const sizes = view.layer_sizes;
  const g = layer === sizes.length - 1 ? view.out_activation : view.activation;
  if (layer === 0) return short ? `${sizes[0]}` : `${sizes[0]} features`;
  return short ? `${sizes[layer]}` : `${sizes[layer]} · ${g}`;
}

function neuronName(view, context, layer, index) {
  const last = view.layer_sizes.length - 1;
  if (layer === 0) return (context && context.features && context.features[index]) || `x${index + 1}`;
  if (layer === last) {
    const classes = context && context.classes;
    if (classes && classes.length === view.layer_sizes[last]) return `P(${classes[index]})`;
    return view.layer_sizes[last] === 1 ? "prediction" : `output ${index + 1}`;
  }
  return `neuron ${layer}.${index + 1}`;
}

// What a screen reader says of a neuron: its name, bias and incoming weights.
function describeNeuron(view, context, layer, index) {
  const name = neuronName(view, context, layer, index);
  if (layer === 0) return `${name} (input)`;
  const n = view.layer_sizes[layer];
  const incoming = Array.from({ length: view.layer_sizes[layer - 1] }, (_, i) =>
    `${neuronName(view, context, layer - 1, i)} ${fmt(view.weights[layer - 1][i * n + index])}`);
  return `${name}: bias ${fmt(view.biases[layer - 1][index])}; weights from ${incoming.join(", ")}`;
}

/**
 * The one number each neuron of `layer` shows when there are no thumbnails: the values the page
 * gives for one example (`context.values[layer]`: {values, domain, label}), else a hidden or output
 * neuron's bias; null for inputs without a given value.
 */
function oneValue(view, context, layer) {
  const given = context && context.values && context.values[layer];
  if (given) return given;
  if (layer === 0) return null;
  const biases = Array.from(view.biases[layer - 1]);
  const m = Math.max(1e-9, ...biases.map(Math.abs));
  return { values: biases, domain: [-m, m], label: "Colour and number: this neuron's bias (orange negative, blue positive)." };
}

// Width of a link from its weight: linear in |w| up to 5 (as TensorFlow Playground), then capped.
function linkWidth(w) {
  return 0.5 + 1.3 * Math.min(5, Math.abs(w));
}

export function createView(container, options = {}) {
  const root = htmlEl("div", { class: "viz-network", "data-testid": "viz-network" }, container);
  root.style.position = "relative";
  root.style.width = "100%";
  root.style.fontFamily = "system-ui, sans-serif";
  root.style.fontSize = "12px";
  const svg = svgEl("svg", { role: "img", "aria-label": "Neural network diagram (not trained yet)" }, root);
  svg.style.display = "block";
  svg.style.overflow = "visible";
  const desc = svgEl("desc", {}, svg);
  const linkGroup = svgEl("g", { class: "links" }, svg);
  const hitGroup = svgEl("g", { class: "link-targets" }, svg);
  const labelGroup = svgEl("g", { class: "labels", "aria-hidden": "true" }, svg);
  const nodeLayer = htmlEl("div", { class: "nodes" }, root);
  const tooltip = htmlEl("div", { class: "viz-tooltip", role: "status", "data-testid": "viz-network-tooltip" }, root);
  Object.assign(tooltip.style, {
    position: "absolute", pointerEvents: "none", display: "none", background: "rgba(0,0,0,0.85)",
    color: "#fff", padding: "2px 6px", borderRadius: "3px", whiteSpace: "nowrap", zIndex: 2,
  });

  let shape = ""; // the layer sizes the DOM was built for
  let nodes = []; // nodes[layer][index] = {el, canvas, x, y}
  let links = []; // links[layer] = [{path, from, to}]
  let layout = null;
  let lastView = null;
  let lastContext = null;
  let hovered = null;

  // The diagram's width, read when the root is resized rather than at every update: reading
  // clientWidth forces the browser to lay the page out, up to 60 times a second while training.
  let width = null;
  const resizes = typeof ResizeObserver === "function"
    ? new ResizeObserver((entries) => {
      const measured = Math.round(entries[entries.length - 1].contentRect.width);
      if (measured === width) return;
      width = measured;
      if (lastView && shapeKey(lastView.layer_sizes) !== shape) update({ view: lastView }, lastContext);
    })
    : null;
  if (resizes) resizes.observe(root);

  function diagramWidth() {
    if (width === null || !resizes) width = root.clientWidth || container.clientWidth; // before the first resize report
    return Math.max(MIN_WIDTH, width || 320);
  }

  function hoverCallback() {
    return options.onHoverNeuron || (lastContext && lastContext.onHoverNeuron) || null;
  }

  function showTooltip(text, x, y) {
    tooltip.textContent = text;
    tooltip.style.display = "block";
    const maxLeft = root.clientWidth - tooltip.offsetWidth - 2;
    tooltip.style.left = `${Math.max(0, Math.min(x + 10, maxLeft))}px`;
    tooltip.style.top = `${Math.max(0, y - 28)}px`;
  }

  function hideTooltip() {
    tooltip.style.display = "none";
  }

  // Fade every link but those `keep` selects (null: show them all).
  function highlight(keep) {
    for (const layerLinks of links) {
      for (const link of layerLinks) link.path.style.opacity = !keep || keep(link) ? "" : "0.15";
    }
  }

  function thumbnailOf(layer, index) {
    const thumbs = lastView && lastView.thumbnails;
    if (!thumbs || !thumbs.layers[layer]) return null;
    const size = thumbs.size;
    const start = index * size * size;
    return {
      size,
      values: thumbs.layers[layer].subarray(start, start + size * size),
      domain: thumbs.domains[layer],
    };
  }

  function enterNeuron(layer, index) {
    hovered = [layer, index];
    const node = nodes[layer][index];
    node.el.style.outline = "2px solid #000";
    const bias = layer > 0 && lastView.biases ? `, bias ${fmt(lastView.biases[layer - 1][index])}` : "";
    showTooltip(`${neuronName(lastView, lastContext, layer, index)}${bias}`, node.x, node.y - layout.thumb / 2);
    highlight((link) => (link.layer === layer - 1 && link.to === index) || (link.layer === layer && link.from === index));
    const callback = hoverCallback();
    if (callback) callback(layer, index, thumbnailOf(layer, index));
  }

  function leaveNeuron() {
    if (!hovered) return;
    const [layer, index] = hovered;
    hovered = null;
    if (nodes[layer] && nodes[layer][index]) nodes[layer][index].el.style.outline = "";
    highlight(null);
    hideTooltip();
    const callback = hoverCallback();
    if (callback) callback(null);
  }

  function computeLayout(sizes, thumbWanted) {
    const width = diagramWidth();
    const most = Math.max(...sizes);
    const gap = 8;
    let thumb = Math.min(thumbWanted, Math.floor((width / sizes.length) * 0.55));
    thumb = Math.max(MIN_THUMB, Math.min(thumb, Math.floor(((options.maxHeight || MAX_HEIGHT) - HEADER) / most) - gap));
    const step = thumb + gap;
    const height = HEADER + most * step + 4;
    // Room for the feature names left of the inputs, and for the column titles at both ends.
    const left = Math.max(thumb / 2 + 30, 34);
    const right = Math.max(thumb / 2 + 4, 36);
    const columnX = sizes.map((_, l) =>
      sizes.length === 1 ? width / 2 : left + (l * (width - left - right)) / (sizes.length - 1));
    const nodeY = sizes.map((n) => Array.from({ length: n }, (_, i) => HEADER + (most - n) * step / 2 + i * step + step / 2));
    return { width, height, thumb, columnX, nodeY };
  }

  function build(view, context) {
    const sizes = view.layer_sizes;
    layout = computeLayout(sizes, options.thumbSize || 32);
    const { width, height, thumb, columnX, nodeY } = layout;
    svg.setAttribute("width", width);
    svg.setAttribute("height", height);
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    root.style.height = `${height}px`;
    linkGroup.replaceChildren();
    hitGroup.replaceChildren();
    labelGroup.replaceChildren();
    nodeLayer.replaceChildren();
    nodes = [];
    links = [];
    for (let l = 0; l < sizes.length; l++) {
      const title = svgEl("text", { x: columnX[l], y: 13, "text-anchor": "middle", "font-weight": "600", fill: "#222" }, labelGroup);
      const short = sizes.length > 1 && columnX[1] - columnX[0] < 76;
      title.textContent = layerTitle(view, l, short);
      const sub = svgEl("text", { x: columnX[l], y: 26, "text-anchor": "middle", fill: "#555", "font-size": "10" }, labelGroup);
      sub.textContent = layerSubtitle(view, l, short);
      nodes.push([]);
      for (let i = 0; i < sizes[l]; i++) {
        const x = columnX[l];
        const y = nodeY[l][i];
        const el = htmlEl("div", {
          class: "viz-neuron",
          tabindex: "0",
          role: "img",
          "data-testid": `neuron-${l}-${i}`,
          "aria-label": neuronName(view, context, l, i),
        }, nodeLayer);
        Object.assign(el.style, {
          position: "absolute", left: `${x - thumb / 2}px`, top: `${y - thumb / 2}px`, width: `${thumb}px`,
          height: `${thumb}px`, border: "1px solid #444", boxSizing: "border-box", background: "#eee", cursor: "crosshair",
        });
        const canvas = htmlEl("canvas", { width: 1, height: 1 }, el);
        Object.assign(canvas.style, { width: "100%", height: "100%", display: "block" });
        const value = htmlEl("span", { class: "viz-neuron-value", "aria-hidden": "true" }, el);
        Object.assign(value.style, {
          position: "absolute", inset: "0", display: "flex", alignItems: "center", justifyContent: "center",
          fontSize: `${Math.max(9, Math.min(13, thumb / 3))}px`, fontWeight: "600", color: "#111",
          textShadow: "0 0 2px #fff, 0 0 2px #fff", pointerEvents: "none",
        });
        el.addEventListener("pointerenter", () => enterNeuron(l, i));
        el.addEventListener("pointerleave", leaveNeuron);
        el.addEventListener("focus", () => enterNeuron(l, i));
        el.addEventListener("blur", leaveNeuron);
        nodes[l].push({ el, canvas, value, x, y });
        if (l === 0) {
          const name = svgEl("text", { x: x - thumb / 2 - 4, y: y + 4, "text-anchor": "end", fill: "#222", "font-size": "11" }, labelGroup);
          name.textContent = neuronName(view, context, 0, i);
        }
      }
    }
    for (let l = 0; l + 1 < sizes.length; l++) {
      links.push([]);
      const x0 = columnX[l] + thumb / 2;
      const x1 = columnX[l + 1] - thumb / 2;
      const mid = (x0 + x1) / 2;
      for (let i = 0; i < sizes[l]; i++) {
        for (let j = 0; j < sizes[l + 1]; j++) {
          const y0 = nodeY[l][i];
          const y1 = nodeY[l + 1][j];
          const d = `M${x0},${y0} C${mid},${y0} ${mid},${y1} ${x1},${y1}`;
          const path = svgEl("path", { d, fill: "none" }, linkGroup);
          path.style.pointerEvents = "none";
          // A wider transparent twin makes thin links easy to hover.
          const hit = svgEl("path", { d, fill: "none", stroke: "transparent", "stroke-width": 8, "data-testid": `link-${l}-${i}-${j}` }, hitGroup);
          hit.style.pointerEvents = "stroke";
          hit.style.cursor = "help";
          const link = { path, layer: l, from: i, to: j };
          hit.addEventListener("pointerenter", () => highlight((other) => other === link));
          hit.addEventListener("pointermove", (event) => {
            const box = root.getBoundingClientRect();
            const w = lastView.weights[l][i * sizes[l + 1] + j];
            const from = neuronName(lastView, lastContext, l, i);
            const to = neuronName(lastView, lastContext, l + 1, j);
            showTooltip(`weight ${from} → ${to}: ${fmt(w)}`, event.clientX - box.left, event.clientY - box.top);
          });
          hit.addEventListener("pointerleave", () => {
            hideTooltip();
            highlight(null);
          });
          links[l].push(link);
        }
      }
    }
    shape = shapeKey(sizes);
  }

  function shapeKey(sizes) {
    return `${sizes.join(",")}@${diagramWidth()}`;
  }

  function describe(view, context) {
    const sizes = view.layer_sizes;
    const hidden = sizes.slice(1, -1);
    const inputs = Array.from({ length: sizes[0] }, (_, i) => neuronName(view, context, 0, i));
    const text = `Neural network: ${sizes[0]} inputs (${inputs.join(", ")}), ` +
      (hidden.length ? `hidden layers of ${hidden.join(", ")} neurons (${view.activation}), ` : "no hidden layer, ") +
      `${sizes[sizes.length - 1]} outputs (${view.out_activation}). ` +
      "Blue links are positive weights, orange negative; thicker is larger.";
    svg.setAttribute("aria-label", text);
    desc.textContent = text;
  }

  function update(frame, context = {}) {
    const view = frame && frame.view;
    if (!view || view.kind !== "mlp") return;
    lastView = view;
    lastContext = context;
    if (shapeKey(view.layer_sizes) !== shape) {
      leaveNeuron();
      build(view, context);
      describe(view, context);
    }
    for (const layerLinks of links) {
      for (const link of layerLinks) {
        const w = view.weights[link.layer][link.from * view.layer_sizes[link.layer + 1] + link.to];
        link.path.setAttribute("stroke", signColor(w));
        link.path.setAttribute("stroke-width", linkWidth(w).toFixed(2));
      }
    }
    const thumbs = view.thumbnails;
    for (let l = 0; l < nodes.length; l++) {
      const one = oneValue(view, context, l);
      for (let i = 0; i < nodes[l].length; i++) {
        const node = nodes[l][i];
        node.el.setAttribute("aria-label", describeNeuron(view, context, l, i));
        if (thumbs && thumbs.layers[l]) {
          paintGrid(node.canvas, thumbs.size, thumbs.layers[l], thumbs.domains[l], i * thumbs.size * thumbs.size);
          node.value.textContent = "";
        } else if (one) {
          // Inputs of more than two columns have no plane to draw over: the box shows one number
          // on the same colour scale (this example's value, or the neuron's bias).
          paintGrid(node.canvas, 1, one.values, one.domain, i);
          node.value.textContent = one.values[i] === undefined ? "" : Math.abs(one.values[i]) < 10 ? one.values[i].toFixed(2) : fmt(one.values[i], 2);
          node.el.title = one.label;
        }
      }
    }
    if (hovered) {
      const callback = hoverCallback();
      if (callback) callback(hovered[0], hovered[1], thumbnailOf(hovered[0], hovered[1]));
    }
  }

  function reset() {
    leaveNeuron();
    shape = "";
    nodes = [];
    links = [];
    lastView = null;
    linkGroup.replaceChildren();
    hitGroup.replaceChildren();
    labelGroup.replaceChildren();
    nodeLayer.replaceChildren();
    svg.setAttribute("aria-label", "Neural network diagram (not trained yet)");
    desc.textContent = "";
    root.style.height = "0px";
  }

  function destroy() {
    if (resizes) resizes.disconnect();
    reset();
    root.remove();
  }

  return { update, reset, destroy };
}
