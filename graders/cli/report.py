"""``gradwork report FILE.json``: render a saved JSON report in another format (owned by the reports work)."""

COMMANDS: tuple[str, ...] = ()


def add_commands(commands) -> None:
    pass


def dispatch(course, args) -> int:  # pragma: no cover - nothing registered yet
    raise NotImplementedError(args.command)
