"""Checks that every language says everything (``gradwork dev check`` runs them).

* The message catalogue: every message id the code and the course use has a
  Korean translation, none is fuzzy or a placeholder, every ``{placeholder}``
  survives, and the compiled ``.mo`` matches its ``.po``
  (:func:`graders.i18n.catalog.problems`).
* The site: every page ``docs/X.md`` has its translation ``docs/X.ko.md`` and
  every translation has its page; the two carry the same build markers
  (``<!-- gradwork:... -->``) in the same order, the same number of code
  blocks, and the same figures; the translation is written in its language
  (it has Hangul) and has no ``TODO``/``FIXME`` left in its prose.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..course import Course
from ..i18n import LANGUAGES, LOCALIZED

MARKER = re.compile(r"<!--\s*gradwork:[a-z-]+(?:[ \t]+[^\s]+)?\s*-->")
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})", re.M)
FIGURE = re.compile(r"figures/([a-z0-9][a-z0-9_-]*)\.svg")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
UNFINISHED = re.compile(r"\b(TODO|FIXME|XXX)\b")
TRANSLATED = [language for language in LANGUAGES if language != "en"]


def translation_of(page: Path, language: str) -> Path:
    return page.with_name(f"{page.name[:-3]}.{language}.md")


def _prose(text: str) -> str:
    """The page without its code blocks and inline code (where TODO may be code)."""
    out, inside = [], None
    for line in text.splitlines():
        match = FENCE.match(line)
        if match and (inside is None or match.group(1)[0] == inside[0]):
            inside = None if inside else match.group(1)
            continue
        if inside is None:
            out.append(re.sub(r"`[^`]*`", "", line))
    return "\n".join(out)


def check_pages_translated(course: Course) -> list[str]:
    """Every page has its translation and every translation its page, with the same markers, code blocks and figures."""
    docs = course.docs_dir
    if not docs.is_dir():
        return []
    found = []
    pages = sorted(p for p in docs.rglob("*.md") if not LOCALIZED.search(p.name))
    for language in TRANSLATED:
        for page in pages:
            other = translation_of(page, language)
            shown, shown_other = course.display(page), course.display(other)
            if not other.is_file():
                found.append(f"{shown} has no {language} translation: write {shown_other} (same markers and code, prose in {language})")
                continue
            english, translated = page.read_text(encoding="utf-8"), other.read_text(encoding="utf-8")
            if MARKER.findall(english) != MARKER.findall(translated):
                found.append(f"{shown_other}: its <!-- gradwork:... --> markers differ from {shown}'s; they must be the same, in the same order")
            if len(FENCE.findall(english)) != len(FENCE.findall(translated)):
                found.append(f"{shown_other}: {len(FENCE.findall(translated))} code fences, {shown} has {len(FENCE.findall(english))}; translate the prose, keep every code block")
            if sorted(set(FIGURE.findall(english))) != sorted(set(FIGURE.findall(translated))):
                found.append(f"{shown_other}: shows other figures than {shown}")
            prose = _prose(translated)
            if language == "ko" and len(HANGUL.findall(prose)) < 0.2 * len(re.findall(r"[A-Za-z]", _prose(english))) / 5:
                found.append(f"{shown_other}: hardly any Korean in it; is it still the English page?")
            left = UNFINISHED.search(prose)
            if left:
                found.append(f"{shown_other}: a {left.group(1)} is left in the prose")
        for other in sorted(docs.rglob(f"*.{language}.md")):
            if not (other.parent / LOCALIZED.sub(".md", other.name)).is_file():
                found.append(f"{course.display(other)} translates a page that does not exist ({LOCALIZED.sub('.md', other.name)}); remove it or write the page")
    return found


def check_catalogue_complete(course: Course) -> list[str]:
    """Every message the code and the course use is translated, and the compiled catalogue is current."""
    from ..i18n import catalog

    return catalog.problems(course)
