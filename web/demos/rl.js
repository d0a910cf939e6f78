// Grid world: pyml.web.labs.grid_world.GridWorldLab runs value iteration (one sweep per tick) and then
// Q-learning (a batch of episodes per tick) in Python; the page edits the map and draws.

import { diverging, rgbCss } from "../js/palette.js";
import { format, lineChart, startDemo } from "./demo.js";

const MAP = ["........", "..##....", "........", "SXXXXXXG"];
const ARROWS = ["↑", "→", "↓", "←"];
const TOOLS = [[".", "empty"], ["#", "wall"], ["G", "goal +1"], ["X", "cliff −1"], ["S", "start"]];
const EPISODES = 300; // Q-learning stops here (Play again continues)
const SPEEDS = [1, 2, 5, 10, 25]; // episodes per tick

const demo = startDemo({
  title: "Reinforcement learning: a grid world",
  params: {}, // the map lives in the URL as ?map=row/row/... (read by readMap)
});
const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
const chart = lineChart($("return-chart"), {
  series: [{ label: "return of the episode", stroke: "#0072B2", width: 1 }],
  xLabel: "episode",
  yLabel: "return",
  height: 150,
});
let layout = readMap();
let tool = "#";
let phase = "planning"; // planning, learning, done
let timer = null;
let playing = true;
let busy = false;
let returns = [];
let limit = EPISODES;
let lab = null; // the GridWorldLab of the current map

function readMap() {
  const text = new URLSearchParams(location.search).get("map");
  const rows = text ? text.split("/") : MAP;
  const ok = rows.length >= 2 && rows.length <= 12 && rows.every((r) => r.length === rows[0].length && /^[.#GXS]{2,16}$/.test(r));
  return (ok ? rows : MAP).map((r) => r.split(""));
}

async function main() {
  for (const [char, label] of TOOLS) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = label;
    button.dataset.testid = `tool-${label.split(" ")[0]}`;
    button.setAttribute("aria-pressed", String(char === tool));
    button.addEventListener("click", () => {
      tool = char;
      for (const b of $("tools").children) b.setAttribute("aria-pressed", String(b === button));
    });
    $("tools").append(button);
  }
  $("play").addEventListener("click", () => setPlaying(!playing));
  $("step").addEventListener("click", () => {
    setPlaying(false);
    tick();
  });
  $("restart").addEventListener("click", restart);
  $("speed").addEventListener("change", () => setPlaying(playing));
  drawGrid(null);
  await demo.ready;
  for (const id of ["play", "step", "restart"]) $(id).disabled = false; // nothing to play before Python
  restart();
}

async function restart() {
  setPlaying(false);
  phase = "planning";
  returns = [];
  limit = EPISODES;
  chart.set([[], []]);
  demo.root.dataset.state = "training";
  delete demo.root.dataset.walkEnd;
  const text = layout.map((r) => r.join("")).join("\n");
  try {
    lab = null;
    const opened = await demo.lab("grid_world", { layout: text }, { key: "world" });
    if (!opened) return; // the map changed again meanwhile: that restart goes on
    lab = opened;
  } catch (error) {
    $("phase").textContent = `This map cannot be played: ${error.message}`;
    $("phase").dataset.kind = "error";
    demo.root.dataset.state = "error";
    return;
  }
  $("phase").dataset.kind = "";
  setPlaying(true);
}

function setPlaying(on) {
  clearInterval(timer);
  playing = on && phase !== "done";
  $("play").textContent = playing ? "Pause" : "Play";
  if (playing) timer = setInterval(tick, phase === "planning" ? 350 : 60);
}

async function tick() {
  if (busy || phase === "done" || !lab) return;
  busy = true;
  try {
    if (phase === "planning") {
      const r = await lab.call("sweep");
      drawGrid(r);
      $("phase").innerHTML = `<strong>Value iteration</strong>, sweep ${r.sweep}: the largest change of a value was ${format(r.residual)}.`;
      if (r.done) {
        demo.result("planEnd", String(r.walk ? r.walk.end ?? null : null)); // None may arrive as undefined
        phase = "learning";
        $("phase").innerHTML = `Value iteration converged after ${r.sweep} sweeps. Now <strong>Q-learning</strong>, from scratch…`;
        if (playing) setPlaying(true);
      }
    } else {
      const n = SPEEDS[Number($("speed").value) - 1];
      const r = await lab.call("episodes", { n_episodes: Math.min(n, limit - returns.length) || 1 });
      returns.push(...r.returns);
      chart.set([returns.map((_, i) => i + 1), returns]);
      drawGrid(r);
      const ends = { G: "reaches the goal", X: "falls off the cliff" };
      $("phase").innerHTML = `<strong>Q-learning</strong>, episode ${r.episode}: the greedy policy ` +
        `${ends[r.walk.end] || "does not reach the end yet"}` + (r.walk.end === "G" ? ` in ${r.walk.path.length - 1} steps.` : ".");
      demo.result("walkEnd", String(r.walk.end ?? null));
      demo.result("episodes", String(r.episode));
      if (returns.length >= limit) {
        limit += EPISODES;
        demo.root.dataset.state = "done";
        setPlaying(false);
      }
    }
  } catch (error) {
    $("phase").textContent = `${error.name}: ${error.message}`;
    setPlaying(false);
  } finally {
    busy = false;
  }
}

function drawGrid(result) {
  const grid = $("grid");
  const cols = layout[0].length;
  grid.style.gridTemplateColumns = `repeat(${cols}, minmax(0, 1fr))`;
  const stage = grid.closest(".stage"); // the embed view sizes the grid, its caption and tools by its shape (demo.css)
  stage.style.setProperty("--cols", cols);
  stage.style.setProperty("--rows", layout.length);
  grid.innerHTML = "";
  const onPath = new Set(result && result.walk ? result.walk.path : []);
  const values = result ? result.values : null;
  const scale = values ? Math.max(1e-9, ...values.map(Math.abs)) : 1;
  layout.forEach((row, r) => row.forEach((char, c) => {
    const s = r * cols + c;
    const cell = document.createElement("button");
    cell.type = "button";
    cell.dataset.testid = `cell-${r}-${c}`;
    cell.style.cssText = "aspect-ratio:1;padding:0;font-size:clamp(0.6rem,2.2vw,0.95rem);line-height:1.1;border-radius:4px;border:1px solid #ccc;" +
      "display:flex;flex-direction:column;align-items:center;justify-content:center;min-width:0";
    let label = "";
    if (char === "#") {
      cell.style.background = "#444";
      label = "wall";
    } else if (char === "G" || char === "X") {
      cell.style.background = char === "G" ? "#009E73" : "#D55E00";
      cell.style.color = "#fff";
      cell.innerHTML = `<strong>${char}</strong>`;
      label = char === "G" ? "goal" : "cliff";
    } else {
      const v = values ? values[s] : 0;
      cell.style.background = rgbCss(diverging(v / scale));
      const arrow = result && result.policy[s] >= 0 ? ARROWS[result.policy[s]] : "";
      cell.innerHTML = `<span style="font-size:1.3em">${char === "S" ? "S" : ""}${arrow}</span>` +
        (values ? `<span style="font-size:0.75em">${v.toFixed(2)}</span>` : "");
      label = `${char === "S" ? "start, " : ""}value ${values ? v.toFixed(2) : "not computed"}`;
    }
    if (onPath.has(s)) cell.style.outline = "3px solid #000";
    cell.setAttribute("aria-label", `row ${r + 1}, column ${c + 1}: ${label}`);
    cell.addEventListener("click", () => edit(r, c));
    grid.append(cell);
  }));
}

function edit(r, c) {
  if (tool === "S") layout.forEach((row) => row.forEach((ch, j, arr) => { if (ch === "S") arr[j] = "."; }));
  else if (layout[r][c] === "S") return; // keep exactly one start: move it with the start tool
  layout[r][c] = tool;
  const url = new URL(location.href);
  url.searchParams.set("map", layout.map((row) => row.join("")).join("/"));
  history.replaceState(null, "", url);
  drawGrid(null);
  restart();
}

main().catch((error) => {
  demo.status(`${error.name}: ${error.message}`, "error");
  demo.root.dataset.state = "error";
});
