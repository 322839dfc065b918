"""The lesson site in a real browser: Playwright driving Debian's Chromium.

The site built once per session (tests/docs_site.py) is served by a local
http.server thread on 127.0.0.1. Every page is opened; the test asserts that
its math is typeset by the vendored KaTeX, its figures loaded, no request
left localhost and nothing was logged to the console as an error, and that
the search box finds a lesson by a word in it. A full-page screenshot of
every page lands in test-artifacts/screenshots/ (gitignored).

Without Chromium or Playwright the test says so and skips; when the CI
environment variable is set it fails instead.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from graders.course import load_course

from . import docs_site

pytestmark = pytest.mark.browser

ROOT = docs_site.ROOT
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("GRADWORK_CHROMIUM", "/usr/bin/chromium")  # Debian's Chromium; the variable is for trying other builds
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
COURSE = load_course(ROOT)
PAGES = [("home", ""), *[(e.id, e.lesson.removesuffix(".md") + "/") for e in COURSE.exercises], ("instructors", "instructors/")]
LESSONS = {e.id for e in COURSE.exercises}


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    return docs_site.build(tmp_path_factory).require_success()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(site):
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    chromium = CHROMIUM if Path(CHROMIUM).exists() else None
    if chromium is None and "GRADWORK_CHROMIUM" not in os.environ:
        chromium = shutil.which("chromium")
    if not chromium:
        docs_site.need(f"Chromium is not installed ({CHROMIUM} is missing): apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        docs_site.need("Playwright is not installed (pip install -e '.[dev]')")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-default-apps", "--disable-sync"],
        )
        yield launched
        launched.close()


class Watched:
    """A browser tab that records console errors and every request that left localhost (and blocks it)."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light", service_workers="block")
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(f"console: {message.text}"))
        self.page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        self.page.on("requestfailed", lambda request: self._failed(request))
        self.context.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        host = urlparse(url).hostname
        if url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def _failed(self, request):
        if urlparse(request.url).hostname in LOCAL_HOSTS:
            self.errors.append(f"request failed: {request.url} ({request.failure})")

    def close(self):
        self.context.close()


@pytest.mark.parametrize("name,path", PAGES, ids=[name for name, _ in PAGES])
def test_page_renders_offline(browser, server, name, path):
    tab = Watched(browser)
    page = tab.page
    try:
        response = page.goto(server + path, wait_until="load")
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        page.wait_for_load_state("networkidle")

        math = page.locator("article .arithmatex")
        if name in LESSONS:
            assert math.count() > 0, f"{name}: the lesson has no math"
        page.wait_for_function(
            "() => [...document.querySelectorAll('article .arithmatex')].every(e => e.querySelector('.katex'))",
            timeout=15_000,
        )
        assert page.locator("article .katex-error").count() == 0, f"{name}: KaTeX could not parse some math"
        if math.count():
            # the KaTeX fonts really loaded (a missing woff2 would fall back silently)
            assert page.evaluate("document.fonts.check('16px KaTeX_Main')"), f"{name}: KaTeX fonts did not load"

        figures = page.locator("article img[src*='figures/']")
        if name in LESSONS:
            assert figures.count() > 0, f"{name}: the lesson has no figure"
        for index in range(figures.count()):
            figure = figures.nth(index)
            figure.scroll_into_view_if_needed()
            loaded = figure.evaluate("img => img.complete && img.naturalWidth > 100")
            assert loaded, f"{name}: figure {figure.get_attribute('src')} did not load"

        # the sticky header would be painted over the middle of a full-page shot
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True, style=".md-header { position: absolute !important; }")
        assert not tab.outside, f"{name}: requests left localhost: {tab.outside}"
        assert not tab.errors, f"{name}: " + "; ".join(tab.errors)
    finally:
        tab.close()


@pytest.mark.parametrize("term,lesson", [("calorie", "broadcasting"), ("symmetry", "zeros_init")])
def test_search_finds_a_lesson(browser, server, term, lesson):
    tab = Watched(browser)
    page = tab.page
    try:
        page.goto(server, wait_until="networkidle")  # the search worker has loaded its index
        box = page.locator("input.md-search__input")
        box.click()
        box.press_sequentially(term, delay=40)  # typed key by key, as a person would
        target = page.locator(f".md-search-result__item a[href*='lessons/{lesson}/']")
        target.first.wait_for(state="visible", timeout=15_000)
        page.screenshot(path=str(SCREENSHOTS / f"search-{term}.png"))
        target.first.click()
        page.wait_for_url(f"**/lessons/{lesson}/**")
        assert not tab.outside, f"requests left localhost: {tab.outside}"
        assert not tab.errors, "; ".join(tab.errors)
    finally:
        tab.close()
