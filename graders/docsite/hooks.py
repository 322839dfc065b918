"""MkDocs hooks of the lesson site (``hooks:`` in mkdocs.yml loads this file).

Everything the site says about an exercise comes from the course itself at
build time: the navigation from course.toml's order, each lesson's task from
its stub, hints from course.toml, mistakes from the misconception bank, the
worked examples' output from the reference solutions and the figures from
matplotlib. A problem is logged as a warning, which ``mkdocs build --strict``
(and ``gradwork docs --build-only --strict``, and the test suite) turns into a
failed build, and is shown on the page, so ``gradwork docs`` still serves a
half-finished course.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.gradwork")

_course = None


def _import_graders(root: Path) -> None:
    """Make this checkout's ``graders`` importable (mkdocs may run from any venv)."""
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))


def on_config(config):
    global _course
    root = Path(config.config_file_path).resolve().parent
    _import_graders(root)
    from graders.course import CourseError, load_course
    from mkdocs.exceptions import PluginError

    # A rebuild under `gradwork docs` runs in the same process: forget the
    # solutions and mistakes imported by the previous build (graders.engine.
    # loading keeps them under these private package names), so an edited
    # solution shows up in the worked examples and figures.
    for name in [n for n in sys.modules if n.startswith(("_gradwork_solutions_", "_gradwork_mistakes_"))]:
        del sys.modules[name]
    try:
        _course = load_course(root)
    except CourseError as exc:
        raise PluginError(str(exc)) from None
    if Path(config.docs_dir).resolve() != _course.docs_dir.resolve():
        raise PluginError(f"mkdocs.yml docs_dir is {config.docs_dir} but course.toml says docs = {_course.docs_dir}; make them agree")
    if config.nav:
        log.warning("mkdocs.yml has a nav:, but the site's navigation comes from course.toml; remove nav: from mkdocs.yml")
    config.nav = navigation(_course, Path(config.docs_dir))
    return config


def navigation(course, docs_dir: Path) -> list:
    """Home, the lessons in course order, then every other top-level page (by file name)."""
    lessons = [{f"{number}. {exercise.title}": exercise.lesson} for number, exercise in enumerate(course.exercises, start=1)]
    others = sorted(p.name for p in docs_dir.glob("*.md") if p.name not in ("index.md", "README.md"))
    home = [{"Home": "index.md"}] if (docs_dir / "index.md").is_file() else []
    return [*home, {"Lessons": lessons}, *others]


def on_files(files, config):
    from mkdocs.structure.files import File

    from graders.docsite.lesson import figures_used, stub_copy_uri

    course = _course
    for exercise in course.exercises:
        if files.get_file_from_path(exercise.lesson) is None:
            log.warning(f"{exercise.id} has no lesson yet: write docs/{exercise.lesson} (a skeleton made from course.toml stands in)")
            files.append(File.generated(config, exercise.lesson, content=f"# {exercise.title}\n\n{exercise.summary}\n"))
        stub = course.stub_path(exercise)
        if stub.is_file():
            files.append(File.generated(config, stub_copy_uri(exercise), abs_src_path=str(stub)))

    if course.corpus_dir is not None:
        return files  # the student edition: pages and figures were baked by `gradwork release`
    from graders.docsite import figures  # draws with the reference: not in the student edition

    wanted: dict[str, str] = {}
    for page in files.documentation_pages():
        for name in figures_used(page.content_string):
            wanted.setdefault(name, page.src_uri)
    for name, used_by in sorted(wanted.items()):
        try:
            svg = figures.render(name, course)
        except Exception as exc:  # noqa: BLE001 - build-time code failed: the build fails
            log.warning(f"{used_by}: figure {name!r} could not be drawn: {type(exc).__name__}: {exc}")
            continue
        files.append(File.generated(config, f"figures/{name}.svg", content=svg))
    return files


def on_page_markdown(markdown, page, config, files):
    from graders.docsite.lesson import expand, stub_copy_uri

    if _course.corpus_dir is not None:
        return markdown  # already expanded by `gradwork release` (there is no reference here)
    exercise = next((e for e in _course.exercises if e.lesson == page.file.src_uri), None)
    stub_link = exercise is not None and files.get_file_from_path(stub_copy_uri(exercise)) is not None
    result = expand(markdown, _course, page.file.src_uri, stub_link=stub_link)
    for problem in result.problems:
        log.warning(f"docs/{page.file.src_uri}: {problem}")
    return result.markdown


def on_serve(server, config, builder):
    """`gradwork docs` (and `mkdocs serve`) rebuild when the course's sources change."""
    course = _course
    for path in (course.root / "course.toml", course.exercises_dir, course.solutions_dir, course.mistakes_dir):
        if path.exists():
            server.watch(str(path))
    return server
