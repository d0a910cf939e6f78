// A decision tree drawn top-down: each split (feature ≤ threshold), the samples and impurity
// of every node, the class distribution (or the mean value) at the leaves. Deep trees shrink:
// levels below what fits the width are drawn as small dots (hover one for its details), and a
// click (or Enter) on a split collapses or expands its subtree. The nodes come from the
// "tree" view (the model's export_tree, computed in Python).

import { classColor, fmt, htmlEl, svgEl } from "./common.js";
import { sequential } from "../palette.js";

const BOX_W = 84;
const BOX_H = 52;
const GAP = 6; // between detailed boxes
const DOT = 14; // slot width of a compact node
const ROW_DETAILED = 76;
const ROW_COMPACT = 30;
const MIN_SCALE = 0.8; // shrink to fit down to this (text stays legible); dots or scrolling beyond

function isLeaf(node, collapsed) {
  return !node.children || node.children.length === 0 || collapsed.has(node.node);
}

function countLeaves(node) {
  if (!node.children || node.children.length === 0) return 1;
  return node.children.reduce((n, c) => n + countLeaves(c), 0);
}

function maxDepth(node) {
  if (!node.children || node.children.length === 0) return node.depth;
  return Math.max(...node.children.map(maxDepth));
}

// Width each subtree needs when levels deeper than `detail` are compact.
function measure(node, detail, collapsed) {
  const own = node.depth <= detail ? BOX_W + GAP : DOT;
  if (isLeaf(node, collapsed)) return (node.width = own);
  const sum = node.children.reduce((w, c) => w + measure(c, detail, collapsed), 0);
  return (node.width = Math.max(own, sum));
}

function place(node, left, detail, collapsed, rowY) {
  node.x = left + node.width / 2;
  node.y = rowY(node.depth);
  if (isLeaf(node, collapsed)) return;
  const sum = node.children.reduce((w, c) => w + c.width, 0);
  let x = left + (node.width - sum) / 2;
  for (const child of node.children) {
    place(child, x, detail, collapsed, rowY);
    x += child.width;
  }
}

function featureName(context, i) {
  return (context.features && context.features[i]) || `x${i + 1}`;
}

function className(context, k) {
  return context.classes && context.classes[k] !== undefined ? String(context.classes[k]) : String(k);
}

function majority(value) {
  let best = 0;
  for (let k = 1; k < value.length; k++) if (value[k] > value[best]) best = k;
  return best;
}

export function createView(container, options = {}) {
  const root = htmlEl("div", { class: "viz-tree", "data-testid": "viz-tree" }, container);
  Object.assign(root.style, { overflowX: "auto", fontFamily: "system-ui, sans-serif", width: "100%" });
  // A group, not an img: its splits are buttons that screen readers must reach.
  const svg = svgEl("svg", { role: "group", "aria-label": "Decision tree (not grown yet)" }, root);
  svg.style.display = "block";
  const desc = svgEl("desc", {}, svg);
  const body = svgEl("g", {}, svg);
  const collapsed = new Set();
  let view = null;
  let context = {};

  function nodeText(node, regression) {
    const parts = [];
    if (node.feature !== null && node.feature !== undefined) {
      parts.push(`${featureName(context, node.feature)} ≤ ${fmt(node.threshold)}`);
    } else {
      parts.push("leaf");
    }
    parts.push(`samples ${node.samples}`, `${view.criterion} ${fmt(node.impurity)}`);
    if (regression) {
      parts.push(`value ${fmt(node.value)}`);
    } else {
      const total = node.value.reduce((a, b) => a + b, 0) || 1;
      parts.push(node.value.map((c, k) => `${className(context, k)}: ${fmt(c, 4)} (${Math.round((100 * c) / total)}%)`).join(", "));
    }
    return parts.join(" · ");
  }

  function valueColor(node, regression, range) {
    if (!regression) return classColor(context.palette, majority(node.value));
    // Regression values use the page's sequential ramp, as its prediction heatmap does.
    const [lo, hi] = range;
    const ramp = (context.palette && context.palette.sequential) || sequential;
    const [r, g, b] = ramp(hi > lo ? (node.value - lo) / (hi - lo) : 0.5);
    return `rgb(${r}, ${g}, ${b})`;
  }

  function drawBox(node, regression, range, g) {
    const leaf = isLeaf(node, collapsed);
    const hidden = node.children && node.children.length > 0 && collapsed.has(node.node);
    const x = node.x - BOX_W / 2;
    const y = node.y;
    const color = valueColor(node, regression, range);
    svgEl("rect", {
      x, y, width: BOX_W, height: BOX_H, rx: 4, fill: "#fff",
      stroke: leaf ? color : "#666", "stroke-width": leaf ? 2.5 : 1,
    }, g);
    const title = svgEl("text", { x: node.x, y: y + 14, "text-anchor": "middle", "font-size": 11, "font-weight": 600, fill: "#111" }, g);
    title.textContent = node.feature !== null && node.feature !== undefined
      ? `${featureName(context, node.feature)} ≤ ${fmt(node.threshold)}`
      : regression ? `ŷ = ${fmt(node.value)}` : `class ${className(context, majority(node.value))}`;
    const line = svgEl("text", { x: node.x, y: y + 28, "text-anchor": "middle", "font-size": 10, fill: "#333" }, g);
    line.textContent = `n=${node.samples} · ${view.criterion === "gini" ? "gini" : view.criterion === "entropy" ? "H" : "mse"} ${fmt(node.impurity, 2)}`;
    if (regression) {
      const v = svgEl("text", { x: node.x, y: y + 43, "text-anchor": "middle", "font-size": 10, fill: "#333" }, g);
      v.textContent = leaf && !hidden ? "" : `mean ${fmt(node.value)}`;
      svgEl("rect", { x: x + 6, y: y + BOX_H - 8, width: BOX_W - 12, height: 4, fill: color }, g);
    } else {
      // The class distribution as a stacked bar.
      const total = node.value.reduce((a, b) => a + b, 0) || 1;
      let left = x + 6;
      node.value.forEach((count, k) => {
        const w = ((BOX_W - 12) * count) / total;
        if (w > 0) svgEl("rect", { x: left, y: y + 36, width: w, height: 9, fill: classColor(context.palette, k) }, g);
        left += w;
      });
    }
    if (hidden) {
      const more = svgEl("text", { x: node.x, y: y + BOX_H + 12, "text-anchor": "middle", "font-size": 10, fill: "#555" }, g);
      more.textContent = `▸ ${countLeaves(node)} leaves hidden`;
    }
  }

  function render() {
    body.replaceChildren();
    if (!view) return;
    const tree = view.root;
    const regression = !Array.isArray(tree.value);
    const range = regression ? valueRange(tree) : null;
    const available = Math.max(180, root.clientWidth || container.clientWidth || 320);
    const deepest = maxDepth(tree);
    // The deepest level still drawn in full whose layout fits (shrunk at most to MIN_SCALE).
    let detail = deepest;
    while (detail > 0 && measure(tree, detail, collapsed) * MIN_SCALE > available) detail -= 1;
    const width = measure(tree, detail, collapsed);
    const rowY = (depth) => 6 + Math.min(depth, detail + 1) * ROW_DETAILED + Math.max(0, depth - detail - 1) * ROW_COMPACT;
    place(tree, 0, detail, collapsed, rowY);
    const height = rowY(deepest) + (deepest <= detail ? BOX_H + 20 : 20);
    const scale = Math.min(1, available / width);
    svg.setAttribute("width", Math.max(width * scale, Math.min(available, width)));
    svg.setAttribute("height", height * scale);
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.dataset.detailDepth = String(detail);
    const edges = svgEl("g", {}, body);
    const nodes = svgEl("g", {}, body);
    const visit = (node) => {
      const detailed = node.depth <= detail;
      const g = svgEl("g", { "data-testid": `tree-node-${node.node}`, class: detailed ? "detailed" : "compact" }, nodes);
      svgEl("title", {}, g).textContent = nodeText(node, regression);
      if (detailed) drawBox(node, regression, range, g);
      else {
        svgEl("circle", {
          cx: node.x, cy: node.y + 5, r: isLeaf(node, collapsed) ? 5 : 3.5,
          fill: valueColor(node, regression, range), stroke: "#333", "stroke-width": 0.75,
        }, g);
      }
      if (node.children && node.children.length && !collapsed.has(node.node) && detailed) {
        g.setAttribute("tabindex", "0");
        g.setAttribute("role", "button");
        g.setAttribute("aria-label", `${nodeText(node, regression)}. Press Enter to collapse this subtree.`);
        g.style.cursor = "pointer";
      } else if (collapsed.has(node.node)) {
        g.setAttribute("tabindex", "0");
        g.setAttribute("role", "button");
        g.setAttribute("aria-label", `${nodeText(node, regression)}. Press Enter to expand this subtree.`);
        g.style.cursor = "pointer";
      }
      if (g.getAttribute("role") === "button") {
        const toggle = () => {
          if (collapsed.has(node.node)) collapsed.delete(node.node);
          else collapsed.add(node.node);
          render();
          const again = svg.querySelector(`[data-testid="tree-node-${node.node}"]`);
          if (again && again.focus) again.focus();
        };
        g.addEventListener("click", toggle);
        g.addEventListener("keydown", (event) => {
          if (event.key === "Enter" || event.key === " ") {
            event.preventDefault();
            toggle();
          }
        });
      }
      if (isLeaf(node, collapsed)) return;
      node.children.forEach((child, side) => {
        const fromY = node.y + (detailed ? BOX_H : 10);
        svgEl("path", {
          d: `M${node.x},${fromY} C${node.x},${(fromY + child.y) / 2} ${child.x},${(fromY + child.y) / 2} ${child.x},${child.y}`,
          fill: "none", stroke: "#888", "stroke-width": detailed ? 1.25 : 0.75,
        }, edges);
        if (node.depth === 0) {
          const label = svgEl("text", {
            x: (node.x + child.x) / 2 + (side === 0 ? -8 : 8), y: (fromY + child.y) / 2,
            "text-anchor": side === 0 ? "end" : "start", "font-size": 10, fill: "#444",
          }, edges);
          label.textContent = side === 0 ? "yes" : "no";
        }
        visit(child);
      });
    };
    visit(tree);
    const leaves = countLeaves(tree);
    const text = `Decision tree of depth ${view.depth} with ${leaves} leaves. The root splits on ` +
      (tree.feature !== null && tree.feature !== undefined
        ? `${featureName(context, tree.feature)} ≤ ${fmt(tree.threshold)}.` : "nothing yet (a single leaf).") +
      (detail < deepest ? ` Levels below depth ${detail} are drawn as dots.` : "");
    svg.setAttribute("aria-label", text);
    desc.textContent = text;
  }

  function valueRange(tree) {
    let lo = Infinity;
    let hi = -Infinity;
    const walk = (n) => {
      lo = Math.min(lo, n.value);
      hi = Math.max(hi, n.value);
      (n.children || []).forEach(walk);
    };
    walk(tree);
    return [lo, hi];
  }

  function update(frame, ctx = {}) {
    const v = frame && frame.view;
    if (!v || v.kind !== "tree") return;
    view = v;
    context = ctx;
    render();
  }

  function reset() {
    view = null;
    collapsed.clear();
    body.replaceChildren();
    svg.setAttribute("aria-label", "Decision tree (not grown yet)");
    desc.textContent = "";
  }

  function destroy() {
    root.remove();
  }

  return { update, reset, destroy };
}
