"""The playground's Python panel really reproduces the page's experiment.

For several configurations (a URL query, as a shared link gives it), the page's own modules
(run with Node.js through tests/js/codegen_cli.mjs) write the data request and the whole
program. The data comes from the bridge's ``data`` call, exactly as the page asks for it;
the model trains through the bridge's create/step calls, as the page trains it; then the
generated program runs in a separate CPython process, and both must predict the same.
"""

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import numpy as np
import pytest

import pyml

ROOT = Path(__file__).resolve().parent.parent

bridge = pytest.importorskip("pyml.web.bridge")
features = pytest.importorskip("pyml.web.features")

CSV = "height,weight,label\n1.0,2.0,0\n1.5,1.8,0\n0.7,2.4,0\n1.2,2.2,0\n0.9,1.7,0\n" \
      "3.0,0.5,1\n3.4,0.2,1\n2.8,0.9,1\n3.1,0.4,1\n3.6,0.7,1\n"

CONFIGS = [
    "dataset=spiral&model=mlp&hidden_layer_sizes=4,3&n_epochs=40&features=x1,x2,x1*x2,sin(x1)"
    "&added=1.5,-2,1;0.25,0.5,0&removed=3,17",
    "dataset=moons&model=svm&C=3&gamma=0.3&seed=7",
    "dataset=tshirts&model=logistic&solver=lbfgs&n_iter=200&test=30",
    "dataset=line&model=linear&features=x1,x1^2&n_iter=300&learning_rate=0.1&added=0.5,9,9",
    "dataset=housing&model=linear&solver=normal&l2=0.1",
    "dataset=plane&model=tree&max_depth=3&min_samples_leaf=2",
    "dataset=blobs&classes=3&model=kmeans&n_clusters=3&seed=4",
    "dataset=circles&model=knn&n_neighbors=7&weights=distance&test=0",
    "dataset=csv&csv=" + quote(CSV) + "&model=nb&test=30",
    "dataset=blobs&model=anomaly&epsilon=0.003",
    "dataset=housing&model=pca&n_components=2",
    "dataset=xor&model=mlp&hidden_layer_sizes=&optimizer=sgd&features=x1*x2&n_epochs=30",
]


def call(type, payload):
    reply = bridge.handle(type, payload)
    assert reply["ok"], reply.get("error")
    return reply["result"]


def run_program(code):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr + "\n---\n" + code
    return done.stdout


@pytest.mark.parametrize("query", CONFIGS, ids=[q.split("&model=")[1].split("&")[0] + ":" + q.split("&")[0] for q in CONFIGS])
def test_generated_program_predicts_what_the_page_predicts(query, page_modules):
    first = page_modules({"query": query})
    assert first["notices"] == [], first["notices"]

    # The page makes its data with the bridge's `data` call.
    base = call("data", first["dataRequest"])
    rows = base["X_test"] if base["X_test"] else base["X"][:10]

    setup = page_modules({"query": query, "base": base, "predict": rows})
    config, data = setup["config"], setup["data"]

    # The page trains the model step by step, as its run loop does.
    session = call("create", {"model": config["model"], "params": config["params"], "data": data})["session"]
    frame = call("step", {"session": session, "max_steps": 100000})
    assert frame["done"]
    if config["task"] == "decomposition":
        model = pyml.load(call("save", {"session": session})["text"])
        page_out = model.transform(np.array(rows, dtype=float))
    else:
        page_out = call("predict", {"session": session, "X": rows})["y"]
    call("dispose", {"session": session})

    code = setup["code"]
    method = "transform" if config["task"] == "decomposition" else "predict"
    inputs = "features(X_new)" if "def features(" in code else "X_new"
    code += "\nimport json\nimport numpy as np\nprint('JSON', json.dumps(np.asarray(model.%s(%s)).tolist()))\n" % (
        method, inputs)
    out = run_program(code)
    line = [line for line in out.splitlines() if line.startswith("JSON ")][-1]
    program_out = json.loads(line[5:])

    if config["task"] in ("classification", "clustering", "anomaly"):
        assert [str(v) for v in program_out] == [str(v) for v in page_out] or program_out == page_out
    else:
        np.testing.assert_allclose(np.asarray(program_out, float), np.asarray(page_out, float), rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("query", [q for q in CONFIGS if "n_epochs" in q or "n_iter" in q])
def test_a_run_stopped_at_its_count_by_the_page_is_the_programs_run(query, page_modules):
    """The page creates the model with the largest count its table allows and stops the run at
    the count the user chose (so that Train more can go on with the same model): that run is the
    one the program's fit makes, step for step."""
    first = page_modules({"query": query})
    base = call("data", first["dataRequest"])
    rows = base["X_test"] if base["X_test"] else base["X"][:10]
    setup = page_modules({"query": query, "base": base, "predict": rows})
    config, data = setup["config"], setup["data"]
    name = "n_epochs" if "n_epochs" in config["params"] else "n_iter"
    count = config["params"][name]
    exact = call("create", {"model": config["model"], "params": config["params"], "data": data})["session"]
    exact_frame = call("step", {"session": exact, "max_steps": 100000})
    opened = call("create", {"model": config["model"], "params": dict(config["params"], **{name: 100000}),
                             "data": data})["session"]
    stopped = call("step", {"session": opened, "max_steps": count})
    assert stopped["iteration"] == exact_frame["iteration"] <= count
    assert stopped["done"] == (exact_frame["iteration"] < count)  # a converged run ends the same way
    assert stopped["loss"] == exact_frame["loss"]
    assert call("predict", {"session": opened, "X": rows}) == call("predict", {"session": exact, "X": rows})


def program_problems(code):
    """What ruff finds in a generated program: unused imports, lines over 88 characters."""
    ruff = shutil.which("ruff") or None
    command = [ruff] if ruff else [sys.executable, "-m", "ruff"]
    done = subprocess.run(command + ["check", "--isolated", "--select", "F,E501", "--line-length", "88",
                                     "--output-format", "concise", "-"],
                          input=code, capture_output=True, text=True, timeout=60)
    if done.returncode not in (0, 1):
        pytest.skip("ruff is not available: %s" % done.stderr[:200])
    return [line for line in done.stdout.splitlines() if line.startswith("-:")]


@pytest.mark.parametrize("query", CONFIGS, ids=[str(i) for i in range(len(CONFIGS))])
def test_programs_import_only_what_they_use_and_keep_to_88_columns(query, page_modules):
    result = page_modules({"query": query})
    for code in (result["code"],):
        problems = program_problems(code)
        # A CSV row is the user's data, kept as it is, however long.
        problems = [p for p in problems if not ("E501" in p and "CSV" in query)]
        assert problems == [], "\n".join(problems) + "\n---\n" + code


def test_program_reads_as_python_3_8_and_names_the_model(page_modules):
    setup = page_modules({"query": CONFIGS[0]})
    tree = ast.parse(setup["code"], feature_version=(3, 8))
    assert "pyml.MLPClassifier(\n    hidden_layer_sizes=(4, 3),\n" in setup["code"]
    assert "pip install the pyml-playground wheel" in setup["code"]
    assert any(isinstance(node, ast.FunctionDef) and node.name == "features" for node in tree.body)


def test_the_pages_input_features_are_the_bridges(page_modules):
    """One table of features in the page (web/js/features.js), the same names, in the same order,
    as the feature map the bridge computes them with."""
    assert page_modules({"features": True}) == list(features.FEATURES)


def test_tampered_links_are_ignored_with_notices(page_modules):
    query = (
        "model=%3Cscript%3Ealert(1)%3C%2Fscript%3E&n=-5&test=250&seed=1e400&dataset=spiral"
        "&hidden_layer_sizes=-3&features=x1,__import__('os')&showTest=yes&foo=bar"
        "&added=1,2,0;1,2,%3Cb%3E&learning_rate=NaN"
    )
    result = page_modules({"query": query})
    state, notices = result["state"], result["notices"]
    assert state["model"] == "mlp" and state["n"] is None and state["test"] == 20 and state["seed"] == 1
    assert state["features"] == ["x1", "x2"] and state["added"] == [] and state["showTest"] is False
    assert state["params"] == {}
    assert len(notices) == 10, notices
    assert any("<script>" in n and "expected one of" in n for n in notices)
    assert any(n.startswith('Ignored "foo=bar": unknown setting') for n in notices)


def test_csv_text_stays_a_string_in_the_program(tmp_path, page_modules):
    sentinel = tmp_path / "ran"
    evil = '1,2,0\n3,4,1\n"""\nopen(%r, "w")\n"""' % str(sentinel)
    result = page_modules({"query": "dataset=csv&model=logistic&csv=" + quote(evil)})
    tree = ast.parse(result["code"])
    assigned = [node for node in tree.body if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "CSV"]
    assert assigned and isinstance(assigned[0].value, ast.Constant) and assigned[0].value.value == evil.strip()
    for reply in (bridge.handle("run", {"code": result["code"]}), bridge.handle("data", result["dataRequest"])):
        assert not reply["ok"] and reply["error"]["name"] == "ValueError" and "CSV line 3" in reply["error"]["message"]
    assert not sentinel.exists()
