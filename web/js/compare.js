// "Compare runs": what a run was trained with, in words, and how a kept run differs from the
// current one (the label of its curve on the loss chart).

import { dataTask, modelFeatures } from "./codegen.js";
import { MODELS, applies, paramSpecs, resolveParams } from "./models.js";
import { dataSettings } from "./state.js";
import { formatNumber } from "./controls.js";

/** The settings of an experiment by their labels: model, each hyperparameter that applies, features, data. */
export function settingsSummary(state, csvInfo) {
  const summary = { model: MODELS[state.model].label };
  const values = resolveParams(state.model, state.params);
  const task = dataTask(state, csvInfo);
  for (const spec of paramSpecs(state.model)) if (applies(spec, values, task)) summary[spec.label] = values[spec.name];
  summary.features = (modelFeatures(state, csvInfo) || ["x1", "x2"]).join(" ");
  const { n, noise } = dataSettings(state);
  summary.data = `${state.dataset} n=${n} noise=${noise} seed=${state.seed}`;
  return summary;
}

/** What `before` had that `now` has not, in words (at most three settings). */
export function describeDifference(before, now) {
  if (!before || !now) return "";
  const parts = [];
  for (const key of Object.keys(before)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(now[key])) {
      const v = before[key];
      parts.push(`${key.toLowerCase()} ${Array.isArray(v) ? v.join(",") : typeof v === "number" ? formatNumber(v) : v}`);
    }
  }
  return parts.length ? parts.slice(0, 3).join(", ") : "same settings";
}
