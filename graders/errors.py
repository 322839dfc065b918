"""The error types that more than one part of gradwork raises.

They live here, at the bottom, so that no module has to import the command
line (:mod:`graders.cli`) to raise or catch them. The command line turns each
into an exit status with a one-line message (SPEC §3).
"""

from __future__ import annotations


class UsageError(Exception):
    """A mistake in how gradwork was called (an unknown option, a missing folder, a
    solution that is not published, ...); the message is one line; exit status 2."""
