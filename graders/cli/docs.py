"""`gradwork docs`: build and serve the lesson site (issue 4 fills this in)."""

from __future__ import annotations


def add_commands(commands) -> None:
    pass


def dispatch(course, args) -> int:
    raise NotImplementedError("docs")
