"""Korean and English: the catalogue, the choice of language, and what a Korean
student reads (reports, hints, help, stubs, the terminal at 80 columns).

English is the source language (the message ids); Korean comes from
graders/i18n/locale/ko/LC_MESSAGES/gradwork.po. The site's two languages are
tested with the site (test_docs.py, test_browser.py).
"""

from __future__ import annotations

import ast
import json
import re
import sys

import pytest

from graders import i18n
from graders.dev.stubs import make_stub
from graders.i18n import catalog
from graders.i18n.source import translate_docstrings

from .conftest import ROOT, cli_env, run_cli
from .student_course import wrong_zeros_init, zeros_course

HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Four or more English words in a row: a sentence a Korean student should not meet.
# Code, commands, paths, identifiers and values are taken out first (see english_left).
ENGLISH_RUN = re.compile(r"\b[A-Za-z]{2,}(?:[ ,;'’-]+[A-Za-z]{2,}){3,}\b")
CODE_LIKE = [
    re.compile(r"`[^`]*`"),  # code spans
    re.compile(r"\bgradwork(?: [a-z][\w-]*)+(?: --?[\w-]+(?: \S+)?)*"),  # commands to paste
    re.compile(r"\b(?:np|numpy|math|rng|params|grads|cache)\.[\w.]+(?:\([^()]*\))?"),  # numpy calls
    re.compile(r"\b[\w.]+\([^()]*(?:\([^()]*\)[^()]*)*\)"),  # calls: init_zeros(n_in=2, n_out=3)
    re.compile(r"[\w./-]+\.(?:py|md|json|toml)\b"),  # file names
    re.compile(r"\b[A-Za-z]\w*(?:Error|Exception|Warning)\b[^\n]*"),  # a Python exception's own text
    re.compile(r"\b\w*_\w*\b"),  # identifiers with underscores (init_zeros, n_out)
]


def english_left(text: str) -> list[str]:
    """The English sentences left in ``text`` once code, commands and values are removed."""
    for pattern in CODE_LIKE:
        text = pattern.sub(" ", text)
    return ENGLISH_RUN.findall(text)


@pytest.fixture
def korean():
    with i18n.speaking("ko"):
        yield


# -- choosing the language ---------------------------------------------------------------
def test_the_language_comes_from_the_flag_then_the_environment_then_the_state_then_the_locale():
    env = {"LANG": "ko_KR.UTF-8"}
    assert i18n.resolve("en", stored="ko", environ={**env, "GRADWORK_LANG": "ko"}) == "en"
    assert i18n.resolve(None, stored="en", environ={**env, "GRADWORK_LANG": "ko"}) == "ko"
    assert i18n.resolve(None, stored="en", environ=env) == "en"
    assert i18n.resolve(None, stored=None, environ=env) == "ko"
    assert i18n.resolve(None, stored=None, environ={"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}) == "ko"
    assert i18n.resolve(None, stored=None, environ={"LC_ALL": "C.UTF-8", "LANG": "ko_KR.UTF-8"}) == "en"  # LC_ALL decides
    assert i18n.resolve(None, stored=None, environ={"LANGUAGE": "ko:en", "LANG": "C"}) == "ko"
    assert i18n.resolve(None, stored=None, environ={}) == "en"
    assert i18n.resolve(None, stored="klingon", environ={}) == "en"  # a damaged state is ignored
    with pytest.raises(i18n.LanguageError, match="choose one of en, ko"):
        i18n.resolve("fr", environ={})


def test_an_unknown_language_is_a_one_line_usage_error(tmp_path):
    root = zeros_course(tmp_path)
    for args, env in ((("--lang", "xx", "list"), {}), (("list",), {"GRADWORK_LANG": "tlh"})):
        done = run_cli(*args, cwd=root, env=cli_env(**env))
        assert done.returncode == 2, done
        assert done.stderr.count("\n") == 1 and "en, ko" in done.stderr, done.stderr
        assert done.stdout == ""


def test_lang_is_remembered_in_the_state_and_the_flag_works_anywhere_on_the_line(tmp_path):
    root = zeros_course(tmp_path)
    env = cli_env(LANG="C.UTF-8")
    env.pop("GRADWORK_LANG", None)
    first = run_cli("list", "--lang", "ko", cwd=root, env=env)
    assert first.returncode == 0, first.stderr
    assert HANGUL.search(first.stdout), first.stdout
    assert json.loads((root / ".gradwork" / "state.json").read_text())["language"] == "ko"
    again = run_cli("list", cwd=root, env=env)  # no flag: the stored choice
    assert again.stdout == first.stdout
    english = run_cli("list", cwd=root, env=dict(env, GRADWORK_LANG="en"))  # the environment beats the state
    assert not HANGUL.search(english.stdout.replace(json.loads('"\\u00b7"'), "")), english.stdout
    assert "Next: zeros_init" in english.stdout


# -- the catalogue ----------------------------------------------------------------------------
def test_every_message_has_english_and_korean_and_the_compiled_catalogue_is_current(course):
    """English is every entry's id; Korean must be there, not fuzzy, with the same
    placeholders, and the .mo must be what the .po compiles to."""
    assert catalog.problems(course) == []


def test_the_catalogue_check_can_fail(course, tmp_path, monkeypatch):
    po = tmp_path / "ko" / "LC_MESSAGES" / "gradwork.po"
    po.parent.mkdir(parents=True)
    text = catalog.po_path("ko").read_text(encoding="utf-8")
    # empty one translation and break the placeholders of another
    first = re.search(r'msgid "(Hint \{tier\} for \{id\}: )"\nmsgstr "([^"]+)"', text)
    assert first, "the catalogue lost the hint label"
    text = text.replace(first.group(0), f'msgid "{first.group(1)}"\nmsgstr "{first.group(2).replace("{tier}", "{level}")}"')
    text = re.sub(r'(msgid "Every exercise passes\."\n)msgstr "[^"]+"', r'\1msgstr ""', text)
    po.write_text(text, encoding="utf-8")
    monkeypatch.setattr(catalog, "LOCALE_DIR", tmp_path)
    found = "\n".join(catalog.problems(course))
    assert "'Every exercise passes.' has no ko translation" in found
    assert "placeholders ['id', 'level']" in found
    assert "out of date" in found  # no .mo next to it


# -- what a Korean student reads ------------------------------------------------------------
def test_korean_stubs_keep_the_code_and_translate_the_docstrings(course):
    for exercise in course.exercises:
        solution = course.solution_path(exercise).read_text(encoding="utf-8")
        english = make_stub(solution, exercise.id, language="en")
        korean = make_stub(solution, exercise.id, language="ko")
        assert english == (ROOT / "exercises" / f"{exercise.id}.py").read_text(encoding="utf-8")
        assert HANGUL.search(ast.get_docstring(ast.parse(korean))), exercise.id

        def code(source):  # the module without docstrings and the NotImplementedError messages
            tree = ast.parse(source)
            for node in ast.walk(tree):
                body = getattr(node, "body", None)
                if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) and isinstance(body[0].value.value, str):
                    body[0] = ast.Pass()
                if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                    node.exc.args = []
            return ast.dump(tree)

        assert code(english) == code(korean), exercise.id
        for function in exercise.functions:
            node_en = next(n for n in ast.parse(english).body if isinstance(n, ast.FunctionDef) and n.name == function)
            node_ko = next(n for n in ast.parse(korean).body if isinstance(n, ast.FunctionDef) and n.name == function)
            assert ast.dump(node_en.args) == ast.dump(node_ko.args), (exercise.id, function)
            assert HANGUL.search(ast.get_docstring(node_ko)), (exercise.id, function)
            doctests_en = [line.strip() for line in ast.get_docstring(node_en).splitlines() if line.strip().startswith(">>>")]
            doctests_ko = [line.strip() for line in ast.get_docstring(node_ko).splitlines() if line.strip().startswith(">>>")]
            assert doctests_en == doctests_ko, (exercise.id, function)
        assert "TODO(" + exercise.id + ")" in korean
        compile(korean, f"{exercise.id}.py", "exec")


def test_translating_docstrings_leaves_code_that_has_none_alone():
    source = "def f(x):\n    return x  # no docstring\n"
    with i18n.speaking("ko"):
        assert translate_docstrings(source) == source
        assert translate_docstrings("def broken(:\n") == "def broken(:\n"


def test_a_failing_report_in_korean_names_the_mistake_in_korean_and_has_no_english_sentence(tmp_path):
    root = zeros_course(tmp_path)
    (root / "exercises" / "zeros_init.py").write_text(wrong_zeros_init())
    done = run_cli("check", "zeros_init", cwd=root, env=cli_env(GRADWORK_LANG="ko", COLUMNS="100"))
    assert done.returncode == 1, done.stderr
    out = done.stdout
    assert "W를 전치함" in out or HANGUL.search(out), out
    assert english_left(out) == [], out
    hint = run_cli("hint", "zeros_init", cwd=root, env=cli_env(GRADWORK_LANG="ko", COLUMNS="100"))
    assert HANGUL.search(hint.stdout) and english_left(hint.stdout) == [], hint.stdout


def test_json_keys_and_statuses_stay_english_while_messages_follow_the_language(tmp_path):
    root = zeros_course(tmp_path)
    (root / "exercises" / "zeros_init.py").write_text(wrong_zeros_init())
    reports = {}
    for language in ("en", "ko"):
        done = run_cli("check", "zeros_init", "--format", "json", cwd=root, env=cli_env(GRADWORK_LANG=language))
        reports[language] = json.loads(done.stdout)

    def shape(value):
        if isinstance(value, dict):
            return {key: shape(item) for key, item in value.items()}
        if isinstance(value, list):
            return [shape(item) for item in value]
        return type(value).__name__

    en, ko = reports["en"]["exercises"][0], reports["ko"]["exercises"][0]
    assert shape(reports["en"]) == shape(reports["ko"])
    assert (en["status"], en["score"]) == (ko["status"], ko["score"])
    assert [p["status"] for p in en["properties"]] == [p["status"] for p in ko["properties"]]
    assert [p.get("key", p.get("name")) for p in en["properties"]][:1] and HANGUL.search(json.dumps(ko, ensure_ascii=False))
    assert not HANGUL.search(json.dumps(en, ensure_ascii=False))


def test_help_is_korean(tmp_path):
    done = run_cli("--lang", "ko", "check", "--help", cwd=zeros_course(tmp_path))
    assert done.returncode == 0
    assert "사용법" in done.stdout and HANGUL.search(done.stdout.split("\n", 3)[-1]), done.stdout


# -- the terminal: Hangul is two columns wide ----------------------------------------------------
@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_korean_output_fits_and_aligns_in_an_80_column_terminal(tmp_path):
    import pexpect
    from wcwidth import wcswidth

    root = zeros_course(tmp_path, ids=("zeros_init", "random_init"))
    (root / "exercises" / "zeros_init.py").write_text(wrong_zeros_init())
    env = cli_env(GRADWORK_LANG="ko", TERM="xterm-256color")
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    child = pexpect.spawn(sys.executable, ["-m", "graders"], cwd=str(root), env=env, dimensions=(200, 80), encoding="utf-8", timeout=240)
    child.expect(pexpect.EOF)
    child.close()
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07", "", child.before)
    lines = text.replace("\r\n", "\n").split("\n")
    assert child.exitstatus == 1, text
    assert HANGUL.search(text), text
    too_wide = [(wcswidth(line), line) for line in lines if wcswidth(line) > 80]
    assert too_wide == [], too_wide
    # the exercise table: each row's status word starts in the same display column
    rows = [line for line in lines if re.match(r"^[✗·✓?!]\s+(zeros_init|random_init)\s", line)]
    assert len(rows) == 2, text
    columns = {wcswidth(line[: re.search(r"(zeros_init|random_init)\s+", line).end()]) for line in rows}
    assert len(columns) == 1, rows
    assert english_left(text) == [], text


def test_lang_puts_untouched_stubs_into_the_language_and_never_touches_edited_files(tmp_path):
    root = zeros_course(tmp_path, ids=("zeros_init", "random_init"))
    untouched, edited = root / "exercises" / "random_init.py", root / "exercises" / "zeros_init.py"
    english_stub = untouched.read_text()
    edited.write_text(wrong_zeros_init())
    mine = edited.read_bytes()
    done = run_cli("--lang", "ko", "list", cwd=root)
    assert done.returncode == 0, done.stderr
    assert HANGUL.search(ast.get_docstring(ast.parse(untouched.read_text()))), "the untouched stub stayed English"
    assert "random_init.py" in done.stderr and "zeros_init.py" not in done.stderr
    assert edited.read_bytes() == mine
    back = run_cli("--lang", "en", "list", cwd=root)
    assert back.returncode == 0 and untouched.read_text() == english_stub and edited.read_bytes() == mine


def test_no_message_hides_inside_an_f_string():
    """Babel cannot see ``_("...")`` inside an f-string (before Python 3.12), so such a
    message would never reach the catalogue and would stay English."""
    hidden = []
    for path in sorted((ROOT / "graders").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                for inner in ast.walk(node):
                    if (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and inner.func.id in ("_", "N_", "ngettext")
                            and inner.args and isinstance(inner.args[0], ast.Constant)):
                        hidden.append(f"{path.relative_to(ROOT)}:{inner.lineno}: {inner.args[0].value!r}")
    assert hidden == []


def test_a_bad_language_is_reported_in_the_language_the_student_already_chose(tmp_path):
    root = zeros_course(tmp_path)
    env = cli_env(LANG="C.UTF-8")
    env.pop("GRADWORK_LANG", None)
    assert run_cli("--lang", "ko", "list", cwd=root, env=env).returncode == 0
    for args, extra in ((("--lang", "fr", "list"), {}), (("list",), {"GRADWORK_LANG": "fr"})):
        done = run_cli(*args, cwd=root, env=dict(env, **extra))
        assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
        assert HANGUL.search(done.stderr) and "en, ko" in done.stderr, done.stderr
        assert ("GRADWORK_LANG" in done.stderr) == bool(extra), done.stderr


def test_a_docstring_with_non_ascii_text_on_one_line_is_replaced_whole(monkeypatch):
    """ast counts columns in UTF-8 bytes: a one-line docstring with "σ" or "—" in it."""
    monkeypatch.setattr(i18n, "_active", type("T", (), {"gettext": staticmethod(lambda s: "한국어 설명" if s == "σ(z) — the sigmoid." else s)})())
    source = 'def f(z):\n    """σ(z) — the sigmoid."""\n    return z  # ok\n'
    translated = translate_docstrings(source)
    assert translated == 'def f(z):\n    """한국어 설명"""\n    return z  # ok\n'
