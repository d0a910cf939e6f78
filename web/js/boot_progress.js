// The runtime's boot, shown while the data is already on the plot: a bar and the stage Python
// is at (the worker reports "python", "numpy", "pyml", then "ready"). The box floats over the
// bottom of the plot, so nothing moves when it goes.

// Where each stage starts on the bar: loading Python is most of the wait, installing pyml the least.
const STAGES = {
  python: { at: 0.05, text: "loading Python" },
  numpy: { at: 0.6, text: "loading numpy" },
  pyml: { at: 0.85, text: "installing pyml" },
};
const ORDER = Object.keys(STAGES);

/** Show `runtime`'s boot in `container` (position: relative); returns {note(text), remove()}. */
export function createBootProgress(container, runtime) {
  const doc = container.ownerDocument;
  const box = doc.createElement("div");
  box.className = "boot-progress";
  box.dataset.testid = "boot-progress";
  const label = doc.createElement("p");
  label.className = "boot-stage";
  label.setAttribute("aria-live", "polite");
  const bar = doc.createElement("progress");
  bar.max = 1;
  bar.value = 0;
  bar.setAttribute("aria-label", "Starting Python");
  const note = doc.createElement("p");
  note.className = "boot-note";
  box.append(label, bar, note);
  container.append(box);

  function show(status) {
    if (!status) {
      label.textContent = "Starting Python…";
      return;
    }
    if (status.stage === "ready") {
      box.remove();
      return;
    }
    if (status.stage === "error") {
      box.dataset.kind = "error";
      label.textContent = `Python could not start: ${status.message}`;
      bar.hidden = true;
      return;
    }
    const stage = STAGES[status.stage];
    if (!stage) return;
    bar.value = stage.at;
    label.textContent = `Starting Python, step ${ORDER.indexOf(status.stage) + 1} of ${ORDER.length}: ${stage.text}…`;
    box.dataset.stage = status.stage;
  }
  const listener = (event) => show(event.detail);
  runtime.addEventListener("status", listener);
  show(runtime.state === "ready" ? { stage: "ready" } : runtime.status);
  return {
    note(text) {
      note.textContent = text;
    },
    remove() {
      runtime.removeEventListener("status", listener);
      box.remove();
    },
  };
}

/**
 * Start a deferred `runtime` when `element` first shows on screen, or at the reader's first touch
 * or key there (whichever comes first). An embed below the fold of a blog post is loaded by the
 * browser well before it is scrolled to; booting Python only when it is seen leaves the reader's
 * CPU and network to the post until then. Inside an iframe the observer measures against the
 * page's own viewport, so this works for an embed on any site.
 */
export function bootWhenSeen(element, runtime) {
  const doc = element.ownerDocument;
  const view = doc.defaultView;
  let observer = null;
  doc.body.dataset.python = "waiting";
  const start = () => {
    delete doc.body.dataset.python;
    observer?.disconnect();
    doc.removeEventListener("pointerdown", start, true);
    doc.removeEventListener("keydown", start, true);
    runtime.start();
  };
  doc.addEventListener("pointerdown", start, true);
  doc.addEventListener("keydown", start, true);
  if (typeof view.IntersectionObserver !== "function") return start();
  observer = new view.IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) start();
  });
  observer.observe(element);
}
