"""The student loop's commands: watch, docs, solution, reset (issue 5 fills these in)."""

from __future__ import annotations


def add_commands(commands) -> None:
    pass


def dispatch(course, args) -> int:
    raise NotImplementedError(args.command)
