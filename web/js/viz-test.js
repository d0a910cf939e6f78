// The visualisation test bench's script (web/viz-test.html), a file so the page's CSP forbids inline scripts.
import { classColor } from "./viz/common.js";

const MODULES = ["network", "tree", "kmeans", "svm", "pca"];
const TYPED = { float32: Float32Array, int32: Int32Array };

// Frames arrive as JSON; arrays marked {__typed__, data} become typed arrays, as from the worker.
function decode(value) {
  if (Array.isArray(value)) return value.map(decode);
  if (value && typeof value === "object") {
    if (value.__typed__) return TYPED[value.__typed__].from(value.data);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
  }
  return value;
}

// A stand-in for the page's main plot: the grid as grey levels, the points, then the overlay.
function paintPlot(canvas, frame, context, view) {
  const ctx = canvas.getContext("2d");
  const w = canvas.width;
  const h = canvas.height;
  const { x: [x0, x1], y: [y0, y1] } = context.extent;
  const transform = (x, y) => [((x - x0) / (x1 - x0)) * w, h - ((y - y0) / (y1 - y0)) * h];
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, w, h);
  if (frame.grid) {
    const { size, values } = frame.grid;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of values) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        const g = 255 - Math.round(((values[r * size + c] - lo) / (hi - lo || 1)) * 40);
        ctx.fillStyle = `rgb(${g},${g},${g})`;
        ctx.fillRect((c / size) * w, h - ((r + 1) / size) * h, w / size + 1, h / size + 1);
      }
    }
  }
  const points = context.points;
  if (points) {
    points.X.forEach(([x, y], i) => {
      const [px, py] = transform(x, y);
      ctx.beginPath();
      ctx.arc(px, py, 3, 0, 2 * Math.PI);
      ctx.fillStyle = points.y ? classColor(null, points.y[i]) : "#888";
      ctx.fill();
    });
  }
  if (view.draw) view.draw(ctx, transform);
}

window.vizTest = {
  views: {},
  hovers: [],
  async mount(id, moduleName, frames, context, width = 480) {
    if (!MODULES.includes(moduleName)) throw new Error(`unknown module ${moduleName}`);
    const mod = await import(`./viz/${moduleName}.js`);
    const section = document.createElement("section");
    section.className = "case";
    section.dataset.testid = `case-${id}`;
    section.setAttribute("data-testid", `case-${id}`);
    section.style.width = `${width}px`;
    const title = document.createElement("h2");
    title.textContent = id;
    section.appendChild(title);
    const container = document.createElement("div");
    container.setAttribute("data-testid", `container-${id}`);
    section.appendChild(container);
    document.getElementById("stage").appendChild(section);
    const ctx = decode(context);
    const hovers = this.hovers;
    const view = mod.createView(container, {
      onHoverNeuron: (...args) => hovers.push(args[0] === null ? null : [args[0], args[1], args[2] && args[2].values.length]),
    });
    let canvas = null;
    for (const frame of frames.map(decode)) {
      view.update(frame, ctx);
      if (view.draw) {
        if (!canvas) {
          canvas = document.createElement("canvas");
          canvas.className = "plot";
          canvas.width = width;
          canvas.height = width;
          canvas.setAttribute("data-testid", `plot-${id}`);
          section.appendChild(canvas);
        }
        paintPlot(canvas, frame, ctx, view);
      }
    }
    this.views[id] = { view, ctx, canvas };
    return true;
  },
  update(id, frame) {
    const { view, ctx, canvas } = this.views[id];
    const decoded = decode(frame);
    view.update(decoded, ctx);
    if (canvas) paintPlot(canvas, decoded, ctx, view);
  },
  reset(id) {
    this.views[id].view.reset();
  },
};
document.body.dataset.ready = "true";
