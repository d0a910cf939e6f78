// A command-line window on the page's pure modules, for tests/test_codegen.py and tests/test_model_table.py:
// reads {query, base?, predict?} as JSON on stdin and prints what the page would do with it:
// the parsed state and notices, the generated program, the data request, the create config
// and (given the base data the data request made) the data the page would send.
// {models: true} prints the model table, {features: true} the list of input features.

import { parseState } from "../../web/js/state.js";
import { generateCode, sessionConfig } from "../../web/js/codegen.js";
import { dataRequest, editedData, guessTask, sessionDataOf } from "../../web/js/data.js";
import { MODELS, applies } from "../../web/js/models.js";
import { FEATURES } from "../../web/js/features.js";

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  if (request.features) {
    process.stdout.write(JSON.stringify(FEATURES));
    return;
  }
  if (request.models) {
    process.stdout.write(JSON.stringify(modelTable()));
    return;
  }
  const { state, notices } = parseState(request.query || "");
  let csvInfo = null;
  if (request.base) {
    const dims = request.base.X.length ? request.base.X[0].length : 2;
    csvInfo = { dims, task: guessTask(request.base.y) };
  }
  const out = { state, notices, dataRequest: dataRequest(state) };
  out.config = sessionConfig(state, csvInfo);
  out.code = generateCode(state, csvInfo, request.predict ? { predict: request.predict } : {});
  if (request.base) {
    const base = { ...request.base, dims: csvInfo.dims };
    const supervised = ["classification", "regression"].includes(out.config.task);
    out.data = sessionDataOf(editedData(base, state), out.config.features, supervised);
  }
  process.stdout.write(JSON.stringify(out));
});

// The model table as data: each control's spec without its `when` function, and instead the
// pyml classes it is shown for (some choice of the model's selects shows it for that task).
function modelTable() {
  return Object.fromEntries(Object.entries(MODELS).map(([key, m]) => {
    const choices = selectChoices(m.params);
    const params = m.params.map(({ when, ...spec }) => ({
      ...spec,
      shownFor: Object.entries(m.tasks)
        .filter(([task]) => choices.some((values) => applies({ when }, values, task)))
        .map(([, cls]) => cls),
    }));
    return [key, { label: m.label, tasks: m.tasks, params }];
  }));
}

// Every combination of the values the model's selects offer.
function selectChoices(params) {
  let combos = [{}];
  for (const p of params.filter((q) => q.type === "enum")) {
    combos = combos.flatMap((c) => p.values.map((v) => ({ ...c, [p.name]: v })));
  }
  return combos;
}
