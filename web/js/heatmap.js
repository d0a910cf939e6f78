// The decision-region / prediction heatmap: a canvas exactly the size of the grid, filled through
// ImageData and stretched by CSS (as in TensorFlow Playground's heatmap.ts). Colours come from
// the lookup tables of palette.js, computed once.

import { ANOMALY_TINT as ANOMALY, BACKGROUND_LUT, CLASS_TINTS, DENSITY_LUT, DIVERGING_LUT, SEQUENTIAL_LUT } from "./palette.js";

/**
 * modes:
 * - "proba": two-class P(class 1) in [0, 1] → orange..blue (discretized: the class tint);
 * - "class": class or cluster index → its tint;
 * - "density": log p(x) (anomaly detection) below range[0] (the threshold log ε: flagged) → a
 *   vermillion tint, above it light grey darkening up to range[1] (discretized: light grey);
 * - "value": a number in [range[0], range[1]] → the sequential ramp (discretized: 10 bands);
 * - "signed": a number in [range[0], range[1]] → the diverging ramp (neuron outputs).
 */
export function createHeatmap(canvas) {
  const ctx = canvas.getContext("2d");
  let image = null;

  function draw(grid, { mode, discretize = false, range = [0, 1] }) {
    const { size, values } = grid;
    if (canvas.width !== size || canvas.height !== size || !image) {
      canvas.width = size;
      canvas.height = size;
      image = ctx.createImageData(size, size);
    }
    const data = image.data;
    const [lo, hi] = range;
    const span = hi - lo || 1;
    for (let row = 0; row < size; row++) {
      // The grid's first row is at y min; the image's first row is the top (y max).
      const out = (size - 1 - row) * size;
      for (let col = 0; col < size; col++) {
        const v = values[row * size + col];
        let r, g, b;
        if (mode === "density" && v < lo) {
          [r, g, b] = ANOMALY; // -Infinity too: p(x) so small that it underflowed to 0
        } else if (!Number.isFinite(v)) {
          r = g = b = 255;
        } else if (mode === "density") {
          const i = discretize ? 0 : Math.round(Math.min((v - lo) / span, 1) * 255) * 3;
          r = DENSITY_LUT[i]; g = DENSITY_LUT[i + 1]; b = DENSITY_LUT[i + 2];
        } else if (mode === "class") {
          [r, g, b] = CLASS_TINTS[Math.abs(Math.round(v)) % CLASS_TINTS.length];
        } else if (mode === "proba") {
          if (discretize) {
            [r, g, b] = CLASS_TINTS[v >= 0.5 ? 1 : 0];
          } else {
            const i = Math.round(Math.min(Math.max(v, 0), 1) * 255) * 3;
            r = BACKGROUND_LUT[i]; g = BACKGROUND_LUT[i + 1]; b = BACKGROUND_LUT[i + 2];
          }
        } else if (mode === "signed") {
          let t = Math.min(Math.max(((v - lo) / span) * 2 - 1, -1), 1);
          if (discretize) t = t < 0 ? -1 : 1;
          const i = Math.round((t + 1) * 127.5) * 3;
          r = DIVERGING_LUT[i]; g = DIVERGING_LUT[i + 1]; b = DIVERGING_LUT[i + 2];
        } else {
          let t = Math.min(Math.max((v - lo) / span, 0), 1);
          if (discretize) t = Math.min(Math.floor(t * 10), 9) / 9;
          const i = Math.round(t * 255) * 3;
          r = SEQUENTIAL_LUT[i]; g = SEQUENTIAL_LUT[i + 1]; b = SEQUENTIAL_LUT[i + 2];
        }
        const k = (out + col) * 4;
        data[k] = r; data[k + 1] = g; data[k + 2] = b; data[k + 3] = 255;
      }
    }
    ctx.putImageData(image, 0, 0);
  }

  function clear() {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    image = null;
  }

  return { draw, clear };
}
