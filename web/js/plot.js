// The main plot: the heatmap canvas (heatmap.js) under a canvas with the axes and the points,
// and an overlay layer the model's view module may draw on. Training points are filled, test
// points hollow; each class has its own colour and shape. Clicking (or Enter on the keyboard
// cursor) asks to add a point; Shift+click (or Delete) asks to remove the nearest one.

import { createHeatmap } from "./heatmap.js";
import { classColor, classShape, rgbCss, sequential } from "./palette.js";

const MARGIN = { left: 48, right: 10, top: 10, bottom: 36 };

export function createPlot(figure, { onAdd, onRemove } = {}) {
  figure.classList.add("plot");
  figure.innerHTML = "";
  const area = el("div", "plot-area");
  const heatCanvas = el("canvas", "plot-heatmap");
  heatCanvas.dataset.testid = "heatmap";
  heatCanvas.setAttribute("aria-hidden", "true");
  const overlay = el("div", "plot-overlay");
  area.append(heatCanvas, overlay);
  const canvas = el("canvas", "plot-points");
  canvas.dataset.testid = "plot-canvas";
  canvas.setAttribute("role", "img");
  const cursorHint = el("p", "plot-cursor visually-hidden");
  cursorHint.setAttribute("aria-live", "polite");
  figure.append(area, canvas, cursorHint);
  figure.tabIndex = 0;
  figure.setAttribute("role", "application");
  figure.setAttribute("aria-roledescription", "data plot");
  figure.setAttribute("aria-label",
    "Data plot. Click to add a point, Shift+click to remove one. Keyboard: arrow keys move a cursor, Enter adds a point there, Delete removes the nearest point.");
  Object.assign(area.style, { left: `${MARGIN.left}px`, top: `${MARGIN.top}px`, right: `${MARGIN.right}px`, bottom: `${MARGIN.bottom}px` });

  const heatmap = createHeatmap(heatCanvas);
  let extents = { x: [-1, 1], y: [-1, 1] };
  let labels = { x: "x1", y: "x2" };
  let points = { train: [], test: [] };
  let curve = null;
  let style = { showTest: true, colorOf: () => "#333", shapeOf: () => "circle" };
  let cursor = null; // keyboard cursor in data coordinates
  let overlayDraw = null; // (ctx, toPixel) => void: a model view drawing on the plot
  let width = 0;
  let height = 0;

  function inner() {
    return { w: Math.max(width - MARGIN.left - MARGIN.right, 1), h: Math.max(height - MARGIN.top - MARGIN.bottom, 1) };
  }

  function toPixel(x, y) {
    const { w, h } = inner();
    return [
      MARGIN.left + ((x - extents.x[0]) / (extents.x[1] - extents.x[0])) * w,
      MARGIN.top + (1 - (y - extents.y[0]) / (extents.y[1] - extents.y[0])) * h,
    ];
  }

  function toData(px, py) {
    const { w, h } = inner();
    return [
      extents.x[0] + ((px - MARGIN.left) / w) * (extents.x[1] - extents.x[0]),
      extents.y[0] + (1 - (py - MARGIN.top) / h) * (extents.y[1] - extents.y[0]),
    ];
  }

  function resize() {
    const rect = figure.getBoundingClientRect();
    width = Math.round(rect.width);
    height = Math.round(rect.height);
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.max(1, Math.round(width * dpr));
    canvas.height = Math.max(1, Math.round(height * dpr));
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    render();
  }

  function render() {
    const ctx = canvas.getContext("2d");
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    drawAxes(ctx);
    ctx.save();
    const { w, h } = inner();
    ctx.beginPath();
    ctx.rect(MARGIN.left, MARGIN.top, w, h);
    ctx.clip();
    if (curve) drawCurve(ctx);
    for (const p of points.train) drawPoint(ctx, p, false);
    if (style.showTest) for (const p of points.test) drawPoint(ctx, p, true);
    if (overlayDraw) {
      try {
        overlayDraw(ctx, toPixel);
      } catch (error) {
        console.warn("The model view could not draw on the plot:", error); // eslint-disable-line no-console
      }
    }
    if (cursor) drawCursor(ctx);
    ctx.restore();
  }

  function drawAxes(ctx) {
    const { w, h } = inner();
    ctx.strokeStyle = "#555";
    ctx.lineWidth = 1;
    ctx.strokeRect(MARGIN.left + 0.5, MARGIN.top + 0.5, w, h);
    ctx.fillStyle = "#222";
    ctx.font = "12px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    for (const t of ticks(extents.x[0], extents.x[1], Math.max(2, Math.floor(w / 70)))) {
      const [px] = toPixel(t, extents.y[0]);
      ctx.fillRect(px, MARGIN.top + h, 1, 4);
      ctx.fillText(formatTick(t), px, MARGIN.top + h + 5);
    }
    ctx.fillText(labels.x, MARGIN.left + w / 2, MARGIN.top + h + 20);
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (const t of ticks(extents.y[0], extents.y[1], Math.max(2, Math.floor(h / 50)))) {
      const [, py] = toPixel(extents.x[0], t);
      ctx.fillRect(MARGIN.left - 4, py, 4, 1);
      ctx.fillText(formatTick(t), MARGIN.left - 6, py);
    }
    ctx.save();
    ctx.translate(12, MARGIN.top + h / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = "center";
    ctx.fillText(labels.y, 0, 0);
    ctx.restore();
  }

  function drawPoint(ctx, p, isTest) {
    const [px, py] = toPixel(p.x, p.y);
    const color = style.colorOf(p);
    const r = (isTest ? 4.5 : 4) * (inner().w < 260 ? 0.7 : 1);
    ctx.beginPath();
    shapePath(ctx, style.shapeOf(p), px, py, r);
    if (isTest) {
      ctx.fillStyle = "rgba(255,255,255,0.85)";
      ctx.fill();
      ctx.lineWidth = 2;
      ctx.strokeStyle = color;
      ctx.stroke();
    } else {
      ctx.fillStyle = color;
      ctx.fill();
      ctx.lineWidth = p.added ? 2 : 0.8;
      ctx.strokeStyle = p.added ? "#000" : "rgba(0, 0, 0, 0.55)";
      ctx.stroke();
    }
  }

  function drawCurve(ctx) {
    ctx.beginPath();
    curve.xs.forEach((x, i) => {
      const [px, py] = toPixel(x, curve.ys[i]);
      if (i === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    });
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = "#CC79A7";
    ctx.stroke();
  }

  function drawCursor(ctx) {
    const [px, py] = toPixel(cursor[0], cursor[1]);
    ctx.strokeStyle = "#000";
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(px - 8, py); ctx.lineTo(px + 8, py);
    ctx.moveTo(px, py - 8); ctx.lineTo(px, py + 8);
    ctx.stroke();
  }

  function insideArea(px, py) {
    const { w, h } = inner();
    return px >= MARGIN.left && px <= MARGIN.left + w && py >= MARGIN.top && py <= MARGIN.top + h;
  }

  function nearest(x, y, maxPixels = 12) {
    const [cx, cy] = toPixel(x, y);
    let best = null;
    let bestD = maxPixels * maxPixels;
    for (const p of points.train) {
      const [px, py] = toPixel(p.x, p.y);
      const d = (px - cx) ** 2 + (py - cy) ** 2;
      if (d <= bestD) { best = p; bestD = d; }
    }
    return best;
  }

  figure.addEventListener("click", (event) => {
    const rect = canvas.getBoundingClientRect();
    const px = event.clientX - rect.left;
    const py = event.clientY - rect.top;
    if (!insideArea(px, py)) return;
    const [x, y] = toData(px, py);
    if (event.shiftKey || event.altKey) {
      const p = nearest(x, y);
      if (p && onRemove) onRemove(p);
    } else if (onAdd) {
      onAdd(x, y, event);
    }
  });

  figure.addEventListener("keydown", (event) => {
    const dx = (extents.x[1] - extents.x[0]) / 40;
    const dy = (extents.y[1] - extents.y[0]) / 40;
    const moves = { ArrowLeft: [-dx, 0], ArrowRight: [dx, 0], ArrowUp: [0, dy], ArrowDown: [0, -dy] };
    if (moves[event.key]) {
      if (!cursor) cursor = [(extents.x[0] + extents.x[1]) / 2, (extents.y[0] + extents.y[1]) / 2];
      cursor = [
        clamp(cursor[0] + moves[event.key][0], extents.x[0], extents.x[1]),
        clamp(cursor[1] + moves[event.key][1], extents.y[0], extents.y[1]),
      ];
      cursorHint.textContent = `Cursor at ${labels.x} ${formatTick(cursor[0])}, ${labels.y} ${formatTick(cursor[1])}`;
      render();
      event.preventDefault();
    } else if (event.key === "Enter" && cursor && onAdd) {
      onAdd(cursor[0], cursor[1], event);
      event.preventDefault();
    } else if ((event.key === "Delete" || event.key === "Backspace") && cursor && onRemove) {
      const p = nearest(cursor[0], cursor[1], 40);
      if (p) onRemove(p);
      event.preventDefault();
    } else if (event.key === "Escape") {
      cursor = null;
      render();
    }
  });
  figure.addEventListener("blur", () => {
    cursor = null;
    render();
  });

  new ResizeObserver(resize).observe(figure);

  return {
    overlay,
    heatCanvas,
    canvas,
    setExtents(next, axisLabels) {
      extents = next;
      if (axisLabels) labels = axisLabels;
      render();
    },
    get extents() {
      return extents;
    },
    /** points: {train: [{x, y, label, index?, added?}], test: [...]}; style: {showTest, colorOf, shapeOf}. */
    setPoints(next, nextStyle) {
      points = next;
      style = { ...style, ...nextStyle };
      canvas.setAttribute("aria-label",
        `Scatter plot of ${points.train.length} training points${style.showTest ? ` and ${points.test.length} test points (hollow)` : ""}, ${labels.x} across, ${labels.y} up.`);
      render();
    },
    /** A model view's drawing on top of the points: fn(ctx, (x, y) => [px, py]), or null. */
    setOverlayDraw(fn) {
      overlayDraw = fn;
      render();
    },
    setCurve(next) {
      curve = next;
      render();
    },
    drawGrid(grid, options) {
      heatCanvas.hidden = false;
      heatmap.draw(grid, options);
    },
    clearGrid() {
      heatmap.clear();
      heatCanvas.hidden = true;
    },
    render,
    resize,
  };
}

/** Colour and shape functions for points, by task. */
export function pointStyle({ task, classes, valueRange, clusterOf, shape }) {
  if (task === "regression") {
    const [lo, hi] = valueRange;
    return {
      colorOf: (p) => rgbCss(sequential((p.label - lo) / (hi - lo || 1))),
      shapeOf: () => "circle",
    };
  }
  const index = new Map((classes || []).map((c, i) => [String(c), i]));
  const classOf = clusterOf ? (p) => clusterOf(p) : (p) => index.get(String(p.label)) ?? 0;
  return {
    colorOf: (p) => classColor(classOf(p)),
    shapeOf: shape ? () => shape : (p) => classShape(classOf(p)),
  };
}

export function shapePath(ctx, shape, x, y, r) {
  switch (shape) {
    case "square":
      ctx.rect(x - r, y - r, 2 * r, 2 * r);
      break;
    case "triangle":
      ctx.moveTo(x, y - r * 1.2); ctx.lineTo(x + r * 1.1, y + r * 0.8); ctx.lineTo(x - r * 1.1, y + r * 0.8); ctx.closePath();
      break;
    case "triangleDown":
      ctx.moveTo(x, y + r * 1.2); ctx.lineTo(x + r * 1.1, y - r * 0.8); ctx.lineTo(x - r * 1.1, y - r * 0.8); ctx.closePath();
      break;
    case "diamond":
      ctx.moveTo(x, y - r * 1.3); ctx.lineTo(x + r * 1.3, y); ctx.lineTo(x, y + r * 1.3); ctx.lineTo(x - r * 1.3, y); ctx.closePath();
      break;
    case "cross":
    case "plus": {
      const a = r * 0.45;
      const pts = [[-a, -r], [a, -r], [a, -a], [r, -a], [r, a], [a, a], [a, r], [-a, r], [-a, a], [-r, a], [-r, -a], [-a, -a]];
      const rot = shape === "cross" ? Math.PI / 4 : 0;
      pts.forEach(([px, py], i) => {
        const qx = x + px * Math.cos(rot) - py * Math.sin(rot);
        const qy = y + px * Math.sin(rot) + py * Math.cos(rot);
        if (i === 0) ctx.moveTo(qx, qy); else ctx.lineTo(qx, qy);
      });
      ctx.closePath();
      break;
    }
    case "star":
      for (let i = 0; i < 10; i++) {
        const rr = i % 2 ? r * 0.55 : r * 1.3;
        const a = (i * Math.PI) / 5 - Math.PI / 2;
        if (i === 0) ctx.moveTo(x + rr * Math.cos(a), y + rr * Math.sin(a)); else ctx.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
      }
      ctx.closePath();
      break;
    default:
      ctx.arc(x, y, r, 0, 2 * Math.PI);
  }
}

/** "Nice" tick values between lo and hi, about `count` of them. */
export function ticks(lo, hi, count) {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) || 10 * mag;
  const out = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return out;
}

export function formatTick(t) {
  const a = Math.abs(t);
  if (a >= 10000) return `${Number((t / 1000).toPrecision(3))}k`;
  return String(Number(t.toPrecision(3)));
}

function clamp(v, lo, hi) {
  return Math.min(Math.max(v, lo), hi);
}

function el(tag, className) {
  const node = document.createElement(tag);
  node.className = className;
  return node;
}
