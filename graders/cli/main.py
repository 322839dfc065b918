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

from .. import i18n
from ..i18n import N_, _
from .. import __version__
from ..course import CourseError, load_course
from ..engine.loading import GraderError
from ..errors import UsageError
from ..sandbox import isolation
from ..sandbox.isolation import LEVELS, IsolationUnavailable

# argparse's own words ("usage:", "options", its errors) come from our catalogue too:
# argparse looks its messages up through these two names at run time. The ones a
# student meets are listed here, so the catalogue holds them (the rest stay English).
argparse._ = i18n._
argparse.ngettext = i18n.ngettext
ARGPARSE_WORDS = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
    N_("show program's version number and exit"), N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"), N_("expected one argument"),
    N_("expected at most one argument"), N_("expected at least one argument"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("argument %(argument_name)s: %(message)s"),
    N_("invalid %(type)s value: %(value)r"), N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("one of the arguments %s is required"), N_("not allowed with argument %s"), N_("ignored explicit argument %r"),
)

__all__ = ["main", "build_parser", "Parser", "UsageError"]

FORMATS = ("text", "json", "gradescope", "junit", "markdown")


class WideHelpFormatter(argparse.HelpFormatter):
    """argparse's help, wrapped by display width: a Hangul syllable takes two columns."""

    def _split_lines(self, text, width):
        return wrap_cells(" ".join(text.split()), width)

    def _fill_text(self, text, width, indent):
        return "\n".join(indent + line for line in wrap_cells(" ".join(text.split()), width - len(indent)))


class WideRawFormatter(WideHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """An epilog laid out by hand (the watch keys) stays as written."""

    def _fill_text(self, text, width, indent):
        return argparse.RawDescriptionHelpFormatter._fill_text(self, text, width, indent)


def wrap_cells(text: str, width: int) -> list[str]:
    """Greedy word wrap where width is counted in terminal cells, not characters."""
    from rich.cells import cell_len

    lines, line = [], ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if line and cell_len(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines or [""]


class Parser(argparse.ArgumentParser):
    """One-line errors (exit 2) that point at the --help of the command that was given."""

    top = False  # build_parser sets it on `gradwork` itself; every subcommand's parser is strict

    def __init__(self, *args, **kwargs):
        formatter = kwargs.get("formatter_class")
        if formatter is None or formatter is argparse.HelpFormatter:
            kwargs["formatter_class"] = WideHelpFormatter
        elif formatter is argparse.RawDescriptionHelpFormatter:
            kwargs["formatter_class"] = WideRawFormatter
        super().__init__(*args, **kwargs)

    def error(self, message: str):  # one line, exit 2 (argparse prints the whole usage)
        raise UsageError(_("{message} (see `{prog} --help`)").format(message=message, prog=self.prog))

    def parse_known_args(self, args=None, namespace=None):
        # argparse hands a subcommand's unknown arguments up to `gradwork`, whose error
        # would say `see gradwork --help`; the subcommand reports them itself instead.
        namespace, extras = super().parse_known_args(args, namespace)
        if extras and not self.top:
            self.error(_("unrecognized arguments: {arguments}").format(arguments=" ".join(extras)))
        return namespace, extras


def _grading_options(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    # On subcommands the defaults are SUPPRESS, so `gradwork --format json check`
    # keeps the value given before the subcommand.
    default = (lambda value: value) if top else (lambda value: argparse.SUPPRESS)
    parser.add_argument("--target", metavar="DIR", default=default(None), help=_("grade the modules in DIR (DIR/<id>.py) instead of exercises/"))
    parser.add_argument("--format", choices=FORMATS, default=default("text"), help=_("text (default), json (SPEC §4), gradescope (results.json), junit (XML) or markdown (a GitHub Actions job summary)"))
    parser.add_argument("--output", metavar="FILE", default=default(None), help=_("write the report to FILE instead of standard output"))
    parser.add_argument("--jobs", type=int, metavar="N", default=default(None), help=_("grade N exercises in parallel (default: up to 2)"))
    parser.add_argument("--isolation", choices=LEVELS, default=default(None), help=_("how to confine the student's code: strong (bubblewrap), uid (root: a dedicated uid in a chroot) or basic; default: the strongest this machine offers"))
    parser.add_argument("--allow-weak-isolation", action="store_true", default=default(False), help=_("let graded formats (gradescope, junit) run below the uid level"))
    parser.add_argument("--student", metavar="ID", default=default(None), help=_("the student's id, recorded in the report"))
    parser.add_argument("--strength", choices=("public", "hidden"), default=default(None), help=_("public (default for check): the examples every student sees; hidden (default for grade): examples drawn from the course's secret seed, for credit"))
    parser.add_argument("--feedback", choices=("full", "diagnosis", "verdict"), default=default(None), help=_("how much a report explains: full (default for your own work), diagnosis (no advice or hints) or verdict (pass/fail only)"))


def build_parser() -> Parser:
    parser = Parser(prog="gradwork", description=_("Grade the exercises of a gradwork course with property-based tests."))
    parser.top = True
    parser.add_argument("--version", action="version", version=f"gradwork {__version__}", help=_("show program's version number and exit"))
    parser.add_argument("--lang", metavar="LANG", choices=i18n.LANGUAGES, help=_("the language of messages, hints and stubs: en or ko (default: $GRADWORK_LANG, the last --lang, or your locale); remembered for this course"))
    parser.add_argument("--course", metavar="DIR", help=_("the course folder (default: the nearest folder with course.toml)"))
    _grading_options(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    check = commands.add_parser("check", help=_("grade the named exercises (all when none)"))
    check.add_argument("ids", nargs="*", metavar="ID")
    check.add_argument("--property", metavar="KEY", help=_("run only this property (the replay command uses it)"))
    check.add_argument("--details", choices=("first", "all", "none"), default="all", help=_("which failing exercises to explain (default: all)"))
    _grading_options(check)

    commands.add_parser("list", help=_("every exercise with its last status and score (from your last grades; nothing is graded)"),
                        description=_("Show every exercise with the status and score of its last grade, and which one is next. "
                        "Nothing is graded: this reads .gradwork/state.json (`gradwork` or `gradwork check` grades). Exit status 0."))
    hint = commands.add_parser("hint", help=_("the next hint for an exercise"),
                               description=_("Show the next hint tier you have not seen (a nudge, then the idea, then the near-answer). "
                               "A report that failed already showed you the tier you had reached, so this shows the one after it."))
    hint.add_argument("id", metavar="ID", nargs="?", help=_("the exercise (default: the current one, the first your last grade did not pass)"))
    hint.add_argument("--all", action="store_true", help=_("show every hint tier shown so far"))

    for module in command_modules():
        module.add_commands(commands)

    dev = commands.add_parser("dev", help=_("maintainer tools (dev check, dev stubs, dev new)"))
    dev_commands = dev.add_subparsers(dest="dev_command", metavar="DEV_COMMAND", parser_class=Parser, required=True)
    dev_check = dev_commands.add_parser("check", help=_("verify the manifest, files, stubs and solutions agree"))
    dev_check.add_argument("--quick", action="store_true", help=_("skip grading the stubs and solutions"))
    dev_stubs = dev_commands.add_parser("stubs", help=_("regenerate exercises/ from solutions/ (never overwrites edited files)"))
    dev_stubs.add_argument("ids", nargs="*", metavar="ID")
    dev_stubs.add_argument("--force", action="store_true", help=_("overwrite even edited exercise files (they are backed up first)"))
    dev_commands.add_parser("i18n", help=_("extract every message into the catalogues (graders/i18n/locale), merge and compile them, and list what is left to translate"))
    dev_new = dev_commands.add_parser("new", help=_("scaffold a new exercise: course.toml entry, solution, properties, mistakes, alternatives, lesson and stub (never overwrites)"))
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
    raise UsageError(_("unknown command {command}").format(command=repr(command)))


def _take_option(argv: list[str], name: str) -> tuple[str | None, list[str]]:
    """The value of ``name`` (``--lang ko`` or ``--lang=ko``, anywhere) and argv without it."""
    value, rest, index = None, [], 0
    while index < len(argv):
        item = argv[index]
        if item == "--":
            rest.extend(argv[index:])
            break
        if item == name:
            if index + 1 >= len(argv):
                raise UsageError(_("argument {name}: expected one argument").format(name=name))
            value = argv[index + 1]
            index += 2
            continue
        if item.startswith(name + "="):
            value = item.split("=", 1)[1]
        else:
            rest.append(item)
        index += 1
    return value, rest


def _peek_option(argv: list[str], name: str) -> str | None:
    for index, item in enumerate(argv):
        if item == name and index + 1 < len(argv):
            return argv[index + 1]
        if item.startswith(name + "="):
            return item.split("=", 1)[1]
    return None


def choose_language(argv: list[str]) -> list[str]:
    """Speak the student's language for the rest of this run; returns argv without --lang.

    --lang (anywhere on the line), else $GRADWORK_LANG, else the language stored in
    .gradwork/state.json, else course.toml's ``[course] language``, else the locale. --lang is remembered in the state, so a
    Korean student types it once."""
    from ..course import find_root

    explicit, argv = _take_option(argv, "--lang")
    root = None
    try:
        given = _peek_option(argv, "--course")
        root = find_root(Path(given)) if given else find_root()
    except (CourseError, OSError):
        pass
    try:
        i18n.choose(root, explicit, remember=True)
    except i18n.LanguageError as exc:
        raise UsageError(str(exc)) from None
    return argv, explicit


def switch_stubs(course) -> None:
    """After --lang: the untouched stubs follow the language (edited files never change)."""
    from ..session import Session

    changed = Session(course).switch_stubs(i18n.current())
    for path in changed:
        print(_("{file}: untouched, so its docstrings are now in {language}").format(file=course.display(path), language=i18n.NAMES[i18n.current()]), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # A run that grades will ask whether bubblewrap works (a sandbox started just for
    # that): asked now, it answers while the command line is read.
    isolation.probe_soon(_peek_option(argv, "--isolation"))
    try:
        argv, explicit_language = choose_language(argv)
    except UsageError as exc:
        print(_("gradwork: error: {message}").format(message=exc), file=sys.stderr)
        return 2
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.course:
            root = Path(args.course)
            if not (root / "course.toml").is_file():
                raise UsageError(_("--course {folder}: no course.toml there").format(folder=args.course))
            course = load_course(root)
        else:
            course = load_course()
        if explicit_language and args.command not in ("dev", "release", "gradescope", "autograde", "grade", "ci", "report"):
            switch_stubs(course)  # a student's own clone; instructors' commands leave exercises/ alone
        return dispatch(course, args)
    except UsageError as exc:
        print(_("gradwork: error: {message}").format(message=exc), file=sys.stderr)
        return 2
    except (CourseError, IsolationUnavailable) as exc:
        print(_("gradwork: error: {message}").format(message=exc), file=sys.stderr)
        return 2
    except GraderError as exc:
        print(_("gradwork: internal error in the course's graders: {message}").format(message=exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(_("gradwork: interrupted"), file=sys.stderr)
        return 130


def run():
    """The `gradwork` command (and `python -m graders`): :func:`main`, then the process
    ends at once, without the interpreter's teardown.

    Freeing, one by one, every module and object of a process that holds numpy,
    Hypothesis and the engine took ~60 ms of a ~1 s course. Nothing is left to do
    by then: the report is written, the files were closed by their ``with`` blocks,
    and the exit handlers (temporary folders, logging) are run here first. A
    process with other threads still alive (none, normally) exits the usual way."""
    import atexit
    import os
    import threading

    status = main()
    if threading.active_count() > 1 or not isinstance(status, int):
        return status
    try:
        atexit._run_exitfuncs()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # a reader that went away: nothing more to say
                pass
        os._exit(status)
