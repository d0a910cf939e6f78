// The Python panel's Run here: the program the panel shows runs in this tab and what it prints
// appears under it. It runs through the exercises' runner (web/js/runner.js: the same sandbox,
// the same limits) in the page's Python (one per browser: web/js/hub.js). A program past its
// time limit is stopped by Python at its next line; one that Python cannot stop within 10 s
// restarts the runtime (its "restarted" event), which ends the playground's training too.
//
// Test hooks: [data-testid=run-code]; [data-testid=code-run] gets data-state running | done |
// error (and is shown with the answer); [data-testid=code-output] holds what the program printed.

import { Runner } from "./runner.js";

/**
 * @param doc      the page's document (its [data-testid] hooks)
 * @param runtime  the page's Runtime (web/js/runtime.js)
 * @param code     () -> the program the panel shows now
 */
export function createCodePanel(doc, runtime, code) {
  const $ = (id) => doc.querySelector(`[data-testid="${id}"]`);
  const button = $("run-code");
  if (!button) return;
  const panel = $("code-run");
  const stateLine = $("code-run-state");
  const output = $("code-output");
  let runner = null;

  function setState(state, text) {
    panel.dataset.state = state;
    stateLine.textContent = text;
    stateLine.dataset.kind = state === "error" ? "error" : state === "done" ? "ok" : "";
  }

  button.addEventListener("click", async () => {
    const program = code();
    button.disabled = true;
    panel.hidden = true;
    try {
      runner ??= new Runner(runtime);
      setState("running", "Running the program in this tab…");
      await runtime.ready; // Python may still be starting: not part of the run's time
      const started = performance.now();
      const answer = await runner.run(program);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      output.textContent = answer.output || "(nothing)";
      panel.hidden = false;
      if (answer.kind === "timeout") {
        setState("error", `${answer.error.split(". ")[0].replace(/^Your code/, "The program")}: Run here stops a program after a few seconds, as the exercises do. ` +
          "Fewer epochs or iterations, or fewer samples, make it shorter; in CPython it runs as long as it needs.");
      } else if (answer.error) setState("error", answer.error);
      else setState("done", `Ran in this tab in ${seconds} s; what it printed is below the program.`);
      output.scrollIntoView({ block: "nearest" });
    } catch (error) {
      setState("error", `Python could not run the program: ${error.message}`);
    } finally {
      button.disabled = false;
    }
  });
}
