// The exercises' index: a mark on every exercise passed in this browser, and Start over.

import * as progress from "./progress.js";

const summary = document.querySelector("[data-testid=progress-summary]");

function show() {
  let done = 0;
  for (const item of document.querySelectorAll("[data-exercise]")) {
    const passed = progress.passed(item.dataset.exercise);
    item.classList.toggle("passed", passed);
    let mark = item.querySelector(".passed-mark");
    if (passed && !mark) {
      mark = document.createElement("p");
      mark.className = "passed-mark";
      mark.textContent = "✓ passed";
      item.append(mark);
    } else if (!passed && mark) {
      mark.remove();
    }
    done += passed ? 1 : 0;
  }
  summary.textContent = `${done} of ${progress.EXERCISES.length} passed in this browser.`;
}

document.querySelector("[data-testid=start-over]").addEventListener("click", () => {
  if (!confirm("Forget the code of every exercise and which ones you passed?")) return;
  progress.clearAll();
  show();
});
show();
