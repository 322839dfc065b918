"""Maintainer tools: stub generation and the course consistency check."""
