// The model panel's controls: the model (grouped by what it does with the data), its
// hyperparameters from the model table (those that do not apply are hidden), and the input
// features for models that use them.

import { DATASETS } from "./datasets.js";
import { FEATURES, featureLabel, featuresFor } from "./features.js";
import { MODELS, applies, modelClass, modelTask, paramSpecs, resolveParams, UNSUPERVISED } from "./models.js";
import { applyHidden, checkboxControl, paramControl, selectControl } from "./controls.js";

const TASK_ORDER = ["classification", "regression", ...UNSUPERVISED];
const TASK_NAMES = { classification: "Classification", regression: "Regression", clustering: "Clustering", decomposition: "Decomposition", anomaly: "Anomaly detection" };

export function createModelPanel({ doc, app, notices, dataTask }, { onModelChanged, onParamChanged, onFeaturesChanged }) {
  const slot = (name) => doc.querySelector(`[data-slot="${name}"]`);

  function build() {
    const box = slot("model-controls");
    if (!box) return;
    // Rebuilding must not lose the keyboard focus (e.g. on a layer's "+" button).
    const focused = box.contains(doc.activeElement) ? doc.activeElement.dataset.testid : null;
    box.replaceChildren();
    if (focused) queueMicrotask(() => box.querySelector(`[data-testid="${focused}"]`)?.focus());
    const s = app.state;
    const task = dataTask();
    const groups = {};
    for (const key of Object.keys(MODELS)) {
      if (!modelClass(key, task)) continue;
      (groups[modelTask(key, task)] ||= []).push({ value: key, label: MODELS[key].label });
    }
    const options = TASK_ORDER.filter((t) => groups[t]).map((t) => ({ group: TASK_NAMES[t], options: groups[t] }));
    box.append(selectControl("model", "Model", options, s.model, (v) => {
      s.model = v;
      s.params = {};
      onModelChanged();
    }));
    const values = resolveParams(s.model, s.params);
    for (const spec of paramSpecs(s.model)) {
      const control = paramControl(spec, values[spec.name], (v) => onParamChanged(spec, v));
      control.hidden = !applies(spec, values, task);
      box.append(control);
    }
    buildFeatures();
    applyHidden(doc.body, new Set(app.state.hide));
  }

  function buildFeatures() {
    const box = slot("features");
    const fieldset = doc.querySelector('[data-testid="features"]');
    if (!box) return;
    box.replaceChildren();
    const dims = app.base ? app.base.dims : DATASETS[app.state.dataset].dims || 2;
    const usable = MODELS[app.state.model].usesFeatures && dims <= 2;
    if (fieldset) fieldset.hidden = !usable;
    if (!usable) return;
    const allowed = featuresFor(dims);
    for (const f of allowed) {
      const control = checkboxControl(`feature-${f}`, featureLabel(f), app.state.features.includes(f), (checked) => {
        const set = new Set(app.state.features);
        if (checked) set.add(f); else set.delete(f);
        if (![...set].some((g) => allowed.includes(g))) {
          notices.notify("The model needs at least one input feature; x1 is kept.", "info", [], { subject: "features" });
          set.add("x1");
        }
        app.state.features = FEATURES.filter((g) => set.has(g));
        buildFeatures();
        onFeaturesChanged();
      });
      control.dataset.testid = `feature-${f}`;
      box.append(control);
    }
  }

  return { build };
}
