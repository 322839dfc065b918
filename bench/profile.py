"""Where does a course run's time go? The part no engine can remove: the reference's own work.

    python bench/profile.py [--min-examples 100] [--strength public] [--json]

Reads the replay recordings of every exercise of course.toml (recording them first,
with one `gradwork check --target solutions`, when there are none), and for every
recorded call of every property, in this process, with no sandbox and no pipes:

  reference   the reference solution called on the recorded arguments
  protocol    what the worker does around that call at the least: decode the
              arguments, encode the result, pack the reply frame, check that
              the arguments were left alone

It prints both per exercise, at the course's example counts and extrapolated
(linearly, per property) to at least --min-examples examples per property (a
property of one fixed case stays one), with
the floor `python -c "import numpy, hypothesis"` and two lower bounds on a whole
course's check, as ratios to the floor: the reference's work alone, and with the
protocol's, each spread perfectly over the machine's cores (`gradwork check` runs
one exercise per core), plus the floor itself, which every run pays first.
A real run pays more (start-up, the trusted side's checks, the worker's scaffolding,
a student's slower code), so a bound above a target says no engine meets that target
at that example count on this machine. A measurement, not a test: it exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from graders.course import load_course  # noqa: E402
from graders.engine import loading, replay  # noqa: E402
from graders.engine.properties import collect  # noqa: E402
from graders.sandbox import protocol  # noqa: E402

FLOOR = [sys.executable, "-c", "import numpy, hypothesis"]


def floor_seconds(runs: int = 5) -> float:
    subprocess.run(FLOOR, check=True)  # untimed: the first start reads the files from disk
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(FLOOR, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def recordings(course, exercise_id: str, strength: str) -> dict:
    folder = replay.cache_dir(course)
    if folder is None:
        raise SystemExit("profile: the replay cache is off (GRADWORK_CACHE=off): there is nothing recorded to read")
    key = replay.fingerprint(course, strength)
    path = replay._path(folder, exercise_id, strength, key)
    if not path.is_file():
        command = [sys.executable, "-m", "graders", "check", "--target", "solutions", "--format", "json"]
        subprocess.run(command, cwd=ROOT, capture_output=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    found = replay.load(path, key)
    if found is None:
        raise SystemExit(f"profile: no recording of {exercise_id} at {path} (did `gradwork check --target solutions` pass?)")
    return found


DECODE_REQUEST = protocol.request_decoder(make_generator=np.random.default_rng)


def measure_call(module, call, resolve) -> tuple[float, float]:
    """(reference seconds, protocol seconds) of one recorded call, and of its repeat."""
    reference = work = 0.0
    for _ in range(2 if call.repeat else 1):
        started = time.perf_counter()
        made: list = []
        request = protocol.Request(call.request.data.decode(), call.request.payloads)
        args, kwargs = DECODE_REQUEST(request, resolve_function=resolve, record=made)  # as the worker reads a request
        called = time.perf_counter()
        result = getattr(module, call.function)(*args, **kwargs)
        returned = time.perf_counter()
        tree, payloads = protocol.encoded(result)
        protocol.pack({"replies": [{"result": tree, "warnings": [], "aliases": []}]}, payloads)
        # Were the arguments left alone? As the worker asks it: from what decode made, else by encoding.
        protocol.untouched(made) or protocol.encodes_as([list(args), kwargs], request.tree, call.request.payloads)
        reference += returned - called
        work += (called - started) + (time.perf_counter() - returned)
    return reference, work


def profile(course, strength: str, minimum: int) -> dict:
    import importlib

    sys.path.insert(0, str(Path(course.solutions_dir).parent))
    lib = {name: protocol.lib_function(name) for name in protocol.LIB_FUNCTIONS}
    rows = {}
    for exercise_id in course.ids():
        module = importlib.import_module(f"{Path(course.solutions_dir).name}.{exercise_id}")

        def resolve(name, module=module):
            kind, _, attr = name.partition(":")
            return getattr(module, attr) if kind == "student" else lib[attr]

        # A property of one fixed case (max_examples=1, or one that draws nothing and so
        # runs once: train on XOR, fit the post's line) has nothing to draw more of.
        fixed = {prop.key for prop in collect(loading.load("properties", course.properties_dir, exercise_id)) if prop.max_examples <= 1}
        row = Counter()
        for key, examples in recordings(course, exercise_id, strength).items():
            spent = Counter()
            for example in examples:
                for call in example.calls:
                    reference, work = measure_call(module, call, resolve)
                    spent["reference"] += reference
                    spent["protocol"] += work
                    spent["calls"] += 2 if call.repeat else 1
            scale = 1.0 if key in fixed or len(examples) <= 1 else max(1.0, minimum / max(1, len(examples)))  # this property at >= minimum examples
            row["properties"] += 1
            row["below"] += len(examples) < minimum
            row["examples"] += len(examples)
            row["examples_min"] += round(len(examples) * scale)
            for name in ("calls", "reference", "protocol"):
                row[name] += spent[name]
                row[f"{name}_min"] += spent[name] * scale
        rows[exercise_id] = dict(row)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--min-examples", type=int, default=100, help="extrapolate every property to at least this many examples (default 100)")
    parser.add_argument("--strength", choices=("public", "hidden"), default="public")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    course = load_course(ROOT)
    floor = floor_seconds()
    rows = profile(course, args.strength, args.min_examples)
    cores = min(2, os.cpu_count() or 1)  # gradwork check's default --jobs
    totals = Counter()
    for row in rows.values():
        totals.update(row)
    bounds = {}
    for suffix, label in (("", "course's counts"), ("_min", f">= {args.min_examples} examples")):
        alone = floor + totals[f"reference{suffix}"] / cores
        bounds[label] = {"reference_alone": alone / floor,
                         "with_protocol": (alone + totals[f"protocol{suffix}"] / cores) / floor}
    if args.json:
        print(json.dumps({"floor": floor, "cores": cores, "min_examples": args.min_examples, "exercises": rows, "bounds": bounds}, indent=2))
        return 0
    n = args.min_examples
    print(f"{'exercise':22s} {'props':>5s} {'<' + str(n):>5s} {'examples':>8s} {'calls':>6s} {'ref s':>7s} {'proto s':>7s}   "
          f"{'examples':>8s} {'calls':>6s} {'ref s':>7s} {'proto s':>7s}  (at >= {n})")
    for exercise_id, row in [*rows.items(), ("all", totals)]:
        print(f"{exercise_id:22s} {row['properties']:5d} {row['below']:5d} {row['examples']:8d} {row['calls']:6d} {row['reference']:7.3f} "
              f"{row['protocol']:7.3f}   {row['examples_min']:8d} {row['calls_min']:6.0f} {row['reference_min']:7.3f} {row['protocol_min']:7.3f}")
    print(f"\nfloor (import numpy, hypothesis): {floor:.3f} s; cores used by gradwork check: {cores}")
    print("lower bounds on the whole course's check, as ratios to the floor (the floor, then the work spread over the cores):")
    for label, bound in bounds.items():
        print(f"  at the {label:22s} reference alone {bound['reference_alone']:5.2f}x   with the protocol {bound['with_protocol']:5.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
