// The run loop of "Train with my code": start training with the learner's code in Python (the
// exercises lab's train_start, through the runner), then pull a batch of steps once per
// animation frame (train_steps) and hand each frame to the page's drawing. A run token makes a new start or a
// stop immediate: an answer for an older run is dropped.

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

/**
 * @param panel   the train panel; its [data-testid=train-state] shows the state, and
 *                panel.dataset.state is starting | training | done | error (for the tests)
 * @param runner  a Runner (web/js/runner.js)
 * @param spec    {name, options() -> {...numbers}, begin(data, options), frame(frame) -> status text,
 *                batch(iteration) -> steps per request}
 */
export function createLoop(panel, runner, { name, options, begin, frame, batch = () => 10 }) {
  const stateLine = panel.querySelector("[data-testid=train-state]");
  let token = 0;

  function setState(state, text) {
    panel.dataset.state = state;
    stateLine.textContent = text;
    stateLine.dataset.kind = state === "error" ? "error" : state === "done" ? "ok" : "";
  }

  return {
    async start(code) {
      const run = ++token;
      const settings = options();
      setState("starting", "Starting your code…");
      const started = await runner.call("train_start", { name, source: code, options: settings });
      if (run !== token) return;
      if (started.timedOut || started.error) {
        setState("error", started.message || started.error);
        return;
      }
      begin(started.data, settings);
      setState("training", "Training with your code…");
      let iteration = 0;
      for (;;) {
        await nextFrame();
        if (run !== token) return;
        const answer = await runner.call("train_steps", { max_steps: batch(iteration) });
        if (run !== token) return;
        if (answer.timedOut) {
          setState("error", answer.message);
          return;
        }
        iteration += answer.steps.length;
        const text = frame(answer);
        if (answer.error) {
          setState("error", `Training stopped after ${iteration} steps: ${answer.error}`);
          return;
        }
        if (answer.done) {
          setState("done", `Done: ${text}.`);
          return;
        }
        setState("training", text);
      }
    },
    /** Stop pulling steps (the next start begins afresh). */
    stop() {
      token += 1;
    },
  };
}
