"""``gradwork grade SUBMISSIONS --out DIR`` and ``gradwork grade merge``: a whole class."""

COMMANDS: tuple[str, ...] = ()


def add_commands(commands) -> None:
    pass


def dispatch(course, args) -> int:  # pragma: no cover - nothing registered yet
    raise NotImplementedError(args.command)
