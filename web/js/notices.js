// What the page tells the user: notices above the panels, a panel's message line (the CSV's,
// the model file's) and the status line of the toolbar. A notice has a subject ("link",
// "training", ...): a new one on the same subject replaces the old, so they never pile up, and
// each can be dismissed. Text only, never HTML: URL values and file names are shown, never
// interpreted.

export function createNotices(doc) {
  const $ = (testid) => doc.querySelector(`[data-testid="${testid}"]`);

  /**
   * A notice with an optional list of items; `kind` is "info", "warning" or "error". It replaces
   * the notice of the same `subject`; `action` ({label, run}) adds a button that offers the fix.
   */
  function notify(text, kind = "info", items = [], { subject = text, action = null } = {}) {
    const box = $("notices");
    if (!box) return;
    const p = doc.createElement("div");
    p.className = `notice notice-${kind}`;
    p.dataset.testid = "notice";
    p.dataset.subject = subject;
    const body = doc.createElement("div");
    body.textContent = text;
    if (items.length) {
      const list = doc.createElement("ul");
      for (const item of items) {
        const li = doc.createElement("li");
        li.textContent = item;
        list.append(li);
      }
      body.append(list);
    }
    if (action) {
      const fix = doc.createElement("button");
      fix.type = "button";
      fix.className = "notice-action";
      fix.dataset.testid = "notice-action";
      fix.textContent = action.label;
      fix.addEventListener("click", () => {
        p.remove();
        action.run();
      });
      body.append(" ", fix);
    }
    p.append(body);
    const close = doc.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", "Dismiss this notice");
    close.className = "notice-close";
    close.addEventListener("click", () => p.remove());
    p.append(close);
    const old = [...box.children].find((n) => n.dataset.subject === subject);
    if (old) old.replaceWith(p);
    else box.append(p);
  }

  /** Take down the notice of `subject`, if any (its matter is settled). */
  function clear(subject) {
    const box = $("notices");
    if (!box) return;
    for (const n of [...box.children]) if (n.dataset.subject === subject) n.remove();
  }

  /** The message line with data-testid `testid`: "error" or "ok". */
  function message(testid, text, kind = "error") {
    const el = $(testid);
    if (!el) return;
    el.textContent = text;
    el.dataset.kind = kind;
  }

  function setStatus(text) {
    const el = $("status");
    if (el) el.textContent = text;
  }

  return { notify, clear, message, setStatus };
}
