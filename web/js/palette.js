// Colour-blind-safe colours, computed once.
// Classes use the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies);
// two-class probabilities and weights use an orange-to-blue diverging ramp, regression values a
// viridis-like sequential ramp. Points also get a shape per class, so colour is never the only cue.

export const CLASS_COLORS = ["#E69F00", "#0072B2", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#000000"];
export const SHAPES = ["circle", "square", "triangle", "diamond", "cross", "star", "triangleDown", "plus"];

const ORANGE = [230, 159, 0];
const BLUE = [0, 114, 178];
const LIGHT = [247, 247, 247];
const VIRIDIS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];

function hexToRgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function mix(a, b, t) {
  return [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * t));
}

function ramp(anchors, t) {
  const x = Math.min(Math.max(t, 0), 1) * (anchors.length - 1);
  const i = Math.min(Math.floor(x), anchors.length - 2);
  return mix(anchors[i], anchors[i + 1], x - i);
}

// 256-entry lookup tables: [r, g, b, r, g, b, ...].
function table(fn) {
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) lut.set(fn(i / 255), i * 3);
  return lut;
}

export const DIVERGING_LUT = table((t) => (t < 0.5 ? mix(ORANGE, LIGHT, t * 2) : mix(LIGHT, BLUE, (t - 0.5) * 2)));
// The heatmap's version of the diverging ramp: lighter, so the points (full colour) stand out.
export const BACKGROUND_LUT = table((t) => mix(t < 0.5 ? mix(ORANGE, LIGHT, t * 2) : mix(LIGHT, BLUE, (t - 0.5) * 2), [255, 255, 255], 0.35));
export const SEQUENTIAL_LUT = table((t) => ramp(VIRIDIS, t));
// Background tints of the class colours (mixed with white) so points stay visible on top.
export const CLASS_TINTS = CLASS_COLORS.map((c) => mix(hexToRgb(c), [255, 255, 255], 0.55));
export const CLASS_RGB = CLASS_COLORS.map(hexToRgb);
// Anomaly detection's background: flagged places in a vermillion tint, the rest light grey
// that darkens (a slate blue) where the density is high.
export const ANOMALY_TINT = mix(hexToRgb("#D55E00"), [255, 255, 255], 0.45);
export const NORMAL_TINT = [240, 240, 240];
export const DENSITY_LUT = table((t) => mix(NORMAL_TINT, [128, 146, 170], t));

export function classColor(i) {
  return CLASS_COLORS[((i % CLASS_COLORS.length) + CLASS_COLORS.length) % CLASS_COLORS.length];
}

export function classShape(i) {
  return SHAPES[((i % SHAPES.length) + SHAPES.length) % SHAPES.length];
}

/** t in [-1, 1]: orange (negative) through light grey to blue (positive). */
export function diverging(t) {
  const i = Math.round((Math.min(Math.max(t, -1), 1) + 1) * 127.5) * 3;
  return [DIVERGING_LUT[i], DIVERGING_LUT[i + 1], DIVERGING_LUT[i + 2]];
}

/** t in [0, 1]: the viridis-like ramp. */
export function sequential(t) {
  const i = Math.round(Math.min(Math.max(t, 0), 1) * 255) * 3;
  return [SEQUENTIAL_LUT[i], SEQUENTIAL_LUT[i + 1], SEQUENTIAL_LUT[i + 2]];
}

export function rgbCss([r, g, b]) {
  return `rgb(${r}, ${g}, ${b})`;
}

export const palette = { classColor, classShape, diverging, sequential };
