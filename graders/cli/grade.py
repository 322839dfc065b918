"""``gradwork grade SUBMISSIONS --out DIR`` and ``gradwork grade merge``: a whole class.

    gradwork grade SUBMISSIONS --out DIR [--roster roster.csv] [--formats json,gradescope,junit]
                   [--shard K/N] [--student-seconds S] [--strength hidden|public] [--feedback LEVEL]
                   [--isolation LEVEL] [--allow-weak-isolation] [--jobs N]
        grade every subfolder or .zip of SUBMISSIONS (one per student) into DIR:
        DIR/<student>.json (and .gradescope.json, .junit.xml), DIR/gradebook.csv,
        DIR/summary.md, DIR/gradebook.json (what resuming and merging read)
    gradwork grade merge --out DIR SHARD_DIR [SHARD_DIR ...]
        one gradebook and summary from the DIR folders of `--shard K/N` runs

Exit status: 0 every student was graded cleanly; 1 some student needs attention
(timed out, nothing to grade, an unreadable submission, not on the roster); 3 the
grader itself failed for some student; 2 a usage error, with one line on stderr.
The work is in :mod:`graders.classroom.batch`; this module only reads the options.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from ..i18n import _
from ..sandbox.isolation import LEVELS
from ..errors import UsageError

# graders.classroom.batch (and with it the engine) is imported only when `grade`
# runs: every gradwork command builds this parser.

COMMANDS = ("grade",)

USAGE = """gradwork grade SUBMISSIONS --out DIR [options]
       gradwork grade merge --out DIR SHARD_DIR [SHARD_DIR ...]"""

EPILOG = """\
Each student is one subfolder or .zip of SUBMISSIONS, named after it; the modules
(<exercise id>.py) may sit at its top or deeper (submission/, exercises/, a zip's
top folder). A second run into the same DIR grades again only the students whose
submission changed. A folder of submissions that is literally called "merge":
write it as ./merge.

exit status: 0 all graded cleanly, 1 some student needs attention (see summary.md),
3 the grader itself failed for some student, 2 a usage error.
"""


class _OutAndFolders(argparse.Action):
    """``--out DIR``, and the folders after it. argparse matches every positional at the
    first one it sees ("merge"), so in ``gradwork grade merge --out DIR SHARD_DIR ...``
    the shard folders can only be taken as more values of --out."""

    def __call__(self, parser, namespace, values, option_string=None):
        namespace.out = values[0]
        namespace.more_paths = values[1:]


def add_commands(commands) -> None:
    grade = commands.add_parser("grade", help=_("grade a whole class: DIR/<student>.json, gradebook.csv, summary.md"), usage=USAGE, epilog=_(EPILOG),
                                description=_("Grade every student's submission for credit, and write a gradebook and a summary of the class."),
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    grade.add_argument("paths", nargs="*", metavar="SUBMISSIONS", help=_("the folder of submissions; or `merge` followed by the DIR folders of shard runs"))
    grade.add_argument("--out", nargs="+", action=_OutAndFolders, metavar=("DIR", "SHARD_DIR"), required=True,
                       help=_("where the reports, gradebook.csv and summary.md go (in `grade merge --out DIR SHARD_DIR ...` the shard folders follow it)"))
    grade.set_defaults(more_paths=[])
    grade.add_argument("--roster", metavar="CSV", help=_("the class list: a 'student' column (the submission's folder or zip name), optionally 'name' and 'email'"))
    grade.add_argument("--formats", metavar="LIST", help=_("reports per student, comma-separated: json (always), gradescope, junit"))
    grade.add_argument("--shard", metavar="K/N", help=_("grade only every N-th student, starting with the K-th (run K = 1..N, then `gradwork grade merge`)"))
    grade.add_argument("--student-seconds", type=float, metavar="S", help=_("cap on one student's grading: the seconds of their exercises added up, the same for any --jobs (default: the course's run cap)"))
    grade.add_argument("--strength", choices=("hidden", "public"), default=argparse.SUPPRESS, help=_("hidden (default): examples drawn from the course's secret seed; public: the examples every student sees"))
    # The shared grading options; SUPPRESS keeps a value given before `grade`.
    grade.add_argument("--feedback", choices=("full", "diagnosis", "verdict"), default=argparse.SUPPRESS, help=_("how much each report explains (default: the course's [grading] feedback)"))
    grade.add_argument("--isolation", choices=LEVELS, default=argparse.SUPPRESS, help=_("how to confine the students' code (default: the strongest this machine offers; uid or better is required)"))
    grade.add_argument("--allow-weak-isolation", action="store_true", default=argparse.SUPPRESS, help=_("grade below the uid level (students' code would run as you)"))
    grade.add_argument("--jobs", type=int, metavar="N", default=argparse.SUPPRESS, help=_("grade N students at a time (default: up to 2)"))


def _formats(text: str | None) -> tuple[str, ...]:
    from ..classroom.batch import REPORT_SUFFIXES

    asked = {name.strip() for name in (text or "json").split(",") if name.strip()}
    unknown = sorted(asked - set(REPORT_SUFFIXES))
    if unknown:
        raise UsageError(f"--formats {text}: unknown format {unknown[0]!r}; choose from {', '.join(REPORT_SUFFIXES)}, comma-separated")
    return tuple(fmt for fmt in REPORT_SUFFIXES if fmt == "json" or fmt in asked)  # json always: resuming reads it


def _out_folder(text: str) -> Path:
    out = Path(text)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {text}: exists and is not a folder; choose a folder name")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out {text}: cannot be created ({exc.strerror or exc})") from None
    return out


def _options(course, args):
    from ..classroom.batch import Options, parse_shard
    from .commands import choose_isolation

    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"--jobs {args.jobs}: must be at least 1")
    if args.student_seconds is not None and not args.student_seconds > 0:
        raise UsageError(f"--student-seconds {args.student_seconds:g}: must be more than 0")
    formats = _formats(args.formats)
    shard = parse_shard(args.shard) if args.shard is not None else None
    return Options(level=choose_isolation(args, graded=True), strength=getattr(args, "strength", None) or "hidden", feedback=args.feedback or course.grading.feedback,
                   jobs=args.jobs, student_seconds=args.student_seconds, formats=formats, shard=shard)


def _grade(course, args) -> int:
    from ..classroom.batch import grade_class, ignored_entries, read_roster

    if len(args.paths) != 1:
        raise UsageError(f"gradwork grade takes one SUBMISSIONS folder (got {len(args.paths)}); to combine shards: gradwork grade merge --out DIR SHARD_DIR ...")
    submissions = Path(args.paths[0])
    if not submissions.is_dir():
        raise UsageError(f"SUBMISSIONS {submissions}: no such folder; give the folder that holds one subfolder or .zip per student")
    roster = read_roster(Path(args.roster)) if args.roster else None
    options = _options(course, args)
    inside = Path(args.out).resolve()
    if inside == submissions.resolve() or submissions.resolve() in inside.parents:
        # Its reports would sit among the students' folders: the next run would take
        # an earlier --out folder there for a student's submission.
        raise UsageError(f"--out {args.out}: inside SUBMISSIONS {submissions}; choose a folder outside it")
    out = _out_folder(args.out)
    ignored = ignored_entries(submissions, out)
    if ignored:  # a student who handed in something else must not vanish without a word
        shown = ", ".join(ignored[:5]) + (f" and {len(ignored) - 5} more" if len(ignored) > 5 else "")
        print(f"gradwork: note: not graded, neither a folder nor a .zip: {shown}", file=sys.stderr)
    document = grade_class(course, submissions, out, options, roster=roster)
    return _finish(document, Path(args.out))


def _merge(args) -> int:
    from ..classroom.batch import merge

    folders = [Path(path) for path in args.paths[1:]]
    if not folders:
        raise UsageError("gradwork grade merge needs the shard folders: gradwork grade merge --out DIR SHARD_DIR ...")
    given = [flag for flag, value in (("--roster", args.roster), ("--formats", args.formats), ("--shard", args.shard), ("--student-seconds", args.student_seconds)) if value is not None]
    if given:
        raise UsageError(f"{given[0]} is for grading; gradwork grade merge takes only --out DIR and the shard folders")
    for folder in folders:
        if not folder.is_dir():
            raise UsageError(f"{folder}: no such folder; give the --out folders of the shard runs")
    document, warnings = merge(folders, _out_folder(args.out))
    for warning in warnings:
        print(f"gradwork: warning: {warning}", file=sys.stderr)
    return _finish(document, Path(args.out))


def _finish(document: dict, out: Path) -> int:
    from ..classroom.batch import Row, counts, exit_status

    rows = [Row.from_dict(row) for row in document["rows"]]
    print(f"{counts(rows, document.get('shard'))}. Gradebook: {out / 'gradebook.csv'}; summary: {out / 'summary.md'}")
    return exit_status(document)


def dispatch(course, args) -> int:
    from ..classroom.batch import BatchError

    args.paths = [*args.paths, *args.more_paths]
    if not args.paths:
        raise UsageError("gradwork grade needs the folder of submissions: gradwork grade SUBMISSIONS --out DIR")
    # A cancelled CI job or a batch scheduler stops a run with SIGTERM: end it as
    # Ctrl-C does, so the gradebook and the summary are still written.
    from ..classroom import batch

    batch.STOP.clear()
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        if args.paths[0] == "merge":
            return _merge(args)
        return _grade(course, args)
    except BatchError as exc:
        raise UsageError(str(exc)) from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum, frame):
    from ..classroom import batch

    batch.STOP.set()
    raise KeyboardInterrupt
