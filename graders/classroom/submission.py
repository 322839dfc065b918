"""Finding and staging one submission: the one place that does it.

A submission is a folder or a ``.zip`` file. Its exercise modules (``<id>.py``
for the ids in course.toml) may sit at its top or deeper: Gradescope's
``submission/``, a zip with one top folder, a whole repository with
``exercises/``. :func:`stage` picks the folder that holds the most of them,
copies every module of that folder (so relative imports between them work) into
an empty folder, and returns a :class:`Staged`: where the copy is, which
exercises were found, one line per problem, and a digest of exactly what was
staged (the "submission hash" a gradebook records).

Everything in a submission is hostile. No symbolic link is followed, only
regular files are read, and every read is capped, per file, in all and in
number (the caps of :mod:`graders.sandbox.client`, which copies the staged
folder again for each worker). A zip is never extracted: its members are read
one at a time into memory, under the same caps, and no name from it is ever
used as a path. A broken or malicious archive is a problem line, never an
exception. Problem lines name files relative to the submission, never a path
of this machine: the Gradescope autograder shows them to the student.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import stat
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable, Iterator

from ..course import Course
from ..i18n import _
from ..sandbox.client import MAX_MODULE_BYTES, MAX_MODULES, MAX_TOTAL_BYTES, SubmissionFileError, read_submission_file
from ..text import safe_text

MAX_ZIP_BYTES = 64 * 1024 * 1024  # a larger .zip is not opened
MAX_ZIP_MEMBERS = 10_000  # ... nor one with more entries
# Only the chosen folder's modules are ever inflated, each under MAX_MODULE_BYTES, so
# a bomb costs little anyway; these make it a clear problem line instead of a
# silent partial read: contents declared beyond both caps are not read at all.
MAX_ZIP_EXPANDED = 64 * 1024 * 1024
MAX_ZIP_RATIO = 100
MAX_ENTRIES = 20_000  # files and folders looked at while searching a submission folder
MAX_DEPTH = 8  # folders below the submission's top that are searched
MAX_PROBLEMS = 20
MAX_PROBLEM_CHARS = 300
# A student id names its report files (``.<id>.gradescope.json.XXXXXXXX.tmp`` while one
# is written): capped in UTF-8 bytes, for a file name may hold 255 bytes, and 80 Hangul
# characters are 240 of them.
MAX_ID_BYTES = 120
IGNORED = {"__MACOSX", "__pycache__"}  # and every name starting with a dot
# A whole repository of the course holds gradwork's own modules named like the
# exercises (graders/properties/<id>.py, the student edition's graders/corpus/stubs/):
# a folder below this one is graded only when no other folder holds an exercise module.
ENGINE_FOLDER = "graders"
# What an archive other than a .zip is called: one student, refused with a clear line.
OTHER_ARCHIVES = (".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".tar", ".7z", ".rar", ".gz", ".bz2", ".xz")
CENTRAL_DIRECTORY_ENTRY = b"PK\x01\x02"  # how every entry of a zip's central directory starts
MODULE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\.py$")  # only these can be imported


@dataclass
class Staged:
    """What :func:`stage` did: plain data."""

    target: Path  # the folder holding the staged modules (grade it as --target)
    found: list[str]  # the exercise ids whose module was staged, in course order
    problems: list[str]  # one line each: files left out, several candidate folders, an unreadable zip...
    digest: str  # sha256 over the staged files' names and bytes: the submission hash


@dataclass(frozen=True)
class _File:
    """A ``.py`` file somewhere in a submission, not read yet."""

    folder: tuple[str, ...]  # its folder, as parts relative to the submission's top
    name: str
    read: Callable[[], bytes]  # its bytes, capped; raises SubmissionFileError


# -- names -------------------------------------------------------------------------
def safe_id(text: str) -> str:
    """``text`` as a safe file name: letters and digits of any script, and ``- _ . @``
    (so e-mail addresses survive); anything else becomes ``_``. No leading dot or dash
    (hidden files, options), at most ``MAX_ID_BYTES`` bytes of UTF-8 (whole characters), never empty."""
    text = unicodedata.normalize("NFC", text)
    kept = "".join(c if c.isalnum() or c in "-_.@" else "_" for c in text).lstrip(".-")
    kept = kept.encode()[:MAX_ID_BYTES].decode(errors="ignore")  # a character cut in two is dropped whole
    return kept.rstrip(".") or "student"


def submission_name(source: Path) -> str:
    """A submission's own name: its folder's, or its zip's without ``.zip``."""
    name = source.name
    if not source.is_dir():
        suffix = next((end for end in (".zip", *OTHER_ARCHIVES) if name.lower().endswith(end)), "")
        name = name[: len(name) - len(suffix)] or name
    return name


def student_id(source: Path) -> str:
    """The student a submission belongs to: its folder's name, or its zip's without ``.zip``."""
    return safe_id(submission_name(source))


def _shown(parts) -> str:
    return safe_text("/".join(parts), keep_newlines=False)


def _ignored(name: str) -> bool:
    return name.startswith(".") or name in IGNORED


# -- listing a folder or a zip -----------------------------------------------------------
def _refuse(message: str) -> bytes:
    raise SubmissionFileError(message)


def _folder_file(entry: os.DirEntry) -> Callable[[], bytes]:
    """How to read one ``.py`` entry of a folder. A link, a FIFO or a device is never
    opened (opening a device can block or act); a regular file is read capped."""
    try:
        if entry.is_symlink():
            return partial(_refuse, _("{name} is a symbolic link; submit the file itself").format(name=entry.name))
        if not entry.is_file(follow_symlinks=False):
            return partial(_refuse, _("{name} is not a regular file").format(name=entry.name))
    except OSError as exc:
        return partial(_refuse, _("{name} cannot be read ({reason})").format(name=entry.name, reason=exc.strerror))
    return partial(read_submission_file, Path(entry.path))  # still O_NOFOLLOW, still checks fstat


def _folder_files(root: Path, problems: list[str], deep: list[str] | None = None) -> list[_File]:
    """Every ``.py`` file below ``root``, shallow folders first; links are not followed.
    Folders below :data:`MAX_DEPTH` are not searched; the first is named in ``deep``."""
    files: list[_File] = []
    queue: list[tuple[str, ...]] = [()]
    seen = 0
    for parts in queue:  # the queue grows as folders are found
        try:
            with os.scandir(root.joinpath(*parts)) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            problems.append(_("{name} cannot be read ({reason})").format(name=_shown(parts) or _("the submission"), reason=exc.strerror))
            continue
        for entry in entries:
            seen += 1
            if seen > MAX_ENTRIES:
                problems.append(_("more than {count} files and folders: only the first {count} were searched").format(count=MAX_ENTRIES))
                return files
            if _ignored(entry.name):
                continue
            if entry.is_dir(follow_symlinks=False):
                if len(parts) < MAX_DEPTH:
                    queue.append((*parts, entry.name))
                elif deep is not None and not deep:
                    deep.append(_shown((*parts, entry.name)))
            elif entry.name.endswith(".py"):  # a link too: reading it says why it is refused
                files.append(_File(parts, entry.name, _folder_file(entry)))
    return files


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    if stat.S_ISLNK(info.external_attr >> 16):
        raise SubmissionFileError(_("{name} is a symbolic link; submit the file itself").format(name=name))
    too_large = SubmissionFileError(_("{name} is larger than {size} KiB").format(name=name, size=MAX_MODULE_BYTES // 1024))
    if info.file_size > MAX_MODULE_BYTES:
        raise too_large
    try:
        with archive.open(info) as handle:
            data = handle.read(MAX_MODULE_BYTES + 1)  # the declared size may lie
    except Exception as exc:  # hostile bytes: zlib.error, BadZipFile (CRC), RuntimeError (encrypted), ...
        raise SubmissionFileError(_("{name} cannot be read from the zip ({error})").format(name=name, error=f"{type(exc).__name__}: {exc}")) from None
    if len(data) > MAX_MODULE_BYTES:
        raise too_large
    return data


def _zip_files(archive: zipfile.ZipFile, problems: list[str]) -> list[_File]:
    files: list[_File] = []
    seen: set[tuple[str, ...]] = set()
    for info in archive.infolist():
        name = info.filename.replace("\\", "/")  # some Windows tools write backslashes
        if name.endswith("/"):
            continue
        parts = tuple(part for part in name.split("/") if part not in ("", "."))
        if name.startswith("/") or ".." in parts or re.match(r"[A-Za-z]:", name) or not parts:
            problems.append(_("refused the zip entry {name}: its name points outside the archive").format(name=_shown([name])))
            continue
        if not parts[-1].endswith(".py") or any(_ignored(part) for part in parts):
            continue
        if parts in seen:  # a zip may hold one name twice; tools disagree on which copy wins
            problems.append(_("{name} is in the zip twice; the first copy is used").format(name=_shown(parts)))
            continue
        seen.add(parts)
        files.append(_File(parts[:-1], parts[-1], partial(_read_member, archive, info, parts[-1])))
    return files


def _open_zip(source: Path, problems: list[str]) -> zipfile.ZipFile | None:
    name = _shown([source.name])
    try:
        data = read_submission_file(source, limit=MAX_ZIP_BYTES)
    except SubmissionFileError as exc:
        problems.append(str(exc))
        return None
    # zipfile builds an object per entry of the central directory before anything can be
    # counted: 60 MB of empty entries is 700,000 of them, seconds and half a GB. Every
    # entry it parses starts with this signature, so counting it first is an upper bound.
    entries = data.count(CENTRAL_DIRECTORY_ENTRY)
    if entries > MAX_ZIP_MEMBERS:
        problems.append(_("{name} has about {count} entries (at most {limit} are read); submit only your .py files").format(name=name, count=entries, limit=MAX_ZIP_MEMBERS))
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception as exc:  # hostile bytes: BadZipFile, but also ValueError, OverflowError, ...
        problems.append(_("{name} is not a readable zip file ({error}); make it again with a zip tool, or submit the folder").format(
            name=name, error=f"{type(exc).__name__}: {exc}"))
        return None
    declared = sum(info.file_size for info in infos)
    if len(infos) > MAX_ZIP_MEMBERS:
        problems.append(_("{name} has {count} entries (at most {limit} are read); submit only your .py files").format(name=name, count=len(infos), limit=MAX_ZIP_MEMBERS))
    elif declared > max(MAX_ZIP_EXPANDED, MAX_ZIP_RATIO * len(data)):
        problems.append(_("{name} unpacks to {unpacked} MB from {size} KiB (a zip bomb?); it was not read").format(
            name=name, unpacked=declared // 2**20, size=len(data) // 2**10))
    else:
        return archive
    archive.close()
    return None


@contextlib.contextmanager
def _listing(source: Path, problems: list[str], ids: set[str]) -> Iterator[list[_File]]:
    """The submission's ``.py`` files, readable while the context lasts (a zip stays open)."""
    if os.path.islink(source):
        problems.append(_("{name} is a symbolic link; submit the folder or .zip itself").format(name=_shown([source.name])))
        yield []
    elif source.is_dir():
        deep: list[str] = []
        files = _folder_files(source, problems, deep)
        if deep and not any(file.name[:-3] in ids for file in files):
            problems.append(_("folders deeper than {depth} levels were not searched (the first: {folder}); put your modules nearer the top").format(
                depth=MAX_DEPTH, folder=deep[0]))
        yield files
    elif not source.name.lower().endswith(".zip") and source.name.lower().endswith(OTHER_ARCHIVES):
        problems.append(_("{name} is not a .zip file: only folders and .zip files are read; make a .zip, or submit the folder").format(name=_shown([source.name])))
        yield []
    else:
        archive = _open_zip(source, problems)
        if archive is None:
            yield []
            return
        with archive:
            yield _zip_files(archive, problems)


# -- choosing and copying -------------------------------------------------------------
def _choose(files: list[_File], ids: set[str], problems: list[str]) -> tuple[str, ...] | None:
    """The folder holding the most exercise modules (then the shallowest, then by name);
    a folder inside ``graders/`` (gradwork's own, in a whole repository) only when no
    other folder holds any."""
    counts = Counter(file.folder for file in files if file.name[:-3] in ids)
    if not counts:
        return None
    ranked = sorted(counts, key=lambda folder: (ENGINE_FOLDER in folder, -counts[folder], len(folder), folder))
    chosen = ranked[0]
    if len(ranked) > 1:
        # TRANSLATORS: the submission's top folder, in "graded the top (3), left out ..."
        top = _("the top")
        others = ", ".join(f"{_shown(folder) or top} ({counts[folder]})" for folder in ranked[1:4])
        if len(ranked) > 4:
            line = _("exercise modules are in several folders: graded {chosen} ({count}), left out {others} and {more} more")
        else:
            line = _("exercise modules are in several folders: graded {chosen} ({count}), left out {others}")
        problems.append(line.format(chosen=_shown(chosen) or top, count=counts[chosen], others=others, more=len(ranked) - 4))
    return chosen


def _read_folder(files: list[_File], ids: set[str], problems: list[str]) -> dict[str, bytes]:
    """The bytes of the chosen folder's modules, under the sandbox's caps."""
    # The sandbox supplies the package's own __init__.py; an exercise module is read
    # first, so odd or numerous neighbours can never crowd it out.
    modules = sorted((f for f in files if MODULE_NAME.match(f.name) and f.name != "__init__.py"), key=lambda f: (f.name[:-3] not in ids, f.name))
    read: dict[str, bytes] = {}
    total = 0
    for index, file in enumerate(modules):
        if len(read) >= MAX_MODULES or total > MAX_TOTAL_BYTES:
            problems.append(_("{count} more module(s) left out (the first {limit}, {size} MB at most, are used)").format(
                count=len(modules) - index, limit=MAX_MODULES, size=MAX_TOTAL_BYTES // 2**20))
            break
        try:
            data = file.read()
        except SubmissionFileError as exc:
            problems.append(f"{_shown(file.folder)}/{exc}" if file.folder else str(exc))
            continue
        read[file.name] = data
        total += len(data)
    return read


def _nothing_found(files: list[_File], course: Course) -> str:
    wanted = ", ".join(f"{i}.py" for i in course.ids())
    present = [_shown((*f.folder, f.name)) for f in files[:5]]
    if not present:
        return _("no exercise module found (looked for {wanted})").format(wanted=wanted)
    listed = ", ".join(present) + (" ..." if len(files) > 5 else "")
    return _("no exercise module found (looked for {wanted}); its Python files: {files}").format(wanted=wanted, files=listed)


def digest(modules: dict[str, bytes]) -> str:
    """sha256 over the names and bytes of ``modules`` (name -> bytes), in name order."""
    hasher = hashlib.sha256()
    for name in sorted(modules):
        hasher.update(f"{name}\0{len(modules[name])}\0".encode())
        hasher.update(modules[name])
    return hasher.hexdigest()


def _tidy(problems: list[str]) -> list[str]:
    lines = [safe_text(p, keep_newlines=False)[:MAX_PROBLEM_CHARS] for p in problems]
    if len(lines) > MAX_PROBLEMS:
        lines = lines[: MAX_PROBLEMS - 1] + [_("... and {count} more problems").format(count=len(lines) - MAX_PROBLEMS + 1)]
    return lines


def stage(source: Path, course: Course, dest: Path) -> Staged:
    """Find the student's modules in ``source`` (a folder or a .zip) and copy them into
    ``dest``, an empty (or not yet existing) folder. Never raises for what the
    submission holds; everything odd about it is a line of ``Staged.problems``."""
    source, dest = Path(source), Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    if any(dest.iterdir()):
        raise ValueError(_("stage() fills an empty folder; {folder} is not empty").format(folder=dest))
    ids = set(course.ids())
    problems: list[str] = []
    with _listing(source, problems, ids) as files:
        chosen = _choose(files, ids, problems)
        modules = {} if chosen is None else _read_folder([f for f in files if f.folder == chosen], ids, problems)
    for name, data in modules.items():  # names are Python identifiers: no path can escape dest
        (dest / name).write_bytes(data)
    found = [exercise_id for exercise_id in course.ids() if f"{exercise_id}.py" in modules]
    if chosen is None:
        problems.append(_nothing_found(files, course))
    return Staged(target=dest, found=found, problems=_tidy(problems), digest=digest(modules))
