// Form controls built from the tables (state.js, models.js): each one is labelled, shows its
// current value and reports changes through a callback. Nothing here knows about training.

function nextId(name) {
  return `ctl-${name.replace(/[^a-z0-9_-]/gi, "")}-${Math.random().toString(36).slice(2, 9)}`;
}

function wrapper(name, labelText, input) {
  const div = document.createElement("div");
  div.className = "control";
  div.dataset.control = name;
  div.dataset.testid = `control-${name}`;
  const label = document.createElement("label");
  label.textContent = labelText;
  label.htmlFor = input.id;
  div.append(label, input);
  return div;
}

export function formatNumber(v) {
  if (typeof v !== "number") return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential();
  return String(Number(v.toPrecision(6)));
}

/** A <select> of options [{value, label}] (value kept as a JS value). */
export function selectControl(name, labelText, options, value, onChange) {
  const select = document.createElement("select");
  select.id = nextId(name);
  select.dataset.testid = `select-${name}`;
  const values = [];
  for (const opt of options) {
    if (opt.group) {
      const group = document.createElement("optgroup");
      group.label = opt.group;
      for (const o of opt.options) group.append(option(o, values));
      select.append(group);
    } else {
      select.append(option(opt, values));
    }
  }
  const index = values.findIndex((v) => JSON.stringify(v) === JSON.stringify(value));
  select.selectedIndex = Math.max(index, 0);
  select.addEventListener("change", () => onChange(values[Number(select.value)]));
  return wrapper(name, labelText, select);
}

function option(o, values) {
  const el = document.createElement("option");
  el.value = String(values.length);
  el.textContent = o.label ?? formatNumber(o.value);
  values.push(o.value);
  return el;
}

/** A range slider with an <output> showing the value. */
export function rangeControl(name, labelText, { min, max, step = 1 }, value, onChange, format = formatNumber) {
  const input = document.createElement("input");
  input.type = "range";
  input.id = nextId(name);
  input.dataset.testid = `range-${name}`;
  input.min = String(min);
  input.max = String(max);
  input.step = String(step);
  input.value = String(value);
  const out = document.createElement("output");
  out.htmlFor = input.id;
  out.dataset.testid = `value-${name}`;
  out.textContent = format(value);
  input.setAttribute("aria-valuetext", format(value));
  input.addEventListener("input", () => {
    const v = Number(input.value);
    out.textContent = format(v);
    input.setAttribute("aria-valuetext", format(v));
  });
  input.addEventListener("change", () => onChange(Number(input.value)));
  const div = wrapper(name, labelText, input);
  div.querySelector("label").append(" ", out);
  return div;
}

export function checkboxControl(name, labelText, value, onChange) {
  const div = document.createElement("div");
  div.className = "control control-check";
  div.dataset.control = name;
  div.dataset.testid = `control-${name}`;
  const label = document.createElement("label");
  const input = document.createElement("input");
  input.type = "checkbox";
  input.checked = Boolean(value);
  input.dataset.testid = `check-${name}`;
  input.addEventListener("change", () => onChange(input.checked));
  label.append(input, ` ${labelText}`);
  div.append(label);
  return div;
}

export function numberControl(name, labelText, { min, max, step = "any" }, value, onChange) {
  const input = document.createElement("input");
  input.type = "number";
  input.id = nextId(name);
  input.dataset.testid = `number-${name}`;
  if (min !== undefined) input.min = String(min);
  if (max !== undefined) input.max = String(max);
  input.step = String(step);
  input.value = String(value);
  input.addEventListener("change", () => {
    const v = Number(input.value);
    if (input.value.trim() !== "" && Number.isFinite(v) && input.checkValidity()) onChange(v);
    else input.value = String(value);
  });
  return wrapper(name, labelText, input);
}

/** The control for one hyperparameter spec of models.js. */
export function paramControl(spec, value, onChange) {
  switch (spec.type) {
    case "enum":
      return selectControl(spec.name, spec.label, spec.values.map((v) => ({ value: v, label: v })), value, onChange);
    case "bool":
      return checkboxControl(spec.name, spec.label, value, onChange);
    case "layers":
      return layersControl(spec, value, onChange);
    default: {
      if (spec.presets) {
        const values = [...spec.presets];
        if (typeof value === "number" && !values.includes(value)) values.push(value);
        values.sort((a, b) => a - b);
        const options = [...(spec.special || []), ...values].map((v) => ({ value: v }));
        return selectControl(spec.name, spec.label, options, value, onChange);
      }
      return rangeControl(spec.name, spec.label, spec, value, onChange);
    }
  }
}

/** Hidden layers: add/remove layers, and neurons per layer, with the sizes shown. */
export function layersControl(spec, sizes, onChange) {
  const div = document.createElement("fieldset");
  div.className = "control layers";
  div.dataset.control = spec.name;
  div.dataset.testid = "layers";
  const legend = document.createElement("legend");
  legend.textContent = `${spec.label}: ${sizes.length ? sizes.join(", ") : "none"}`;
  legend.dataset.testid = "layers-summary";
  div.append(legend);
  const row = document.createElement("div");
  row.className = "layer-buttons";
  row.append(
    button("+ layer", "Add a hidden layer", sizes.length >= spec.maxLayers, () => onChange([...sizes, sizes[sizes.length - 1] || 2]), "add-layer"),
    button("− layer", "Remove the last hidden layer", sizes.length === 0, () => onChange(sizes.slice(0, -1)), "remove-layer"),
  );
  div.append(row);
  sizes.forEach((n, i) => {
    const line = document.createElement("div");
    line.className = "layer";
    const text = document.createElement("span");
    text.textContent = `Layer ${i + 1}: ${n} neuron${n === 1 ? "" : "s"}`;
    line.append(
      text,
      button("+", `Add a neuron to layer ${i + 1}`, n >= spec.max, () => onChange(sizes.map((s, j) => (j === i ? s + 1 : s))), `add-neuron-${i + 1}`),
      button("−", `Remove a neuron from layer ${i + 1}`, n <= spec.min, () => onChange(sizes.map((s, j) => (j === i ? s - 1 : s))), `remove-neuron-${i + 1}`),
    );
    div.append(line);
  });
  return div;
}

function button(text, label, disabled, onClick, testid) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.setAttribute("aria-label", label);
  b.disabled = disabled;
  b.dataset.testid = testid;
  b.addEventListener("click", onClick);
  return b;
}

/** Apply the hide list and applicability: elements with data-control in `hidden` get hidden. */
export function applyHidden(root, hidden) {
  for (const el of root.querySelectorAll("[data-control]")) {
    const hide = hidden.has(el.dataset.control);
    if (hide) el.setAttribute("data-hidden-by-url", "");
    else el.removeAttribute("data-hidden-by-url");
  }
}
