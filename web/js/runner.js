// Run a learner's Python in the page with limits, and get the runtime back when it hangs.
//
//   const runner = new Runner(runtime);                        // a Runtime from runtime.js
//   const { output, error, line } = await runner.run(code);    // print output, or what went wrong
//   const answer = await runner.call("check", { name: "sigmoid", source });  // a call of the exercises lab
//
// Every call is typed: the runner opens the `exercises` lab (pyml/web/labs/exercises.py) and
// makes `lab` calls on it; the learner's code travels as a string argument and runs in Python's
// sandbox. Two limits: Python stops the learner's own code after 5 s by itself
// (pyml.exercises.sandbox: a clear message, and the runtime stays as it is); whatever Python
// cannot stop (a long numpy call, a crash) meets the call time-out given here, after which the
// runtime ends its worker and boots a fresh one by itself ("restarted"), so the page works again
// without a reload. Nothing leaves the tab.

import { PymlError } from "./runtime.js";

export class Runner extends EventTarget {
  /** Events: "restarting" (the runtime was ended and is booting again), "restarted" (it is ready again). */
  constructor(runtime, { timeoutMs = 10000 } = {}) {
    super();
    this.runtime = runtime;
    this.timeoutMs = timeoutMs;
    this._lab = null; // the lab's session number (a promise), for the boot `_labReady` names
    this._labReady = null;
    // However it ended (a call of ours past its limit, a crash, another page's request), the
    // lab is gone with it; the next call opens a new one.
    runtime.addEventListener("restarted", () => {
      this._lab = null;
      this.dispatchEvent(new CustomEvent("restarting"));
      runtime.ready.then(
        () => this.dispatchEvent(new CustomEvent("restarted")),
        () => {}, // the runtime's own "error" event and status say why it could not start
      );
    });
  }

  /**
   * Run a program; resolves with {output, error, line, kind} (null when it ran through; `kind`
   * says what stopped it: "syntax", "exception", "timeout" (Python's limit, or the runner's),
   * "memory").
   */
  async run(code) {
    const answer = await this.call("run", { source: code });
    return answer.timedOut ? { output: "", error: answer.message, line: null, kind: "timeout", timedOut: true } : answer;
  }

  /**
   * One call of the exercises lab (info, check, run, train_start, train_steps: web/PROTOCOL.md)
   * with its keywords; resolves with its answer, or with {timedOut: true, message} when the
   * runtime had to be restarted. Other failures (the runtime could not start, a bad argument)
   * reject with a PymlError.
   */
  async call(call, args = {}) {
    try {
      const session = await this._session();
      return await this.runtime.call("lab", { session, call, args }, { timeoutMs: this.timeoutMs });
    } catch (error) {
      // The runtime restarts itself after these; the next call waits for its new `ready`.
      if (!(error instanceof PymlError) || !["TimeoutError", "WorkerError"].includes(error.name)) throw error;
      const seconds = this.timeoutMs / 1000;
      return {
        timedOut: true,
        message: error.name === "TimeoutError"
          ? `Your code did not finish within ${seconds} s, so it was stopped and Python is restarting (ready again in a few seconds). ` +
            "Look for a loop that never ends, or an array far larger than the data (np.zeros((m, m)) with a large m)."
          : "Python stopped working while running your code (out of memory?), so it is restarting (ready again in a few seconds). " +
            "Look for an array far larger than the data.",
      };
    }
  }

  // The lab lives in the worker: a restarted runtime (a new `ready`) needs a new one.
  _session() {
    if (this._lab === null || this._labReady !== this.runtime.ready) {
      this._labReady = this.runtime.ready;
      const opened = this.runtime.call("open_lab", { lab: "exercises" }).then((answer) => answer.session);
      opened.catch(() => { if (this._lab === opened) this._lab = null; }); // the next call tries again
      this._lab = opened;
    }
    return this._lab;
  }
}
