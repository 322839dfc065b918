"""Maintainer tools: stub generation (stubs), the course check (check, with the
numbers it enforces in standards) and the scaffold of a new exercise (new)."""
