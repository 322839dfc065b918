"""The `gradwork` command line: parsing, dispatch and exit statuses.

Exit status (SPEC §3): 0 when every selected exercise passed, 1 when any did
not, 2 for a usage error (unknown exercise, missing target, bad option, a
broken course.toml, an isolation level this machine cannot give), always
with a one-line message on stderr, 3 when the grader itself failed for some
exercise (never the student's fault; the report says which).

Layers: this package parses and prints; what the student loop remembers is
:mod:`graders.session`'s; errors shared with other layers are in
:mod:`graders.errors` (``UsageError`` is re-exported here for old imports).
Nothing below the command line imports it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import __version__
from ..course import CourseError, load_course
from ..engine.loading import GraderError
from ..errors import UsageError
from ..sandbox.isolation import LEVELS, IsolationUnavailable

__all__ = ["main", "build_parser", "Parser", "UsageError"]

FORMATS = ("text", "json", "gradescope", "junit", "markdown")


class Parser(argparse.ArgumentParser):
    """One-line errors (exit 2) that point at the --help of the command that was given."""

    top = False  # build_parser sets it on `gradwork` itself; every subcommand's parser is strict

    def error(self, message: str):  # one line, exit 2 (argparse prints the whole usage)
        raise UsageError(f"{message} (see `{self.prog} --help`)")

    def parse_known_args(self, args=None, namespace=None):
        # argparse hands a subcommand's unknown arguments up to `gradwork`, whose error
        # would say `see gradwork --help`; the subcommand reports them itself instead.
        namespace, extras = super().parse_known_args(args, namespace)
        if extras and not self.top:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return namespace, extras


def _grading_options(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    # On subcommands the defaults are SUPPRESS, so `gradwork --format json check`
    # keeps the value given before the subcommand.
    default = (lambda value: value) if top else (lambda value: argparse.SUPPRESS)
    parser.add_argument("--target", metavar="DIR", default=default(None), help="grade the modules in DIR (DIR/<id>.py) instead of exercises/")
    parser.add_argument("--format", choices=FORMATS, default=default("text"), help="text (default), json (SPEC §4), gradescope (results.json), junit (XML) or markdown (a GitHub Actions job summary)")
    parser.add_argument("--output", metavar="FILE", default=default(None), help="write the report to FILE instead of standard output")
    parser.add_argument("--jobs", type=int, metavar="N", default=default(None), help="grade N exercises in parallel (default: up to 2)")
    parser.add_argument("--isolation", choices=LEVELS, default=default(None), help="how to confine the student's code: strong (bubblewrap), uid (root: a dedicated uid in a chroot) or basic; default: the strongest this machine offers")
    parser.add_argument("--allow-weak-isolation", action="store_true", default=default(False), help="let graded formats (gradescope, junit) run below the uid level")
    parser.add_argument("--student", metavar="ID", default=default(None), help="the student's id, recorded in the report")
    parser.add_argument("--strength", choices=("public", "hidden"), default=default(None), help="public (default for check): the examples every student sees; hidden (default for grade): more examples from the course's secret seed, for credit")
    parser.add_argument("--feedback", choices=("full", "diagnosis", "verdict"), default=default(None), help="how much a report explains: full (default for your own work), diagnosis (no advice or hints) or verdict (pass/fail only)")


def build_parser() -> Parser:
    parser = Parser(prog="gradwork", description="Grade the exercises of a gradwork course with property-based tests.")
    parser.top = True
    parser.add_argument("--version", action="version", version=f"gradwork {__version__}")
    parser.add_argument("--course", metavar="DIR", help="the course folder (default: the nearest folder with course.toml)")
    _grading_options(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    check = commands.add_parser("check", help="grade the named exercises (all when none)")
    check.add_argument("ids", nargs="*", metavar="ID")
    check.add_argument("--property", metavar="KEY", help="run only this property (the replay command uses it)")
    check.add_argument("--details", choices=("first", "all", "none"), default="all", help="which failing exercises to explain (default: all)")
    _grading_options(check)

    commands.add_parser("list", help="every exercise with its last status and score (from your last grades; nothing is graded)",
                        description="Show every exercise with the status and score of its last grade, and which one is next. "
                        "Nothing is graded: this reads .gradwork/state.json (`gradwork` or `gradwork check` grades). Exit status 0.")
    hint = commands.add_parser("hint", help="the next hint for an exercise",
                               description="Show the next hint tier you have not seen (a nudge, then the idea, then the near-answer). "
                               "A report that failed already showed you the tier you had reached, so this shows the one after it.")
    hint.add_argument("id", metavar="ID", nargs="?", help="the exercise (default: the current one, the first your last grade did not pass)")
    hint.add_argument("--all", action="store_true", help="show every hint tier shown so far")

    for module in command_modules():
        module.add_commands(commands)

    dev = commands.add_parser("dev", help="maintainer tools (dev check, dev stubs, dev new)")
    dev_commands = dev.add_subparsers(dest="dev_command", metavar="DEV_COMMAND", parser_class=Parser, required=True)
    dev_check = dev_commands.add_parser("check", help="verify the manifest, files, stubs and solutions agree")
    dev_check.add_argument("--quick", action="store_true", help="skip grading the stubs and solutions")
    dev_stubs = dev_commands.add_parser("stubs", help="regenerate exercises/ from solutions/ (never overwrites edited files)")
    dev_stubs.add_argument("ids", nargs="*", metavar="ID")
    dev_stubs.add_argument("--force", action="store_true", help="overwrite even edited exercise files (they are backed up first)")
    dev_new = dev_commands.add_parser("new", help="scaffold a new exercise: course.toml entry, solution, properties, mistakes, alternatives, lesson and stub (never overwrites)")
    dev_new.add_argument("id", metavar="ID")
    return parser


def command_modules():
    """The modules that add subcommands: each has add_commands(commands), COMMANDS
    (the names it adds) and dispatch(course, args)."""
    from . import classroom, docs, grade, package, report, student

    return (student, docs, report, grade, package, classroom)


def dispatch(course, args) -> int:
    from . import commands

    command = args.command
    if command is None:
        return commands.run_check(course, args, [], detail_for="first")
    if command == "check":
        details = {"none": None}.get(args.details, args.details)
        return commands.run_check(course, args, args.ids, detail_for=details)
    if command == "list":
        return commands.cmd_list(course, args)
    if command == "hint":
        return commands.cmd_hint(course, args)
    if command == "dev":
        from ..dev import check

        return check.dispatch(course, args)
    for module in command_modules():
        if command in module.COMMANDS:
            return module.dispatch(course, args)
    raise UsageError(f"unknown command {command!r}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.course:
            root = Path(args.course)
            if not (root / "course.toml").is_file():
                raise UsageError(f"--course {args.course}: no course.toml there")
            course = load_course(root)
        else:
            course = load_course()
        return dispatch(course, args)
    except UsageError as exc:
        print(f"gradwork: error: {exc}", file=sys.stderr)
        return 2
    except (CourseError, IsolationUnavailable) as exc:
        print(f"gradwork: error: {exc}", file=sys.stderr)
        return 2
    except GraderError as exc:
        print(f"gradwork: internal error in the course's graders: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("gradwork: interrupted", file=sys.stderr)
        return 130
