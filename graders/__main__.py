"""`python -m graders` is the same as the `gradwork` command."""

from .cli.main import run

raise SystemExit(run())
