"""``gradwork gradescope`` (the autograder zip) and ``gradwork ci init`` (a GitHub Actions workflow)."""

COMMANDS: tuple[str, ...] = ()


def add_commands(commands) -> None:
    pass


def dispatch(course, args) -> int:  # pragma: no cover - nothing registered yet
    raise NotImplementedError(args.command)
