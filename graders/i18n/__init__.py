"""The languages gradwork speaks: English (the source) and Korean.

Every sentence a student or an instructor reads goes through :func:`_`:
messages in the code (``_("{n} of {total} properties hold").format(...)``) and
the course's own words (titles, hints, property descriptions, mistakes and
their advice, stub docstrings), which are written in English where they are
defined and translated where they are shown. The English text is the message
id, so English needs no catalogue; Korean comes from one gettext catalogue,
``locale/ko/LC_MESSAGES/gradwork.po``, kept and compiled with Babel
(:mod:`graders.i18n.catalog`, ``gradwork dev i18n``).

Rules for writers:

* never translate an f-string: write ``_("... {name} ...").format(name=...)``,
  so the message id is the same text the catalogue holds;
* a module-level constant is marked with :func:`N_` and translated where it is
  used (``_(CONSTANT)``), so the language chosen at run time applies;
* JSON keys, statuses, exercise ids, command names and code never go through
  ``_``: they are the same in every language.

The language is chosen once per process (:func:`use`): ``--lang``, else
``$GRADWORK_LANG``, else the one stored in the student's state, else the
locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else English.
"""

from __future__ import annotations

import gettext as _gettext
import os
import re
from pathlib import Path

__all__ = ["LANGUAGES", "DEFAULT", "_", "N_", "ngettext", "use", "current", "resolve", "choose", "normalize", "translation", "speaking"]

LANGUAGES = ("en", "ko")
DEFAULT = "en"
DOMAIN = "gradwork"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
NAMES = {"en": "English", "ko": "한국어"}

_active: _gettext.NullTranslations = _gettext.NullTranslations()
_language = DEFAULT
_cache: dict[str, _gettext.NullTranslations] = {}


class LanguageError(ValueError):
    """An unknown language code (a usage error for the command line)."""


def normalize(code: str | None) -> str | None:
    """``ko``, ``ko_KR.UTF-8``, ``KO-kr`` → ``ko``; ``C``, ``POSIX``, empty → None; unknown → None."""
    if not code:
        return None
    base = code.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return base if base in LANGUAGES else None


def check(code: str, *, source: str = "--lang") -> str:
    """``code`` as one of LANGUAGES, or a LanguageError naming the choices (and where the code came from)."""
    found = normalize(code)
    if found is None:
        raise LanguageError(_("{source}={code} is not a language gradwork speaks; choose one of {languages}").format(
            source=source, code=repr(code), languages=", ".join(LANGUAGES)))
    return found


def from_locale(environ=os.environ) -> str | None:
    """The language of the user's locale, as gettext reads it (first set variable wins)."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable)
        if value:
            # LANGUAGE is a priority list (ko:en); the others name one locale
            for part in value.split(":"):
                found = normalize(part)
                if found:
                    return found
            if variable != "LANGUAGE":
                return None  # a set LC_ALL/LC_MESSAGES/LANG decides, even when it is C or foreign
    return None


def resolve(explicit: str | None = None, stored: str | None = None, environ=os.environ) -> str:
    """The language to speak: --lang, $GRADWORK_LANG, the stored choice, the locale, English."""
    if explicit:
        return check(explicit)
    env = environ.get("GRADWORK_LANG")
    if env:
        return check(env, source="GRADWORK_LANG")
    return normalize(stored) or from_locale(environ) or DEFAULT


def course_language(root) -> str | None:
    """``[course] language`` of the course.toml in ``root`` (a Korean student edition sets it)."""
    if root is None:
        return None
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    try:
        value = tomllib.loads((Path(root) / "course.toml").read_text(encoding="utf-8")).get("course", {}).get("language")
    except (OSError, ValueError, AttributeError):
        return None  # a broken course.toml is reported, in English, when it is loaded
    return value if isinstance(value, str) else None


def choose(root=None, explicit: str | None = None, *, remember: bool = False, environ=os.environ) -> str:
    """Resolve the language for a course folder, speak it, and return it.

    The stored choice is ``"language"`` in the student's ``.gradwork/state.json``;
    ``remember=True`` stores an explicit choice there (``--lang`` on the command line)."""
    from ..state import State

    state = State(root) if root is not None else None
    stored = state.data.get("language") if state is not None else None
    if not isinstance(stored, str) or not normalize(stored):
        stored = course_language(root)  # the course's own default
    try:
        language = use(resolve(explicit, stored, environ))
    except LanguageError:
        # say so in the language the student would otherwise get (their stored choice, the locale)
        use(resolve(None, stored, {key: value for key, value in environ.items() if key != "GRADWORK_LANG"}))
        if explicit:
            check(explicit)  # raises again, now worded in that language
        check(environ.get("GRADWORK_LANG", ""), source="GRADWORK_LANG")
        raise
    if explicit and remember and state is not None and state.data.get("language") != language:
        state.data["language"] = language
        try:
            state.save()
        except OSError:
            pass  # a read-only checkout: the choice holds for this run
    return language


def translation(language: str) -> _gettext.NullTranslations:
    """The compiled catalogue of ``language`` (English: no catalogue, the ids are the text)."""
    if language == DEFAULT:
        return _gettext.NullTranslations()
    if language not in _cache:
        _cache[language] = _gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[language], fallback=True)
    return _cache[language]


def use(language: str) -> str:
    """Speak ``language`` from now on in this process; returns it."""
    global _active, _language
    language = check(language)
    _active = translation(language)
    _language = language
    return language


def current() -> str:
    return _language


# A page's translation sits beside it: docs/X.md (English) and docs/X.ko.md.
LOCALIZED = re.compile(r"\.(?P<lang>[a-z]{2})\.md$")


def page(path: str) -> str:
    """A docs page in the current language: ``lessons/x.md`` → ``lessons/x.ko.md`` in Korean.

    Every page has its translation beside it (``gradwork dev check`` sees to that)."""
    if _language == DEFAULT or not path.endswith(".md"):
        return path
    return f"{path[:-3]}.{_language}.md"


def _(message: str) -> str:
    """``message`` (English) in the current language; the empty string stays empty."""
    if not message:
        return message
    return _active.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks ``message`` for the catalogue without translating it (translate it where it is shown)."""
    return message


class speaking:
    """``with speaking("ko"): ...`` — a block in another language (tests, the docs build)."""

    def __init__(self, language: str):
        self.language = language

    def __enter__(self):
        self.previous = _language
        use(self.language)
        return self

    def __exit__(self, *exc):
        use(self.previous)
        return False
