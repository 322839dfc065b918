"""``gradwork ci init``: a GitHub Actions workflow that grades a student's repository.

The workflow (``.github/workflows/gradwork.yml``) runs on every push and pull
request, and by hand: it installs the course exactly as the README says (the
pinned ``constraints.txt``), grades every exercise into ``gradwork-report.json``
(SPEC §4), writes a Markdown table of the scores and the first failure to the
job's summary, keeps the report as an artifact, and then decides the job's
colour from gradwork's exit status (SPEC §3):

* 0 (every exercise passes): green;
* 1 (some exercise does not pass yet): red by default, so that a student's
  repository shows at a glance whether the work is done; with
  ``--pass-when-incomplete``, green with a notice (for repositories where red
  would only mean "not finished yet");
* 2 (gradwork was called wrongly) and 3 (the grader itself failed): red, and
  the annotation says that a status 3 is not the student's fault.

This module writes text only; nothing here runs on GitHub.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..files import write_atomically
from ..i18n import _
from ..state import backup_file

WORKFLOW = ".github/workflows/gradwork.yml"
REPORT = "gradwork-report.json"
# The Python constraints.txt was resolved for (see its header): other versions
# pin other Hypothesis releases, which draw other examples.
DEFAULT_PYTHON = "3.11"
# The first major versions of GitHub's own actions that run on Node 24 (GitHub's
# runners drop Node 20).
CHECKOUT = "actions/checkout@v5"
SETUP_PYTHON = "actions/setup-python@v6"
UPLOAD_ARTIFACT = "actions/upload-artifact@v6"
REQUIRED = ("pyproject.toml", "constraints.txt")
# What actions/setup-python takes as python-version ("3.11", "3.13.1", "3.x", "3.14-dev",
# "pypy3.10"): letters, digits and . - + * only, so the value cannot end its YAML
# string, start a line, or hold a ${{ }} expression.
PYTHON_VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+*-]{0,31}")


class CiError(Exception):
    """The workflow cannot be written; the message is one line and says what to do."""


@dataclass
class Written:
    path: Path
    backup: Path | None  # the replaced workflow's copy, with --force


TEMPLATE = """\
# Grades this repository with gradwork on every push and pull request.
# Written by `gradwork ci init`; `gradwork ci init --force` writes it again
# (the old one is backed up in .gradwork/backups/).
name: gradwork

on:
  push:
  pull_request:
  workflow_dispatch:

permissions:
  contents: read

defaults:
  run:
    shell: bash

jobs:
  grade:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - name: Check out
        uses: {checkout}

      - name: Set up Python
        uses: {setup_python}
        with:
          python-version: "{python}"
          cache: pip
          cache-dependency-path: constraints.txt

      # Bubblewrap gives gradwork its strongest sandbox. Ubuntu 24.04 forbids
      # unprivileged user namespaces by default, which bubblewrap needs; without
      # them gradwork still grades, with a weaker sandbox and a warning.
      - name: Install bubblewrap
        run: |
          sudo apt-get update -qq
          sudo apt-get install -y -qq bubblewrap
          sudo sysctl -q -w kernel.apparmor_restrict_unprivileged_userns=0 || true

      # The README's install command: the pinned versions grade exactly as on
      # the student's own machine.
      - name: Install the course
        run: pip install -q -c constraints.txt -e .

      # The exit status is kept for the last step, so the summary and the
      # report are written whatever the grade.
      - name: Grade
        id: grade
        run: |
          status=0
          gradwork check --format json --output {report} || status=$?
          echo "status=$status" >> "$GITHUB_OUTPUT"

      - name: Summary
        if: always() && hashFiles('{report}') != ''
        run: gradwork report {report} --format markdown >> "$GITHUB_STEP_SUMMARY"

      - name: Upload the report
        if: always()
        uses: {upload_artifact}
        with:
          name: gradwork-report
          path: {report}
          if-no-files-found: warn

      # 0: every exercise passes; 1: some do not yet; 2: gradwork was called
      # wrongly; 3: the grader itself failed (never the student's fault).
      - name: Verdict
        env:
          STATUS: ${{{{ steps.grade.outputs.status }}}}
        run: |
          case "$STATUS" in
            0) echo "Every exercise passes." ;;
            1) {incomplete} ;;
            2) echo "::error title=gradwork::gradwork could not grade (exit 2); the Grade step's log says why"; exit 1 ;;
            *) echo "::error title=gradwork::the grader itself failed (exit $STATUS) - not your fault; tell your instructor"; exit 1 ;;
          esac
"""

INCOMPLETE_FAILS = 'echo "::error title=gradwork::some exercises do not pass yet; the job summary shows which"; exit 1'
INCOMPLETE_PASSES = 'echo "::notice title=gradwork::some exercises do not pass yet; the job summary shows which"'


def workflow(*, python: str = DEFAULT_PYTHON, pass_when_incomplete: bool = False) -> str:
    """The workflow's text (YAML)."""
    return TEMPLATE.format(
        checkout=CHECKOUT,
        setup_python=SETUP_PYTHON,
        upload_artifact=UPLOAD_ARTIFACT,
        python=python,
        report=REPORT,
        incomplete=INCOMPLETE_PASSES if pass_when_incomplete else INCOMPLETE_FAILS,
    )


def init(root: Path, *, force: bool = False, python: str = DEFAULT_PYTHON, pass_when_incomplete: bool = False) -> Written:
    """Write the workflow into the repository at ``root``; an existing one only with
    ``force``, and then after backing it up."""
    if not PYTHON_VERSION.fullmatch(python or ""):
        raise CiError(_("--python {python}: not a Python version; give one like 3.11 (the version constraints.txt was resolved for) or 3.12").format(python=repr(python)))
    missing = [name for name in REQUIRED if not (root / name).is_file()]
    if missing:
        # TRANSLATORS: joins the names of missing files: "pyproject.toml or constraints.txt"
        files = _(" or ").join(missing)
        raise CiError(_("{root} has no {files}; the workflow installs the course from them — run this in the course's repository").format(root=root, files=files))
    path = root / WORKFLOW
    backup = None
    if os.path.lexists(path):
        if not path.is_file() or path.is_symlink():
            raise CiError(_("{file} exists and is not a regular file; remove it, then run `gradwork ci init` again").format(file=WORKFLOW))
        if not force:
            raise CiError(_("{file} already exists; `gradwork ci init --force` replaces it (after backing it up)").format(file=WORKFLOW))
        backup = backup_file(root, path)
    write_atomically(path, workflow(python=python, pass_when_incomplete=pass_when_incomplete))
    path.chmod(0o644)  # an ordinary file of the repository (the temporary file it was written as is private)
    return Written(path=path, backup=backup)
