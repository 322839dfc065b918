"""Importing the course's trusted modules (solutions, properties, mistakes) by path.

Each folder is imported as a package under a private name derived from its
path, so two courses (or the real course and a test's fake one) can be loaded
in one process without their ``solutions`` packages colliding, and a
solution's relative imports (``from .forward_pass import sigmoid``) work.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.machinery
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from ..i18n import _


class GraderError(Exception):
    """The course's own code (reference, properties, mistakes) is broken."""


def _package_name(kind: str, folder: Path) -> str:
    digest = hashlib.sha1(str(folder.resolve()).encode()).hexdigest()[:10]
    return f"_gradwork_{kind}_{digest}"


def _ensure_package(kind: str, folder: Path) -> str:
    name = _package_name(kind, folder)
    if name not in sys.modules:
        init = folder / "__init__.py"
        if init.exists():
            spec = importlib.util.spec_from_file_location(name, init, submodule_search_locations=[str(folder)])
        else:
            spec = importlib.machinery.ModuleSpec(name, None, is_package=True)
            spec.submodule_search_locations = [str(folder)]
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        if spec.loader is not None:
            spec.loader.exec_module(module)
    return name


def load(kind: str, folder: Path, module: str) -> ModuleType:
    """Import ``folder/module.py`` as part of a private package for ``folder``."""
    path = Path(folder) / f"{module}.py"
    if not path.is_file():
        raise GraderError(_("{path} is missing").format(path=path))
    package = _ensure_package(kind, Path(folder))
    try:
        return importlib.import_module(f"{package}.{module}")
    except Exception as exc:
        raise GraderError(_("importing {path} failed: {error}: {message}").format(path=path, error=type(exc).__name__, message=exc)) from exc


def load_optional(kind: str, folder: Path, module: str) -> ModuleType | None:
    if not (Path(folder) / f"{module}.py").is_file():
        return None
    return load(kind, folder, module)
