"""``gradwork gradescope`` (the autograder zip), ``gradwork ci init`` (a GitHub Actions
workflow) and ``gradwork autograde`` (what the zip's run_autograder calls; not in --help).

    gradwork gradescope --output autograder.zip [ID ...] [--timeout MINUTES]
    gradwork ci init [--force] [--pass-when-incomplete] [--python VERSION]
    gradwork autograde SUBMISSION [ID ...] --output results.json [--metadata FILE] [--run-seconds N]
"""

from __future__ import annotations

import sys
from pathlib import Path
from ..i18n import _

COMMANDS = ("gradescope", "autograde", "ci")
TIMEOUT_MINUTES = 10  # Gradescope's default autograder timeout (40 at most)


def add_commands(commands) -> None:
    from ..classroom import ci  # (light; the Gradescope module is imported only to run)
    from .main import Parser

    build = commands.add_parser("gradescope", help=_("build a complete Gradescope autograder (setup.sh, run_autograder, the course)"))
    build.add_argument("ids", nargs="*", metavar="ID", help=_("the exercises it grades (default: all)"))
    build.add_argument("--output", metavar="FILE.zip", required=True, help=_("where to write the zip (it holds the solutions and the secret seed: never share it with students)"))
    build.add_argument("--timeout", type=float, metavar="MINUTES", default=TIMEOUT_MINUTES,
                       help=f"the assignment's autograder timeout on Gradescope (default {TIMEOUT_MINUTES}); grading stops a minute before it")

    run = commands.add_parser("autograde")  # without help=, --help does not list it: it is run_autograder's, not for people
    run.add_argument("submission", metavar="SUBMISSION", help=_("the student's folder or .zip"))
    run.add_argument("ids", nargs="*", metavar="ID")
    run.add_argument("--output", metavar="FILE", required=True, help=_("Gradescope's results.json"))
    run.add_argument("--metadata", metavar="FILE", help=_("Gradescope's submission_metadata.json (the student's id is taken from it)"))
    run.add_argument("--run-seconds", type=float, metavar="N", help=_("stop grading after N seconds (what is left is reported as not graded)"))

    workflow = commands.add_parser("ci", help=_("a GitHub Actions workflow that grades a student's repository"))
    actions = workflow.add_subparsers(dest="ci_command", metavar="CI_COMMAND", parser_class=Parser, required=True)
    init = actions.add_parser("init", help=f"write {ci.WORKFLOW} (never over an existing one without --force)")
    init.add_argument("--force", action="store_true", help=_("replace an existing workflow (it is backed up first)"))
    init.add_argument("--pass-when-incomplete", action="store_true",
                      help=_("let the job pass while some exercises are not done yet (default: red until every exercise passes)"))
    init.add_argument("--python", metavar="VERSION", default=ci.DEFAULT_PYTHON, help=f"the Python the workflow grades with (default {ci.DEFAULT_PYTHON}, the one constraints.txt was resolved for)")


def _ids(course, ids: list[str]) -> list[str]:
    """The named exercises (all when none), in course order: the test list Gradescope
    compares students by must not depend on how the command was typed."""
    for exercise_id in ids:
        course.get(exercise_id)  # unknown: a one-line CourseError, exit 2
    return [i for i in course.ids() if not ids or i in ids]


def cmd_gradescope(course, args) -> int:
    from ..classroom import gradescope
    from ..course import SECRET_ENV
    from .commands import check_output_path
    from ..errors import UsageError

    if args.timeout < 2:  # the last minute is kept for writing results.json
        raise UsageError(f"--timeout {args.timeout:g}: too short to grade in; give the assignment's autograder timeout in minutes, 2 or more (Gradescope's default is {TIMEOUT_MINUTES})")
    if not args.output.endswith(".zip"):
        raise UsageError(f"--output {args.output}: Gradescope takes a .zip; name it e.g. autograder.zip")
    gradescope.check_output(course, Path(args.output))  # not where students get it: before any folder is made
    check_output_path(args.output)
    built = gradescope.build(course, Path(args.output), _ids(course, args.ids), timeout_minutes=args.timeout)
    if not built.secret_from_environment:
        print(f"gradwork: note: the secret seed comes from course.toml; if that file is public (a fork of a public repository), set a new [grading] secret_seed or ${SECRET_ENV}", file=sys.stderr)
    print(f"Wrote {built.output}: an autograder for {', '.join(built.exercises)} ({built.points:g} points, {built.files} files).")
    print("It holds the reference solutions and the secret seed: upload it to Gradescope (Configure Autograder), never give it to students.")
    return 0


def cmd_autograde(course, args) -> int:
    from ..classroom import gradescope
    from ..sandbox.isolation import IsolationUnavailable
    from .commands import check_output_path, choose_isolation, exit_status
    from ..errors import UsageError

    ids = _ids(course, args.ids)
    output = Path(args.output)
    check_output_path(args.output)
    try:
        level = choose_isolation(args, graded=True)
    except (UsageError, IsolationUnavailable):
        gradescope.write_failure(course, ids, output)  # Gradescope still gets every test
        raise
    metadata = Path(args.metadata) if args.metadata else None
    result = gradescope.autograde(course, Path(args.submission), output, ids, level=level, metadata=metadata, run_seconds=args.run_seconds)
    return exit_status(result)


def cmd_ci(course, args) -> int:
    from ..classroom import ci
    from ..errors import UsageError

    try:
        written = ci.init(course.root, force=args.force, pass_when_incomplete=args.pass_when_incomplete, python=args.python)
    except ci.CiError as exc:
        raise UsageError(str(exc)) from None
    if written.backup:
        print(f"Backed up the old workflow to {written.backup.relative_to(course.root)}.")
    print(f"Wrote {written.path.relative_to(course.root)}: every push and pull request is graded on GitHub Actions; "
          f"the job is {'red only when grading itself fails' if args.pass_when_incomplete else 'red until every exercise passes'}. Commit it and push.")
    return 0


def dispatch(course, args) -> int:
    return {"gradescope": cmd_gradescope, "autograde": cmd_autograde, "ci": cmd_ci}[args.command](course, args)
