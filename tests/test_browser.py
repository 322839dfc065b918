"""The lesson site in a real browser: Playwright driving Debian's Chromium.

The site built once per session (tests/docs_site.py) is served by a local
http.server thread on 127.0.0.1. Every page is opened; the test asserts that
its math is typeset by the vendored KaTeX, its figures loaded, no request
left localhost and nothing was logged to the console as an error, and that
the search box finds a lesson by a word in it. What readers ran into is
checked where they saw it: the table of contents and the search results
show no raw ``\\(...\\)``, a code block's copy button covers none of its
code, the card's "Your file" is the student's ``exercises/<id>.py`` (not a
link to a copy on the site), and on a 375 px phone nothing makes the page
scroll sideways or is cut off (wide math and code scroll in their own box).
With GRADWORK_SCREENSHOTS=1 a full-page screenshot of every page, at 1280 px
and at 375 px, lands in test-artifacts/screenshots/ (gitignored), for a person
to look at: nothing asserts on them, and taking them doubled the browser tests'
time, so by default they are not taken.

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

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("site")]  # with test_docs.py: one worker builds the site once (--dist loadgroup)

ROOT = docs_site.ROOT
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
TAKE_SCREENSHOTS = os.environ.get("GRADWORK_SCREENSHOTS") == "1"
CHROMIUM = os.environ.get("GRADWORK_CHROMIUM", "/usr/bin/chromium")  # Debian's Chromium; the variable is for trying other builds
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
COURSE = load_course(ROOT)
ENGLISH_PAGES = [("home", ""), *[(e.id, e.lesson.removesuffix(".md") + "/") for e in COURSE.exercises], ("instructors", "instructors/"), ("glossary", "glossary/")]
# The Korean site (mkdocs-static-i18n) mirrors the English one under ko/.
PAGES = ENGLISH_PAGES + [(f"ko-{name}", f"ko/{path}") for name, path in ENGLISH_PAGES] + [("ko-classroom", "ko/classroom/")]
LESSONS = {e.id for e in COURSE.exercises} | {f"ko-{e.id}" for e in COURSE.exercises}


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
    if TAKE_SCREENSHOTS:
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


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}  # an iPhone's width in CSS pixels

# Every code block's copy button (Material's .md-code__nav) against its code.
COPY_BUTTON_OVERLAPS = """() => {
  const overlaps = [];
  for (const nav of document.querySelectorAll('article pre > .md-code__nav')) {
    const code = nav.parentElement.querySelector(':scope > code');
    const n = nav.getBoundingClientRect(), c = code ? code.getBoundingClientRect() : null;
    if (!c || !n.width || !c.width) continue;  // folded away (a closed hint)
    const across = Math.min(n.right, c.right) - Math.max(n.left, c.left);
    const down = Math.min(n.bottom, c.bottom) - Math.max(n.top, c.top);
    if (across > 0.5 && down > 0.5) overlaps.push(code.textContent.split('\\n')[0].slice(0, 60));
  }
  return overlaps;
}"""

# What sticks out of the article: an element that reaches past the edge of the
# first ancestor that clips it (overflow hidden or clip) is cut off; one that
# reaches past a scrolling ancestor is fine (the reader can scroll there); one
# with no such ancestor must stay inside the viewport.
CUT_OFF = """() => {
  const width = document.documentElement.clientWidth, found = [];
  const selector = 'article .katex, article pre code, article table, article img, article p, article li, article h1, article h2, article h3';
  for (const element of document.querySelectorAll(selector)) {
    const box0 = element.getBoundingClientRect();
    if (!box0.width) continue;
    // a block (KaTeX's display math is one) is as wide as its container: its content reaches further
    const spills = getComputedStyle(element).overflowX === 'visible';
    const r = {left: box0.left, right: spills ? box0.left + Math.max(box0.width, element.scrollWidth) : box0.right};
    let box = element.parentElement, verdict = null;
    for (; box && box !== document.documentElement; box = box.parentElement) {
      const overflow = getComputedStyle(box).overflowX;
      if (overflow === 'visible') continue;
      const b = box.getBoundingClientRect();
      if ((r.right > b.right + 1 || r.left < b.left - 1) && !['auto', 'scroll'].includes(overflow))
        verdict = `cut off by ${box.tagName.toLowerCase()}.${box.className}`;
      break;
    }
    if (!verdict && (!box || box === document.documentElement) && (r.right > width + 1 || r.left < -1))
      verdict = `reaches ${Math.round(r.left)}..${Math.round(r.right)} px of ${width}`;
    if (verdict) found.push(`${element.tagName.toLowerCase()} "${element.textContent.trim().slice(0, 40)}": ${verdict}`);
  }
  return found;
}"""


class Watched:
    """A browser tab that records console errors and every request that left localhost (and blocks it)."""

    def __init__(self, browser, viewport=DESKTOP):
        self.context = browser.new_context(viewport=viewport, color_scheme="light", service_workers="block")
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
        wait_for_katex(page)
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

        toc = page.locator("nav.md-nav--secondary .md-nav__link").all_text_contents()
        raw = [entry.strip() for entry in toc if "\\(" in entry or "\\[" in entry or "$$" in entry]
        assert not raw, f"{name}: the table of contents shows raw math: {raw}"
        check_copy_buttons(page, name)
        if name in LESSONS:
            check_your_file(page, name)

        if name.startswith("ko-"):
            check_korean(page, name)
        screenshot(page, f"{name}.png", full_page=True)
        assert not tab.outside, f"{name}: requests left localhost: {tab.outside}"
        assert not tab.errors, f"{name}: " + "; ".join(tab.errors)
    finally:
        tab.close()


def screenshot(page, file: str, *, full_page: bool = False) -> None:
    """A screenshot for people to look at (GRADWORK_SCREENSHOTS=1), else nothing."""
    if TAKE_SCREENSHOTS:
        # the sticky header would be painted over the middle of a full-page shot
        page.screenshot(path=str(SCREENSHOTS / file), full_page=full_page, style=".md-header { position: absolute !important; }" if full_page else None)


def check_korean(page, name):
    """A Korean page: marked Korean, its interface in Korean, its figures drawn for it."""
    assert page.evaluate("document.documentElement.lang") == "ko", f"{name}: <html lang> is not ko"
    body = page.locator("article").inner_text()
    assert sum("\uac00" <= c <= "\ud7a3" for c in body) > 200, f"{name}: hardly any Hangul on the page"
    # Material's own strings come from its Korean translation (the search box's placeholder)
    placeholder = page.locator("input.md-search__input").get_attribute("placeholder") or ""
    assert any("\uac00" <= c <= "\ud7a3" for c in placeholder), f"{name}: the search box says {placeholder!r}"
    for src in page.locator("article img[src*='figures/']").evaluate_all("els => els.map(e => e.src)"):
        assert "/ko/figures/" in src, f"{name}: figure {src} is not the Korean one"
    switcher = page.locator(".md-select a[hreflang='en']")
    assert switcher.count() >= 1, f"{name}: no link to the English page in the language switcher"


def wait_for_katex(page):
    page.wait_for_function(
        "() => [...document.querySelectorAll('article .arithmatex')].every(e => e.querySelector('.katex'))",
        timeout=15_000,
    )


def check_copy_buttons(page, name):
    if page.locator("article pre > code").count():
        page.locator("article pre > .md-code__nav").first.wait_for(state="attached", timeout=10_000)
    covered = page.evaluate(COPY_BUTTON_OVERLAPS)
    assert not covered, f"{name}: the copy button lies over the code of: {covered}"


def check_your_file(page, name):
    path = f"exercises/{name}.py"
    card = page.locator("article .admonition.example").first
    korean = name.startswith("ko-")
    name = name.removeprefix("ko-")
    path = f"exercises/{name}.py"
    assert ("여러분의 파일" if korean else "Your file:") in card.inner_text(), f"{name}: the card names no file"
    mine = card.locator(".gw-path")
    assert mine.count() == 1 and mine.inner_text().strip() == path, f"{name}: 'Your file' is not {path}"
    assert mine.get_attribute("data-clipboard-text") == path
    assert card.locator("a[href*='exercises/']").count() == 0, f"{name}: the card links to a copy of the stub"
    mine.click()  # Material copies the path and says so
    page.locator(".md-dialog").filter(has_text="클립보드에 복사됨" if korean else "Copied").wait_for(state="visible", timeout=5_000)


@pytest.mark.parametrize("name,path", PAGES, ids=[name for name, _ in PAGES])
def test_page_fits_a_phone(browser, server, name, path):
    tab = Watched(browser, viewport=PHONE)
    page = tab.page
    try:
        page.goto(server + path, wait_until="networkidle")
        wait_for_katex(page)
        sideways = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert sideways <= 0, f"{name}: at {PHONE['width']} px the page scrolls sideways by {sideways} px"
        cut = page.evaluate(CUT_OFF)
        assert not cut, f"{name}: at {PHONE['width']} px, cut off:\n" + "\n".join(cut[:15])
        check_copy_buttons(page, name)
        screenshot(page, f"{name}-375.png", full_page=True)
        assert not tab.errors, f"{name}: " + "; ".join(tab.errors)
    finally:
        tab.close()


@pytest.mark.parametrize("home,term,lesson", [
    ("", "calorie", "broadcasting"), ("", "symmetry", "zeros_init"), ("", "logits", "cost_function"),
    # Korean search, by the seeds' own terms, finds the Korean lesson
    ("ko/", "브로드캐스팅", "broadcasting"), ("ko/", "은닉층", "hidden_layer"), ("ko/", "소프트맥스", "indexing_reshape"),
])
def test_search_finds_a_lesson(browser, server, home, term, lesson):
    tab = Watched(browser)
    page = tab.page
    lesson = f"{home}lessons/{lesson}"
    try:
        page.goto(server + home, wait_until="networkidle")  # the search worker has loaded its index
        box = page.locator("input.md-search__input")
        box.click()
        box.press_sequentially(term, delay=40)  # typed key by key, as a person would
        # Hangul comes through an input method, which ends with a key event; Playwright
        # inserts non-ASCII text without one, and Material searches on key events.
        box.press("End")
        target = page.locator(f".md-search-result__item a[href*='{lesson}/']")
        target.first.wait_for(state="visible", timeout=15_000)
        screenshot(page, f"search-{home.strip('/') or 'en'}-{term}.png")
        shown = page.locator(".md-search-result").inner_text()
        assert "\\(" not in shown and "\\[" not in shown, f"search results for {term!r} show raw math"
        target.first.click()
        page.wait_for_url(f"**/{lesson}/**")
        assert not tab.outside, f"requests left localhost: {tab.outside}"
        assert not tab.errors, "; ".join(tab.errors)
    finally:
        tab.close()
