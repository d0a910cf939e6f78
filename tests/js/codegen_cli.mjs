// A command-line window on the page's pure modules, for tests/test_codegen.py:
// reads {query, base?, predict?} as JSON on stdin and prints what the page would do with it:
// the parsed state and notices, the generated program, the data request, the create config
// and (given the base data the data request made) the data the page would send.

import { parseState } from "../../web/js/state.js";
import { generateCode, sessionConfig } from "../../web/js/codegen.js";
import { dataRequest, editedData, guessTask, sessionDataOf } from "../../web/js/data.js";
import { MODELS } from "../../web/js/models.js";
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
    const table = Object.fromEntries(Object.entries(MODELS).map(([key, m]) => [key, {
      classes: Object.values(m.tasks), params: m.params.map((p) => p.name),
    }]));
    process.stdout.write(JSON.stringify(table));
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
