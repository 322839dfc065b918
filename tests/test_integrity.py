"""Score integrity: the same submission gets the same JSON whatever --jobs and
order; a grader bug is exit 3 and never counted; rules earn points only with
right values; bad --output and isolation requests are one-line usage errors."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from graders.course import load_course

from .conftest import ROOT, cli_env, comparable, failing, grade_source, make_target, run_cli, solution_with

# One worker builds this module's shared fixtures once (pytest -n 2 --dist loadgroup).
pytestmark = pytest.mark.xdist_group("integrity")

FAKE = Path(__file__).parent / "fake_course"

# Wrong (and a few odd) versions, one per exercise, the way students write them.
WRONG = {
    "zeros_init": "def init_zeros(n_in, n_out):\n    return np.zeros((n_out, n_in)), np.zeros(n_out)\n",
    "forward_pass": "def sigmoid(z):\n    return 1 / (1 + np.exp(-z + 1e-3 * (hash('seed') % 3)))\n",
    "broadcasting": "def column_percentages(A):\n    return 100 * A / A.sum(axis=1, keepdims=True)\n",
    "cost_function": "def mse(y_pred, y):\n    return float(np.mean(y_pred - y) ** 2)\n",
    "vectorized_gradients": "def predict(w, b, X):\n    return (1 / (1 + np.exp(-(w.T @ X + b))) >= 0.5).astype(float)\n",
}


@pytest.fixture(scope="session")  # built once per worker (see tests/conftest.py)
def wrong_target(tmp_path_factory, course):
    tmp = tmp_path_factory.mktemp("wrong")
    return make_target(tmp, course, {exercise_id: solution_with(course, exercise_id, code) for exercise_id, code in WRONG.items()})


@pytest.mark.slow
def test_jobs_and_order_do_not_change_the_grade(wrong_target, course):
    ids = [i for i in course.ids() if i in ("zeros_init", "forward_pass", "broadcasting", "cost_function")]
    runs = {
        "jobs 1": run_cli("check", *ids, "--target", wrong_target, "--format", "json", "--jobs", "1"),
        "jobs 2": run_cli("check", *ids, "--target", wrong_target, "--format", "json", "--jobs", "2"),
        "reversed": run_cli("check", *reversed(ids), "--target", wrong_target, "--format", "json", "--jobs", "2"),
    }
    reports = {}
    for name, proc in runs.items():
        assert proc.returncode == 1, (name, proc.stderr[-2000:])
        report = comparable(json.loads(proc.stdout))
        report["exercises"] = sorted(report["exercises"], key=lambda e: ids.index(e["id"]))
        reports[name] = report
    assert all(e["status"] == "failed" for e in reports["jobs 1"]["exercises"]), [e["message"] for e in reports["jobs 1"]["exercises"]]
    assert reports["jobs 1"] == reports["jobs 2"] == reports["reversed"]
    # The reversed run lists the exercises in the order it was asked for.
    assert [e["id"] for e in json.loads(runs["reversed"].stdout)["exercises"]] == list(reversed(ids))


def test_a_grader_bug_is_exit_3_and_never_counted(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(FAKE, course)
    broken = "\n\n@prop(\"a property with a bug\", function=\"double\")\n@given(x=xs)\ndef buggy(student, reference, x):\n    student.double(x)\n    return {}['no such key']\n"
    with open(course / "properties" / "arith.py", "a") as handle:
        handle.write(broken)
    proc = run_cli("--course", course, "check", "arith", "--target", course / "solutions", "--format", "json")
    assert proc.returncode == 3, proc.stderr
    arith = json.loads(proc.stdout)["exercises"][0]
    bug = next(p for p in arith["properties"] if p["name"] == "a property with a bug")
    assert bug["status"] == "error" and bug["problem"] == "grader"
    assert "not your fault" in bug["message"] and "KeyError" in bug["message"]
    assert arith["score"] == arith["max_score"], "a grader bug cost the student points"


def test_a_broken_reference_is_a_grader_problem(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(FAKE, course)
    (course / "solutions" / "arith.py").write_text("raise RuntimeError('the reference is broken')\n")
    proc = run_cli("--course", course, "check", "arith", "sibling", "--target", FAKE / "solutions", "--format", "json")
    assert proc.returncode == 3, proc.stderr
    arith, sibling = json.loads(proc.stdout)["exercises"]
    assert arith["status"] == "error" and arith["problem"] == "grader" and "not your fault" in arith["message"]
    assert sibling["status"] == "passed"


def test_return_zero_earns_nothing_from_rules(tmp_path, course):
    zeros = "import numpy as np\n\n" + "".join(f"def {f}(*args, **kwargs):\n    return 0\n\n" for f in course.get("broadcasting").functions)
    target = make_target(tmp_path, course, {"broadcasting": zeros})
    proc = run_cli("check", "broadcasting", "--target", target, "--format", "json")
    exercise = json.loads(proc.stdout)["exercises"][0]
    assert exercise["score"] == 0.0, exercise
    rules = [p for p in exercise["properties"] if p["kind"] == "rule"]
    assert rules and all(p["status"] == "skipped" for p in rules)
    assert "values are right" in rules[0]["message"]


@pytest.mark.parametrize("make", ["dir", "fifo", "symlink"])
def test_odd_output_path_is_a_usage_error(tmp_path, make):
    out = tmp_path / "results.json"
    if make == "dir":
        out.mkdir()
    elif make == "fifo":
        os.mkfifo(out)
    else:
        (tmp_path / "elsewhere.json").write_text("keep me")
        out.symlink_to(tmp_path / "elsewhere.json")
    proc = run_cli("--course", FAKE, "check", "sibling", "--target", FAKE / "solutions", "--format", "json", "--output", out, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and "--output" in proc.stderr
    if make == "symlink":
        assert (tmp_path / "elsewhere.json").read_text() == "keep me"


def test_output_is_written_atomically(tmp_path):
    out = tmp_path / "deep" / "results.json"
    proc = run_cli("--course", FAKE, "check", "sibling", "--target", FAKE / "solutions", "--format", "gradescope", "--output", out, "--allow-weak-isolation")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_text())["score"] == 4.0
    assert [p.name for p in out.parent.iterdir()] == ["results.json"], "a temporary file was left behind"


def test_missing_isolation_level_is_a_one_line_usage_error(tmp_path):
    proc = run_cli("--course", FAKE, "check", "sibling", "--target", FAKE / "solutions", "--isolation", "strong", env=cli_env(GRADWORK_BWRAP=str(tmp_path / "no-bwrap")))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "bubblewrap" in proc.stderr and "apt-get install bubblewrap" in proc.stderr


def test_the_early_probe_answers_as_the_probe_does(monkeypatch):
    """The command line starts the strong level's probe before it reads its arguments
    (isolation.probe_soon); the answer is the one missing() gives without it, a
    failure's reason included, and a run that never asks leaves no process behind."""
    import tempfile

    from graders.sandbox import isolation

    folder = Path(tempfile.mkdtemp(prefix="gw-fake-bwrap-"))  # as root, the probe runs as a worker uid: it must reach this
    folder.chmod(0o755)
    fake = folder / "bwrap"
    fake.write_text('#!/bin/sh\necho "bwrap: no namespaces in this test" >&2\nexit 1\n')
    fake.chmod(0o755)
    monkeypatch.setenv("GRADWORK_BWRAP", str(fake))

    def forget():
        isolation._missing.cache_clear()
        isolation._probed.clear()

    try:
        answers = []
        for early in (False, True):
            forget()
            if early:
                isolation.probe_soon()
                assert len(isolation._early_probe) == 1
            answers.append(isolation.missing("strong"))
            assert isolation._early_probe == []
        assert answers[0] == answers[1] and "no namespaces in this test" in answers[0]
        forget()
        isolation.probe_soon("basic")  # another level asked for, on the line or in the environment: no probe
        monkeypatch.setenv("GRADWORK_ISOLATION", "uid")
        isolation.probe_soon()
        assert isolation._early_probe == []
        monkeypatch.delenv("GRADWORK_ISOLATION")
        isolation.probe_soon()
        process = isolation._early_probe[0]
        isolation._forget_probe()
        assert isolation._early_probe == [] and process.returncode is not None
    finally:
        forget()
        shutil.rmtree(folder)


def test_graded_formats_refuse_weak_isolation(tmp_path):
    proc = run_cli("--course", FAKE, "check", "sibling", "--target", FAKE / "solutions", "--format", "junit", "--isolation", "basic")
    assert proc.returncode == 2
    assert "--allow-weak-isolation" in proc.stderr and proc.stderr.count("\n") == 1
    allowed = run_cli("--course", FAKE, "check", "sibling", "--target", FAKE / "solutions", "--format", "junit", "--isolation", "basic", "--allow-weak-isolation")
    assert allowed.returncode == 0, allowed.stderr
    assert "<testsuites" in allowed.stdout and "warning: isolation 'basic'" in allowed.stderr


def test_every_report_records_isolation_and_meta():
    proc = run_cli("--course", FAKE, "check", "sibling", "--target", FAKE / "solutions", "--format", "json")
    report = json.loads(proc.stdout)
    assert report["isolation"] in ("strong", "uid", "basic")
    for key in ("gradwork", "course", "hypothesis", "python", "timestamp"):
        assert report["meta"].get(key), key


def test_a_sandbox_that_cannot_start_is_a_grader_problem(tmp_path):
    """bubblewrap passes its probe but fails for real: exit 3, "not your fault", never the student's 0."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="gw-fake-bwrap-"))  # as root, bubblewrap runs as a worker uid: it must reach this
    folder.chmod(0o755)
    fake = folder / "bwrap"
    fake.write_text('#!/bin/sh\nfor a in "$@"; do [ "$a" = true ] && exec /usr/bin/bwrap "$@"; done\necho "bwrap: simulated failure" >&2\nexit 1\n')
    fake.chmod(0o755)
    proc = run_cli("--course", FAKE, "check", "sibling", "--target", FAKE / "solutions", "--format", "json", "--isolation", "strong", env=cli_env(GRADWORK_BWRAP=str(fake)))
    shutil.rmtree(folder)
    if "needs bubblewrap" in proc.stderr and not os.environ.get("CI"):
        pytest.skip("this machine has no bubblewrap (CI installs it, and there this test must run)")
    assert proc.returncode == 3, proc.stderr
    sibling = json.loads(proc.stdout)["exercises"][0]
    assert sibling["status"] == "error" and sibling["problem"] == "grader"
    assert "simulated failure" in sibling["message"] and "not your fault" in sibling["message"]


@pytest.mark.slow
@pytest.mark.parametrize("level", [level for level in ("strong", "uid", "basic") if __import__("graders.sandbox.isolation", fromlist=["missing"]).missing(level) is None])
@pytest.mark.parametrize("how", ["SIGKILL", "SIGINT"])
def test_no_process_outlives_gradwork(tmp_path, level, how):
    """gradwork killed (or interrupted) in the middle of grading slow code: every
    worker and child goes with it. This process is a subreaper, so an orphan
    would be re-parented here and show up as our child."""
    import signal
    import subprocess
    import sys
    import time

    from .hostile.harness import become_subreaper, children, sandbox_processes

    # The real course's limits let a slow call run for seconds: plenty of time to pull the plug.
    slow = "import time\n\ndef init_zeros(n_in, n_out):\n    time.sleep(2.5)\n    return np.zeros((n_in, n_out)), np.zeros(n_out)\n"
    course = load_course(ROOT)
    target = make_target(tmp_path, course, {"zeros_init": solution_with(course, "zeros_init", slow)})
    become_subreaper()
    existing = children()
    # In a session of its own, with Ctrl-C's default meaning (a shell's background job ignores it).
    launcher = "import signal, runpy; signal.signal(signal.SIGINT, signal.default_int_handler); runpy.run_module('graders', run_name='__main__')"
    proc = subprocess.Popen([sys.executable, "-c", launcher, "check", "zeros_init", "forward_pass", "--target", str(target), "--isolation", level, "--format", "json"],
                            cwd=ROOT, env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    time.sleep(6.0)  # started, forked, workers running and inside the slow call
    assert proc.poll() is None, f"gradwork finished before it could be stopped: {proc.stderr.read()[-1500:]!r}"
    if how == "SIGKILL":
        proc.kill()
    else:
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole foreground group
    proc.wait(timeout=30)
    time.sleep(1.0)
    left = [p for p in sandbox_processes("no-marker", existing) if p[0] != proc.pid]
    for pid, _ in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"left behind after {how}: {left}"
    if how == "SIGINT":
        assert proc.returncode == 130 and b"interrupted" in proc.stderr.read()


def test_version():
    from graders import __version__

    proc = run_cli("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"gradwork {__version__}"


# Randomness drawn without a seed, from every source a student reaches for: each
# would come from the OS and change the report on every run.
UNSEEDED = '''
def he_normal(rng, n_in, n_out):
    return np.random.default_rng().normal(0.0, np.sqrt(2 / n_in), (n_in, n_out))


def uniform_init(rng, n_in, n_out, limit):
    import random
    random.seed()
    return np.array([[random.uniform(-limit, limit) for _ in range(n_out)] for _ in range(n_in)])


def xavier_uniform(rng, n_in, n_out):
    import os
    np.random.seed(int.from_bytes(os.urandom(4), "big"))
    limit = np.sqrt(6 / (n_in + n_out))
    return np.random.uniform(-limit, limit, (n_in, n_out))
'''


def test_unseeded_randomness_gets_the_same_report_on_every_run_and_is_still_named(tmp_path, course):
    source = solution_with(course, "random_init", UNSEEDED)
    reports = []
    for _run in ("first", "second"):  # the same folder: its path is in the report
        reports.append(comparable({"exercises": [grade_source(tmp_path, course, "random_init", source).to_dict()]}))
    assert reports[0] == reports[1], "two runs of the same code gave different reports"
    named = {p["function"]: (p.get("diagnosis") or {}).get("id") for p in reports[0]["exercises"][0]["properties"] if p["status"] == "failed"}
    # The engine's repeat still sees each answer change: the same call draws other numbers.
    for function in ("he_normal", "uniform_init", "xavier_uniform"):
        assert named.get(function) == "check:own-randomness", (function, named)


def test_output_that_floods_in_one_function_costs_only_the_properties_that_print(tmp_path, course):
    # sigmoid prints ~1.4 MB a call: a few calls fill the worker's output file. Once it
    # is full every call of that worker fails, so identity, init_network and dense (which
    # print nothing) were failed as "printed too much" too. forward calls sigmoid: it prints.
    flood = '''
    _sigmoid = sigmoid


    def sigmoid(z):
        for _ in range(2000):
            print("debugging sigmoid " * 40)
        return _sigmoid(z)
    '''
    result = grade_source(tmp_path, course, "forward_pass", solution_with(course, "forward_pass", flood))
    status = {}
    for prop in result.properties:
        status.setdefault(prop.function, set()).add(prop.status)
    # (Their laws wait for their values: skipped, not run.)
    assert status["sigmoid"] <= {"failed", "skipped"} and status["forward"] <= {"failed", "skipped"}, status
    assert "failed" in status["sigmoid"] and "failed" in status["forward"], status
    assert status["identity"] == status["init_network"] == status["dense"] == {"passed"}, status
    assert all("printed too much" in p.message for p in result.properties if p.status == "failed")


def test_a_constant_zero_is_not_named_as_a_mistake_that_answers_almost_zero(tmp_path, course):
    # A gradient check's right answer is ~1e-5; "sums of squares instead of norms" answers
    # ~1e-11. Within a flat 1e-9 that "reproduced" a constant 0.0, and a student who
    # returned 0.0 was told they had summed squares.
    source = solution_with(course, "hidden_layer", "def gradient_check(params, X, Y, grads, epsilon=1e-7):\n    return 0.0\n")
    result = grade_source(tmp_path, course, "hidden_layer", source, functions=["gradient_check"])
    failed = [p for p in result.properties if p.status == "failed"]
    assert failed, "a constant 0.0 passed"
    assert not [p.diagnosis.id for p in failed if p.diagnosis], [p.diagnosis.title for p in failed if p.diagnosis]


def test_a_caller_of_a_failing_function_is_sent_to_it_first(tmp_path, course):
    # Only dense is wrong; the reference forward calls it and fails too. It used to be
    # told it had made dense's mistake itself ("column convention W.T @ a").
    source = solution_with(course, "forward_pass", "def dense(x, W, b, activation):\n    return activation(x @ W.T + b)\n")
    result = grade_source(tmp_path, course, "forward_pass", source)
    forward = [p for p in result.properties if p.function == "forward" and p.status == "failed"]
    assert forward and [p for p in result.properties if p.function == "dense" and p.status == "failed"]
    for prop in forward:
        assert prop.diagnosis is not None and prop.diagnosis.id == "check:calls-failing:dense", prop.diagnosis
        assert "Fix dense first" in prop.diagnosis.advice


def test_a_sibling_imported_without_the_dot_is_found_as_when_run_as_a_script(tmp_path, course):
    # `python exercises/random_init.py` needs `from zeros_init import ...` (no package);
    # the grader accepted only `from .zeros_init import ...` and failed the import.
    source = course.solution_path(course.get("random_init")).read_text() + "\n\nfrom zeros_init import init_zeros as _unused\n"
    result = grade_source(tmp_path, course, "random_init", source)
    assert result.status == "passed", result.message


def test_right_but_for_rounding_is_not_named_as_a_mistake_that_is_nearly_right(tmp_path, course):
    # float32 arithmetic is off by ~1e-7; "eps inside the logs" is off by ~1e-8 on the
    # same inputs and "reproduced" it within the usual tolerance. A named mistake must
    # be closer to the student's answer than the right answer is.
    source = solution_with(course, "cost_function", '''
    def binary_cross_entropy_with_logits(Z, Y):
        Z, Y = Z.astype(np.float32), Y.astype(np.float32)  # "for speed"
        return float(np.mean(np.maximum(Z, 0) - Y * Z + np.log1p(np.exp(-np.abs(Z)))))
    ''')
    result = grade_source(tmp_path, course, "cost_function", source, functions=["binary_cross_entropy_with_logits"])
    failed = [p for p in result.properties if p.status == "failed"]
    assert failed, "float32 rounding passed at rtol 1e-7"
    assert not [p.diagnosis.id for p in failed if p.diagnosis], [p.diagnosis.title for p in failed if p.diagnosis]


def test_a_result_handed_out_again_is_not_called_not_reproducible(tmp_path, course):
    """A cache at module level hands the same dict to the second caller: only a second
    call shows it, so Hypothesis finds the shrunk call passing when made again on its own
    and calls the failure flaky. It is the mistake itself, and the replay shows it."""
    memo = '''
    _made = {}


    def init_network_zeros(layer_sizes):
        key = tuple(layer_sizes)
        if key not in _made:
            params = {}
            for layer in range(1, len(layer_sizes)):
                params[f"W{layer}"], params[f"b{layer}"] = init_zeros(layer_sizes[layer - 1], layer_sizes[layer])
            _made[key] = params
        return _made[key]
    '''
    result = grade_source(tmp_path, course, "zeros_init", solution_with(course, "zeros_init", memo))
    [failure] = failing(result, "init_network_zeros")
    assert "returned result again" in failure.message and "not reproducible" not in failure.message, failure.message
