"""Text from student code is data: make it safe to show in any report.

Strings that come from a student's code (exception messages, reprs of returned
values, printed output, traceback source lines, file names, warnings) reach the
terminal, JSON, Gradescope's results.json, JUnit XML and HTML. Raw, they can

* drive the terminal: ``\\x1b[2J`` clears the screen, OSC 8 makes links, ``\\r``
  overwrites a line so a failure looks like a pass;
* break a format: NUL, most C0 controls, U+FFFE/U+FFFF and lone surrogates are
  not allowed in XML 1.0, and a lone surrogate cannot be encoded as UTF-8;
* lie: bidirectional overrides show text in another order than it is stored
  ("Trojan source").

:func:`safe_text` replaces each such character by a visible Python-style escape
(``\\x1b``, ``\\r``, ``\\ud800``, ``\\u202e``) so the student still sees what
was there; everything else (Hangul, emoji, Greek, →, —, ✓, ✗, ·) is kept.
:func:`safe_data` does the same to every string in a JSON-like structure or a
:mod:`graders.results` object. The reporters apply them to what they render, so
every format is safe even if a string slipped past an earlier layer.

:class:`Phrase` is the other side of text as data: gradwork's own English words
kept as data (compared, sorted, stored) until they are shown, then said in the
student's language.
"""

from __future__ import annotations

import copy
import dataclasses
import re

from .i18n import _

# Escaped: C0 controls except \t and \n, DEL and the C1 controls, the bidi
# embeddings/overrides/isolates, lone surrogates, and the XML 1.0 non-characters
# U+FFFE/U+FFFF. A tab is kept: it is valid in every format and cannot move the
# cursor back. "\r\n" (Windows line ends in printed output) becomes "\n", which
# cannot overwrite anything; a lone "\r" is escaped.
_RANGES = [(0x00, 0x08), (0x0B, 0x1F), (0x7F, 0x9F), (0x202A, 0x202E), (0x2066, 0x2069), (0xD800, 0xDFFF), (0xFFFE, 0xFFFF)]
# str.translate tables (about 15 times faster than re.sub with a function).
_MULTI_LINE = {code: f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" for low, high in _RANGES for code in range(low, high + 1)}
_MULTI_LINE[ord("\r")] = "\\r"
_ONE_LINE = {**_MULTI_LINE, ord("\n"): "\\n"}
# Almost every string has none of them: a regex finds that at C speed, and such a
# string is returned as it is (translate looks up every character in the table).
_UNSAFE_MULTI = re.compile("[" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in _RANGES) + "\\r]")
_UNSAFE_ONE = re.compile("[" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in _RANGES) + "\\r\\n]")


def safe_text(text: str, *, keep_newlines: bool = True) -> str:
    """``text`` with every character that could control a terminal, break XML or
    UTF-8, or reorder what is shown replaced by a visible escape such as ``\\x1b``.

    Newlines are kept unless ``keep_newlines`` is false (then they become
    ``\\n``); tabs are always kept; ``\\r\\n`` becomes ``\\n``. Backslashes are
    not escaped, so a student's literal ``\\x1b`` and a real ESC look the same:
    the point is that nothing is hidden or executed, not that the mapping is
    reversible. The result holds none of the characters it escapes, so applying
    it twice changes nothing. Never raises for a ``str``; fast on 100 kB.
    """
    if keep_newlines:
        return text.replace("\r\n", "\n").translate(_MULTI_LINE) if _UNSAFE_MULTI.search(text) else text
    return text.translate(_ONE_LINE) if _UNSAFE_ONE.search(text) else text


def safe_data(value):
    """A copy of ``value`` with :func:`safe_text` applied to every string in it.

    Walks dicts (keys too), lists and tuples, and dataclass instances such as
    :class:`~graders.results.CourseResult` (copied field by field, so the
    caller's objects are not changed). Numbers, booleans, None and anything else
    are returned as they are.
    """
    kind = type(value)  # the plain types first: a report is thousands of them
    if kind is str:
        return safe_text(value)
    if kind is dict:
        return {safe_data(key): safe_data(item) for key, item in value.items()}
    if kind is list:
        return [safe_data(item) for item in value]
    if value is None or kind is int or kind is float or kind is bool:
        return value
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, dict):
        return {safe_data(key): safe_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [safe_data(item) for item in value]
    if isinstance(value, tuple):
        items = [safe_data(item) for item in value]
        return value._make(items) if hasattr(value, "_make") else tuple(items)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        clean = copy.copy(value)
        for field in dataclasses.fields(value):
            object.__setattr__(clean, field.name, safe_data(getattr(value, field.name)))
        return clean
    return value


# -- English kept as data, said in the student's language ---------------------------
class Phrase(str):
    """English text that is data — stored, compared, sorted, tested as the plain
    string it is — and that remembers its message id, so it can be said in the
    current language where it is shown (:meth:`translated`).

    ``Phrase(N_("{name}() (a Python loop over its input)"), name="map")`` is the
    str ``"map() (a Python loop over its input)"``; its ``translated()`` is
    ``_("{name}() (a Python loop over its input)").format(name="map")`` in the
    language chosen when it is called. A parameter that is a Phrase is translated
    with it. Write the message id inside ``N_()`` where the Phrase is made, so
    the catalogue has it; a Phrase of pure code (``Phrase("map()")``) needs none.
    """

    msgid: str
    params: dict

    def __new__(cls, msgid: str, **params):
        self = super().__new__(cls, msgid.format(**params) if params else msgid)
        self.msgid = msgid
        self.params = params
        return self

    def translated(self) -> str:
        if not self.params:
            return _(self.msgid)
        return _(self.msgid).format(**{key: said(value) for key, value in self.params.items()})


def said(text):
    """``text`` in the current language when it is a :class:`Phrase`; anything else as it is."""
    return text.translated() if isinstance(text, Phrase) else text
