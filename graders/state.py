"""The student's progress, kept in one small file: ``.gradwork/state.json``.

It records which hint tiers were shown and the last full result of each
exercise (status, score, one-line message, and a digest of the file that was
graded, so ``gradwork list`` can say when a file changed since). Deleting it is
always safe: it only forgets hints and the cached statuses. The session
(:mod:`graders.session`) is what reads and writes it; the commands go through
the session.

A hint tier counts as shown once the student has seen it, whether
``gradwork hint`` printed it or a report did (a failing report shows the tier
the student has reached, the first one before any were asked for).
A damaged file is set aside (renamed), never a reason to fail.

The same folder keeps ``backups/``: the student's own versions of exercise
files, saved before anything replaced them (``gradwork reset``, ``gradwork dev
stubs --force``). Those are not cache; a README there says so.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

from .i18n import _

FOLDER = ".gradwork"
FILE = "state.json"


class State:
    def __init__(self, root: Path):
        self.path = Path(root) / FOLDER / FILE
        self.data = self._read()

    def _read(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                return data
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            pass
        kept = self.path.with_suffix(f".damaged-{int(time.time())}.json")
        try:  # keep the damaged file for inspection, start afresh, and say so once
            self.path.rename(kept)
        except OSError:
            return {}
        print(_("gradwork: warning: {file} was damaged and is kept as {kept}; starting afresh (the hints you saw and your last grades are forgotten, your exercises are untouched)").format(
            file=f"{FOLDER}/{FILE}", kept=f"{FOLDER}/{kept.name}"), file=sys.stderr)
        return {}

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        gitignore = self.path.parent / ".gitignore"
        if not gitignore.exists():
            gitignore.write_text("*\n")
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".state-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(self.data, handle, indent=2, sort_keys=True)
        os.replace(tmp, self.path)

    # -- hints ------------------------------------------------------------
    def hints_shown(self, exercise_id: str) -> int:
        return int(self.data.get("hints", {}).get(exercise_id, 0))

    def saw_hint(self, exercise_id: str, tier: int) -> bool:
        """Record that tier ``tier`` (1-based) was shown; True when that is news."""
        if tier <= self.hints_shown(exercise_id):
            return False
        self.data.setdefault("hints", {})[exercise_id] = tier
        return True

    def show_next_hint(self, exercise_id: str, available: int) -> int:
        """Advance to the next tier (stays on the last one); returns its index."""
        shown = self.hints_shown(exercise_id)
        index = min(shown, available - 1)
        self.data.setdefault("hints", {})[exercise_id] = min(shown + 1, available)
        return index

    # -- results ------------------------------------------------------------
    def record(self, exercise_id: str, status: str, score: float, max_score: float, *, message: str | None = None, digest: str | None = None) -> None:
        entry = self.data.setdefault("exercises", {}).setdefault(exercise_id, {})
        entry.update(status=status, score=score, max_score=max_score, at=time.strftime("%Y-%m-%dT%H:%M:%S"))
        for key, value in (("message", message), ("digest", digest)):
            if value is None:
                entry.pop(key, None)
            else:
                entry[key] = value
        if status == "passed":
            entry.setdefault("passed_at", entry["at"])

    def remember(self, exercises, digests: dict | None = None) -> None:
        """Record these (full) exercise results and save them; ``digests`` maps an
        exercise id to the digest of the file that was graded (:func:`file_digest`)."""
        digests = digests or {}
        for exercise in exercises:
            self.record(exercise.id, exercise.status, exercise.score, exercise.max_score, message=exercise.message, digest=digests.get(exercise.id))
        self.save_quietly()

    def save_quietly(self) -> None:
        """Save, but a read-only checkout only means nothing is remembered."""
        try:
            self.save()
        except OSError:
            pass

    def status(self, exercise_id: str) -> dict:
        return self.data.get("exercises", {}).get(exercise_id, {})

    def ever_passed(self, exercise_id: str) -> bool:
        return "passed_at" in self.status(exercise_id)


def file_digest(path: Path) -> str | None:
    """A short digest of a file's bytes (None when it cannot be read)."""
    import hashlib

    try:
        return hashlib.blake2b(Path(path).read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return None


def backup_file(root: Path, path: Path, *, label: str = "") -> Path:
    """Copy ``path`` to ``.gradwork/backups/<name>-<timestamp><label>.py``; returns the copy.

    Used before anything replaces a file the student may have edited.
    """
    folder = Path(root) / FOLDER / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    readme = folder / "README.txt"
    if not readme.exists():
        readme.write_text(
            _("Your own versions of exercise files, saved by gradwork before it replaced them\n"
              "(gradwork reset, gradwork dev stubs --force). Named <exercise>-<date>-<time>.py.\n"
              "To get one back: cp .gradwork/backups/<file> exercises/<exercise>.py\n"
              "../state.json is safe to delete; these files are not: they are your work.\n"),
            encoding="utf-8",
        )
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = folder / f"{path.stem}-{stamp}{label}{path.suffix}"
    counter = 1
    while target.exists():
        target = folder / f"{path.stem}-{stamp}{label}-{counter}{path.suffix}"
        counter += 1
    target.write_bytes(path.read_bytes())
    return target
