// The run loop: one bounded `step` call per animation frame while running, never two calls at
// once, and a run token so that Pause, Reset and a new session take effect at once: an answer
// that carries an old token is dropped, and an old loop can never keep drawing.

export const SPEEDS = {
  slow: { max_steps: 1, max_ms: 50, every: 8 },   // about 7 steps a second: watch each one
  normal: { max_steps: 5, max_ms: 25, every: 1 },
  fast: { max_steps: 200, max_ms: 45, every: 1 },
};

/**
 * call(type, payload) -> Promise: the runtime client.
 * onFrame(frame) -> Promise|undefined: draw a frame (awaited before the next step).
 * onChange({running, done, iteration}): the trainer's state changed.
 * onError(error): a call failed (training stops).
 */
export function createTrainer({ call, onFrame, onChange, onError }) {
  let token = 0;
  let session = null;
  let running = false;
  let done = false;
  let iteration = 0;
  let speed = "normal";
  let tick = 0;

  function notify() {
    onChange({ running, done, iteration, session });
  }

  // Calls go one after another: a queue, so the worker never has two of ours in flight.
  let queue = Promise.resolve();
  function request(type, payload) {
    const result = queue.then(() => call(type, payload));
    queue = result.catch(() => {});
    return result;
  }

  /** Replace the session: dispose the old one, create (or load) a new one. */
  async function open(type, payload) {
    const old = session;
    token += 1;
    const mine = token;
    running = false;
    session = null;
    done = false;
    iteration = 0;
    notify();
    if (old !== null) request("dispose", { session: old }).catch(() => {});
    const info = await request(type, payload);
    if (mine !== token) {
      request("dispose", { session: info.session }).catch(() => {});
      return null;
    }
    session = info.session;
    notify();
    return info;
  }

  async function stepOnce(options) {
    if (session === null) return null;
    const mine = token;
    const frame = await request("step", { session, ...options });
    if (mine !== token) return null;
    iteration = frame.iteration;
    done = frame.done;
    await onFrame(frame);
    if (mine !== token) return null;
    if (done) running = false;
    notify();
    return frame;
  }

  function loop(mine) {
    requestAnimationFrame(async () => {
      if (mine !== token || !running) return;
      tick += 1;
      const s = SPEEDS[speed];
      if (tick % s.every === 0) {
        try {
          await stepOnce({ max_steps: s.max_steps, max_ms: s.max_ms });
        } catch (error) {
          if (mine === token) {
            running = false;
            notify();
            onError(error);
          }
          return;
        }
      }
      if (mine === token && running) loop(mine);
    });
  }

  return {
    create: (payload) => open("create", payload),
    load: (payload) => open("load", payload),
    play() {
      if (session === null || running || done) return;
      running = true;
      token += 1; // a fresh loop; answers to the previous one are dropped
      notify();
      loop(token);
    },
    pause() {
      if (!running) return;
      running = false;
      token += 1;
      notify();
    },
    async step() {
      if (session === null || done) return null;
      if (running) this.pause();
      try {
        return await stepOnce({ max_steps: 1 });
      } catch (error) {
        onError(error);
        return null;
      }
    },
    /** Forget the session (the caller then opens a new one). */
    stop() {
      token += 1;
      running = false;
      const old = session;
      session = null;
      if (old !== null) request("dispose", { session: old }).catch(() => {});
      notify();
    },
    setSpeed(name) {
      speed = SPEEDS[name] ? name : "normal";
    },
    async setParams(params) {
      if (session === null) return null;
      return request("set_params", { session, params });
    },
    /** A call on the current session (predict, save), queued behind the step in flight. */
    async sessionCall(type, payload = {}) {
      if (session === null) throw new Error("There is no model yet: press Train or Step first.");
      return request(type, { session, ...payload });
    },
    /** Any other call (run), queued like the others. */
    call: (type, payload) => request(type, payload),
    /** Mark the session finished-but-usable after `load` (the frame comes from one step). */
    get state() {
      return { running, done, iteration, session };
    },
  };
}
