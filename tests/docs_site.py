"""Build the lesson site once per test session (shared by test_docs and test_browser).

The build is the real command, ``python -m graders docs --build-only --strict``,
into a temporary folder: a broken link or anchor, a missing stub, a worked
example or a figure that raises makes it fail, and the tests show its log.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def need(reason: str):
    """Skip locally, but fail on CI: there the docs and browser tests must run."""
    if on_ci():
        pytest.fail(f"{reason} — CI is set, so this test must run, not skip")
    pytest.skip(reason)


@dataclass
class Build:
    site: Path
    returncode: int
    log: str

    def require_success(self) -> Path:
        if self.returncode != 0:
            pytest.fail(f"`gradwork docs --build-only --strict` failed (exit {self.returncode}):\n{self.log}", pytrace=False)
        return self.site


_cache: dict[str, Build] = {}


def require_docs_extra() -> None:
    try:
        import material  # noqa: F401
        import matplotlib  # noqa: F401
        import mkdocs  # noqa: F401
    except ImportError as exc:
        need(f"the docs extra is not installed ({exc.name}); pip install -e '.[docs]'")


def build(tmp_path_factory) -> Build:
    if "build" not in _cache:
        require_docs_extra()
        site = tmp_path_factory.mktemp("lesson-site") / "site"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
        proc = subprocess.run(
            [sys.executable, "-m", "graders", "docs", "--build-only", "--strict", "--site-dir", str(site)],
            cwd=ROOT, capture_output=True, text=True, timeout=600, env=env,
        )
        _cache["build"] = Build(site, proc.returncode, (proc.stdout + proc.stderr).strip())
    return _cache["build"]
