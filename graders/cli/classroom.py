"""``gradwork release OUT``: write the student edition (see graders/classroom/release.py)."""

from __future__ import annotations

import datetime
from ..i18n import _

COMMANDS = ("release",)


def add_commands(commands) -> None:
    release = commands.add_parser(
        "release",
        help=_("write the student edition: stubs, lessons and the engine, no reference or mistake code"),
        description=_("Write the student edition of this course to OUT. It grades from a recorded public corpus instead of the reference solutions; "
        "hidden properties, the mistake bank's code, the secret seed and unpublished solutions are left out."),
    )
    release.add_argument("out", metavar="OUT", help=_("a new (or empty) folder"))
    release.add_argument("--solutions", default="due", metavar="WHICH",
                         help=_("which reference solutions to publish: due (default: exercises past their due date), none, all, or ID,ID,..."))
    release.add_argument("--today", metavar="YYYY-MM-DD", help=_("the date that decides what is past due (default: today)"))
    release.add_argument("--force", action="store_true", help=_("replace an earlier student edition in OUT"))


def dispatch(course, args) -> int:
    from ..classroom import release
    from ..errors import UsageError

    today = args.today
    if today is not None:
        try:
            today = datetime.date.fromisoformat(today).isoformat()
        except ValueError:
            raise UsageError(f"--today {args.today}: not a date; write it as YYYY-MM-DD") from None
    try:
        made = release.build(course, args.out, solutions=args.solutions, force=args.force, today=today)
        release.check_manifest(made.out)
    except release.ReleaseError as exc:
        raise UsageError(str(exc)) from None
    published = ", ".join(made.published) or "none"
    print(f"Wrote the student edition to {made.out}: {len(made.exercises)} exercises, {made.properties} properties, "
          f"a corpus of {made.corpus_bytes / 1e6:.1f} MB; solutions published: {published}.")
    if made.withheld:
        print(f"Withheld from students (graded only by you): {', '.join(made.withheld)}.")
    return 0
