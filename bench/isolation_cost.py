"""What isolation costs: a worker's start-up (confined, numpy imported, the
student's module imported, one call answered) at each level this machine offers.

    python bench/isolation_cost.py [--runs 15]

``basic`` is the process isolation gradwork had before the levels existed, so
each level's median is also given as a ratio to it. Run on an idle machine;
this is a measurement, not a test: it never fails, it reports.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    import numpy as np

    from graders.sandbox import isolation
    from graders.sandbox.client import Sandbox

    target = Path(tempfile.mkdtemp(prefix="gw-bench-"))
    (target / "probe.py").write_text("import numpy as np\n\ndef double(x):\n    return 2.0 * x\n")
    medians = {}
    for level in isolation.LEVELS:
        if isolation.missing(level):
            print(f"{level:7s} not available here: {isolation.missing(level)}")
            continue
        warm = Sandbox(target, level=level, first="probe")  # builds the jail once, outside the timing
        warm.start()
        warm.close()
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            sandbox = Sandbox(target, level=level, first="probe")
            sandbox.start()
            sandbox.load("probe")
            sandbox.call("probe", "double", (np.ones(3),))
            times.append(time.perf_counter() - started)
            sandbox.close()
        medians[level] = statistics.median(times)
    base = medians.get("basic")
    for level, median in medians.items():
        ratio = f"{median / base:.2f}x basic" if base else ""
        print(f"{level:7s} start-up median {median * 1000:6.0f} ms  {ratio}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
