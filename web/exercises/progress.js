// The learner's progress, kept in this browser only (localStorage): the code of each exercise
// and which ones passed. Nothing is sent anywhere. Storage can be full or switched off (private
// windows); then progress lasts as long as the page, and nothing breaks.

const KEY = "pyml.exercises.v1";

// The exercises in the course's order (pyml.exercises.EXERCISES; a test keeps the two equal).
export const EXERCISES = [
  ["linear-cost", "The cost of linear regression"],
  ["gradient-descent", "One step of gradient descent"],
  ["normal-equation", "The normal equation"],
  ["sigmoid", "The sigmoid function"],
  ["logistic-cost", "The cost of logistic regression and its gradient"],
  ["forward", "A neural network's forward pass"],
  ["backprop", "Backpropagation"],
  ["kmeans", "The two steps of k-means"],
  ["pca", "Principal component analysis"],
  ["anomaly", "Anomaly detection"],
  ["q-learning", "The Q-learning update"],
];

let memory = { code: {}, passed: {} }; // where progress lives when storage does not work

export function load() {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) || "null");
    if (stored && typeof stored === "object") {
      memory = { code: { ...(stored.code || {}) }, passed: { ...(stored.passed || {}) } };
    }
  } catch {
    // unreadable or unavailable: start from what this page has
  }
  return memory;
}

function store() {
  try {
    localStorage.setItem(KEY, JSON.stringify(memory));
  } catch {
    // full or disabled: progress lasts as long as the page
  }
}

export function savedCode(name) {
  return load().code[name] ?? null;
}

export function saveCode(name, code) {
  load();
  memory.code[name] = code;
  store();
}

export function forgetCode(name) {
  load();
  delete memory.code[name];
  store();
}

export function passed(name) {
  return Boolean(load().passed[name]);
}

export function markPassed(name) {
  load();
  memory.passed[name] = true;
  store();
}

/** Start over: forget every exercise's code and every pass. */
export function clearAll() {
  memory = { code: {}, passed: {} };
  try {
    localStorage.removeItem(KEY);
  } catch {
    // nothing stored
  }
}
