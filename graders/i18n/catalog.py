"""The Korean catalogue: extracted, merged and compiled with Babel.

``gradwork dev i18n`` runs :func:`update`: it collects every message id —

* from the code, Babel's Python extractor finds ``_()``, ``N_()`` and
  ``ngettext()`` calls (with ``# TRANSLATORS:`` comments);
* from the course, the words written in English where they are defined:
  each exercise's title, summary and hints (course.toml), each property's
  description and advice, each mistake's title and advice, and every
  docstring of the reference solutions (the stubs' docstrings, which a
  Korean student edition shows in Korean);

— writes them as the template ``locale/gradwork.pot``, merges the template
into ``locale/ko/LC_MESSAGES/gradwork.po`` (translations kept, new ids added
empty, vanished ids dropped) and compiles ``gradwork.mo`` next to it.

:func:`problems` is what ``gradwork dev check`` and the test suite ask: an id
without a Korean translation, a fuzzy or placeholder translation, a
translation whose ``{placeholders}`` differ from the English, a translation
for an id nothing uses any more, and a compiled file that is out of date.
"""

from __future__ import annotations

import ast
import inspect
import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from . import DOMAIN, LANGUAGES, LOCALE_DIR

LISTED = 12  # problems listed one by one per catalogue; the rest are counted
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
PACKAGE = Path(__file__).resolve().parents[1]  # graders/
TARGETS = [language for language in LANGUAGES if language != "en"]
PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")
# What a translator leaves when they mean to come back: never shipped.
UNFINISHED = re.compile(r"\b(TODO|FIXME|XXX|TRANSLATE ME)\b|^\s*$")


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


def docstring_id(text: str) -> str:
    """The message id of a docstring: its text as ``inspect.cleandoc`` gives it."""
    return inspect.cleandoc(text)


def docstrings(source: str):
    """(line, text) of the module's, each class's and each function's docstring."""
    from .source import docstring_literals

    for literal in docstring_literals(ast.parse(source)):
        yield literal.lineno, literal.value


def _course_messages(course):
    """(message, location, comment) for the course's own words."""
    from ..engine.loading import load_optional
    from ..engine.properties import collect as collect_properties
    from ..engine.variants import collect as collect_variants

    where = "course.toml"
    yield course.title, (where, 0), "the course's title"
    for exercise in course.exercises:
        yield exercise.title, (where, 0), f"exercise {exercise.id}: title"
        yield exercise.summary, (where, 0), f"exercise {exercise.id}: summary"
        for tier, hint in enumerate(exercise.hints, start=1):
            yield hint, (where, 0), f"exercise {exercise.id}: hint {tier} of {len(exercise.hints)} (code stays as it is)"
        if course.corpus_dir is None:
            properties = load_optional("properties", course.properties_dir, exercise.id)
            if properties is not None:
                rel = _rel(course, course.properties_path(exercise))
                for prop in collect_properties(properties):
                    yield prop.name, (rel, 0), f"property {prop.key} of {prop.function}: what it checks"
                    if prop.advice:
                        yield prop.advice, (rel, 0), f"property {prop.key}: advice when it fails"
            mistakes = load_optional("mistakes", course.mistakes_dir, exercise.id)
            if mistakes is not None:
                rel = _rel(course, course.mistakes_path(exercise))
                for variant in collect_variants(mistakes):
                    if variant.kind != "mistake":
                        continue
                    yield variant.title, (rel, 0), f"mistake {variant.key} in {variant.replaces}: its name ('looks like ...')"
                    yield variant.advice, (rel, 0), f"mistake {variant.key}: the advice"
            solution = course.solution_path(exercise)
            if solution.is_file():
                for line, text in docstrings(solution.read_text(encoding="utf-8")):
                    yield docstring_id(text), (_rel(course, solution), line), f"docstring in {exercise.id} (a stub's contract: keep code, doctests and names as they are)"


def _rel(course, path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(course.root.resolve()).as_posix()
    except ValueError:
        return str(path)


def template(course) -> Catalog:
    """Every message id gradwork and this course show, with where each comes from."""
    catalog = Catalog(project="gradwork", domain=DOMAIN, charset="utf-8", fuzzy=False)
    root = PACKAGE.parent
    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map=method_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True
    ):
        location = ((PACKAGE / filename).relative_to(root).as_posix(), lineno)
        if isinstance(message, tuple):
            _add(catalog, message[0], location, comments, plural=message[1])
        else:
            _add(catalog, message, location, comments)
    for message, location, comment in _course_messages(course):
        if message:
            _add(catalog, message, location, [comment])
    return catalog


def _add(catalog: Catalog, message: str, location, comments, plural: str | None = None) -> None:
    if not message:
        return
    key = message
    found = catalog.get(key)
    flags = ["python-brace-format"] if PLACEHOLDER.search(message) else []
    if found is None:
        catalog.add((message, plural) if plural else message, locations=[location], auto_comments=list(comments), flags=flags)
    else:
        if location not in found.locations:
            found.locations.append(location)
        for comment in comments:
            if comment not in found.auto_comments:
                found.auto_comments.append(comment)


def read(language: str) -> Catalog:
    path = po_path(language)
    if not path.is_file():
        return Catalog(locale=language, domain=DOMAIN, fuzzy=False)
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=False, include_previous=False, ignore_obsolete=True)
    return buffer.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def merged(course, language: str) -> Catalog:
    """The language's catalogue with the current template merged in (nothing written)."""
    catalog = read(language)
    catalog.update(template(course), no_fuzzy_matching=True, update_header_comment=False)
    catalog.obsolete.clear()
    catalog.project = "gradwork"
    catalog.fuzzy = False
    return catalog


def update(course) -> list[Path]:
    """Write the template, merge it into each language's catalogue, compile them."""
    written = []
    pot = LOCALE_DIR / f"{DOMAIN}.pot"
    pot.parent.mkdir(parents=True, exist_ok=True)
    pot.write_bytes(_po_bytes(template(course)))
    written.append(pot)
    for language in TARGETS:
        catalog = merged(course, language)
        po = po_path(language)
        po.parent.mkdir(parents=True, exist_ok=True)
        po.write_bytes(_po_bytes(catalog))
        written.append(po)
        written.extend(compile_catalog(language))
    return written


def compile_catalog(language: str) -> list[Path]:
    mo = mo_path(language)
    data = _mo_bytes(read(language))
    if not mo.is_file() or mo.read_bytes() != data:
        mo.write_bytes(data)
        return [mo]
    return []


def _text(message) -> list[tuple[str, str]]:
    """(English, translation) pairs of one entry (plural entries give one pair per form)."""
    ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
    strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    if len(ids) > 1 and len(strings) == 1:  # a language with one form (Korean): it stands for the plural
        return [(ids[-1], strings[0] or "")]
    return [(ids[min(i, len(ids) - 1)], s or "") for i, s in enumerate(strings)] or [(ids[0], "")]


def problems(course) -> list[str]:
    """What keeps the catalogues from being complete, one line each (empty: complete)."""
    found: list[str] = []
    want = template(course)
    for language in TARGETS:
        catalog = read(language)
        path = _display(po_path(language))
        missing = untranslated = 0
        first: list[str] = []
        for message in want:
            if not message.id:
                continue
            have = catalog.get(message.id)
            if have is None:
                missing += 1
                first.append(f"{path}: no entry for {_short(message.id)} ({_where(message)})")
                continue
            if have.fuzzy:
                first.append(f"{path}: the translation of {_short(message.id)} is marked fuzzy; check it and remove the flag")
            for english, text in _text(have):
                if not text or (UNFINISHED.search(text) and not UNFINISHED.search(english)):
                    untranslated += 1
                    first.append(f"{path}: {_short(english)} has no {language} translation ({_where(message)})")
                    continue
                lost = set(PLACEHOLDER.findall(english)) ^ set(PLACEHOLDER.findall(text))
                if lost:
                    first.append(f"{path}: the translation of {_short(english)} has placeholders {sorted(set(PLACEHOLDER.findall(text)))}; the English has {sorted(set(PLACEHOLDER.findall(english)))}")
        used = {m.id for m in want}
        stale = [m.id for m in catalog if m.id and m.id not in used]
        if stale:
            first.append(f"{path}: {len(stale)} translation(s) of messages nothing uses any more, e.g. {_short(stale[0])}; run `gradwork dev i18n`")
        if len(first) > LISTED:
            first = first[:LISTED] + [f"{path}: ... and {len(first) - LISTED} more"]
        if missing or untranslated:
            first.insert(0, f"{path}: {missing} message(s) missing and {untranslated} untranslated; run `gradwork dev i18n`, then translate the empty entries")
        mo = mo_path(language)
        if not mo.is_file() or mo.read_bytes() != _mo_bytes(catalog):
            first.append(f"{_display(mo)} is out of date with its .po; run `gradwork dev i18n`")
        found.extend(first)
    return found


def _display(path: Path) -> str:
    try:
        return path.relative_to(PACKAGE.parent).as_posix()
    except ValueError:
        return str(path)


def _short(message) -> str:
    text = message[0] if isinstance(message, (list, tuple)) else message
    text = " ".join(str(text).split())
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _where(message) -> str:
    if not message.locations:
        return "?"
    path, line = message.locations[0]
    return f"{path}:{line}" if line else path
