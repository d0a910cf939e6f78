// What the page tells the user: notices above the panels (dismissable), a panel's message line
// (the CSV's, the model file's) and the status line of the toolbar. Text only, never HTML:
// URL values and file names are shown, never interpreted.

export function createNotices(doc) {
  const $ = (testid) => doc.querySelector(`[data-testid="${testid}"]`);

  /** A notice with an optional list of items; `kind` is "info", "warning" or "error". */
  function notify(text, kind = "info", items = []) {
    const box = $("notices");
    if (!box) return;
    const p = doc.createElement("div");
    p.className = `notice notice-${kind}`;
    p.dataset.testid = "notice";
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
    p.append(body);
    const close = doc.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", "Dismiss this notice");
    close.addEventListener("click", () => p.remove());
    p.append(close);
    box.append(p);
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

  return { notify, message, setStatus };
}
