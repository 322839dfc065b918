"""`gradwork docs`: build the lesson site and serve it on this machine.

    gradwork docs                      build, serve at http://127.0.0.1:8000, open a browser,
                                       rebuild on every save (lessons, stubs, course.toml, ...)
    gradwork docs --no-open --port N   the same, without opening a browser, on port N
    gradwork docs --build-only         build into site/ and stop (--site-dir DIR elsewhere)
    gradwork docs --build-only --strict
                                       ... and fail on any warning: a broken link or anchor,
                                       a missing stub, a worked example or figure that raised

The site needs MkDocs, Material for MkDocs and matplotlib. They are among
gradwork's own dependencies (pinned in constraints.txt), so the README's set-up
command installs them; the ``docs`` extra still names them for older set-ups.
Without them the command says how to install them and exits 2. Nothing is fetched from the
network: fonts are off and KaTeX is vendored.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from ..i18n import N_, _

INSTALL = N_("the lesson site needs MkDocs, Material for MkDocs and matplotlib, which installing gradwork brings; "
           "this environment lacks them: pip install -c constraints.txt -e . (or pip install -e '.[docs]')")


COMMANDS = ("docs",)


def add_commands(commands) -> None:
    docs = commands.add_parser("docs", help=_("build and serve the lesson site locally"))
    docs.add_argument("--build-only", action="store_true", help=_("build the site into --site-dir and stop (no server)"))
    docs.add_argument("--site-dir", metavar="DIR", help=_("where --build-only writes the site (default: site/ in the course folder)"))
    docs.add_argument("--strict", action="store_true", help=_("treat every warning as an error (broken links, a missing stub, a failing example)"))
    docs.add_argument("--port", type=int, default=8000, metavar="N", help=_("serve on http://127.0.0.1:N (default: 8000)"))
    docs.add_argument("--no-open", action="store_true", help=_("do not open a web browser"))


def _language_path() -> str:
    """The site's folder for the language being spoken: English at the root, Korean under ko/."""
    from .. import i18n

    return "" if i18n.current() == i18n.DEFAULT else f"{i18n.current()}/"


def _require_mkdocs():
    from ..errors import UsageError

    import importlib

    try:
        for name in ("mkdocs", "material", "matplotlib"):  # material: Material for MkDocs
            importlib.import_module(name)
    except ImportError:
        raise UsageError(_(INSTALL)) from None


def _log_to_terminal(level: str) -> None:
    import logging  # here: every command line imports this module, only `gradwork docs` logs

    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "gradwork", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler.gradwork = True
        logger.addHandler(handler)
    logger.setLevel(level)


def dispatch(course, args) -> int:
    from ..errors import UsageError

    _require_mkdocs()
    config_file = course.root / "mkdocs.yml"
    if not config_file.is_file():
        raise UsageError(_("no mkdocs.yml in {folder}; the lesson site is configured there").format(folder=course.root))
    if not 1 <= args.port <= 65535:
        raise UsageError(_("--port {port}: must be between 1 and 65535").format(port=args.port))
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner is not for students

    from mkdocs import exceptions

    if args.build_only:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        site_dir = Path(args.site_dir).resolve() if args.site_dir else course.root / "site"
        _log_to_terminal("WARNING")
        try:
            config = load_config(config_file=str(config_file), strict=args.strict, site_dir=str(site_dir))
            build(config)
        except (exceptions.Abort, exceptions.ConfigurationError, exceptions.PluginError) as exc:
            print(_("gradwork: the site did not build: {error}").format(error=exc), file=sys.stderr)
            return 1
        shown = site_dir.relative_to(course.root) if site_dir.is_relative_to(course.root) else site_dir
        print(_("Built the lesson site in {folder}/; `gradwork docs` serves it (with search) at {address}.").format(folder=shown, address="http://127.0.0.1:8000/" + _language_path()))
        return 0

    from mkdocs.commands.serve import serve

    _log_to_terminal("INFO")
    address = f"127.0.0.1:{args.port}"
    print(_("Serving the lessons at {address} (rebuilt on every save; Ctrl+C stops).").format(address=f"http://{address}/{_language_path()}"))
    try:
        serve(config_file=str(config_file), livereload=True, open_in_browser=not args.no_open, dev_addr=address, strict=args.strict)
    except OSError as exc:
        raise UsageError(_("cannot serve on {address}: {reason}; try --port {port}").format(address=address, reason=exc.strerror or exc, port=args.port + 1)) from None
    except (exceptions.Abort, exceptions.ConfigurationError, exceptions.PluginError) as exc:
        print(_("gradwork: the site did not build: {error}").format(error=exc), file=sys.stderr)
        return 1
    return 0
