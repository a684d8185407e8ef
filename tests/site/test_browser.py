"""The reader's site in a real headless Chromium: accessibility, keyboard, no-JavaScript reading, screenshots."""

import datetime
import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from tests.site.factories import (
    ArticleFactory,
    AuthorFactory,
    CorrectionFactory,
    ImageFactory,
    RelatedLinkFactory,
    SectionFactory,
)

LAUNCH_SLUG = "around-650k-russian-wartime-emigres-remain-abroad"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, settings):
    """The demo launch story plus a few other stories, served by a live server, with the real stylesheets.

    The live server serves static files from the finders, which know ``site.css`` but not the hashed
    names the manifest storage puts in pages; plain names let the browser load the same stylesheet.
    (Hashed, compressed serving under gunicorn is tested in tests/foundation/test_static_files.py.)
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("load_demo", stdout=io.StringIO())
    article = Article.objects.get(slug=LAUNCH_SLUG)
    world = SectionFactory(name="World", slug="world", position=3)
    others = [
        ("Armenia's rents rose as newcomers arrived", "Yerevan landlords raised prices in 2022."),
        ("Kazakhstan tightens rules for foreign residents", "New residence rules take effect next year."),
        ("Georgia's IT sector grew with Russian arrivals", "Tbilisi startups hired hundreds."),
        ("What the emigration data leave out", "Several countries publish no figures at all."),
    ]
    for number, (headline, summary) in enumerate(others):
        ArticleFactory(
            headline=headline,
            summary=summary,
            section=world,
            authors=[AuthorFactory()],
            lead_image=ImageFactory() if number % 2 == 0 else None,
            published_at=article.published_at - datetime.timedelta(hours=number + 1),
        )
    return live_server.url, article


@pytest.fixture
def busy_article():
    """An article with everything at once: inline images, several related boxes, corrections, an update."""
    inline = [ImageFactory(caption="", credit="Agency photo"), ImageFactory()]
    article = ArticleFactory(
        headline="A busy article",
        slug="busy-article",
        body="\n\n".join(
            [
                "Intro with a [link](https://example.org) and a list:\n\n- one\n- two",
                f"[image: {inline[0].pk}]",
                "[related: 1]",
                "> A quote from an official.",
                "[related: 2]",
                f"[image: {inline[1].pk}]",
                "[related: 3]",
                "| Country | People |\n|---|---|\n| Armenia | 110,000 |",
            ]
        ),
        updated_at=timezone.now(),
        authors=[AuthorFactory(), AuthorFactory(), AuthorFactory()],
    )
    for position in range(3):
        RelatedLinkFactory(article=article, position=position)
    CorrectionFactory(article=article)
    CorrectionFactory(article=article, kind="update", text="Officials confirmed the figure.")
    return article


def public_pages(base: str, article) -> dict[str, str]:
    return {
        "home": f"{base}/",
        "article": f"{base}{article.get_absolute_url()}",
        "search": f"{base}/search/?q=emigres",
        "author": f"{base}/authors/newsroom-staff/",
        "section": f"{base}/sections/russia/",
        "dataset": f"{base}/data/russian-wartime-emigres/",
    }


def test_stylesheet_is_loaded(site, page):
    base, _article = site
    page.goto(f"{base}/")
    assert "Georgia" in page.evaluate("() => getComputedStyle(document.body).fontFamily")


def test_axe_finds_no_accessibility_violations(site, busy_article, page):
    base, article = site
    axe = Axe()
    reports = {}
    pages = public_pages(base, article) | {"busy article": f"{base}{busy_article.get_absolute_url()}"}
    for name, url in pages.items():
        response = page.goto(url)
        assert response.status == 200, f"{name}: {response.status}"
        results = axe.run(page)
        if results.violations_count:
            reports[name] = results.generate_report()
    assert not reports, "\n\n".join(f"== {name}\n{report}" for name, report in reports.items())


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(site, page):
    base, article = site
    page.goto(f"{base}{article.get_absolute_url()}")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => ({text: document.activeElement.textContent, cls: document.activeElement.className})")
    assert focused == {"text": "Skip to content", "cls": "skip-link"}
    # Visible when focused: on screen and outlined.
    box = page.locator(".skip-link").bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    # The next Tab goes into the article, not back to the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('main') !== null")


def test_links_show_a_visible_focus_outline(site, page):
    base, _article = site
    page.goto(f"{base}/")
    link = page.locator(".story__headline a").first
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    style = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert style[0] == "solid" and style[1] == "3px"


def test_pages_work_without_javascript(site, browser):
    base, article = site
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{base}{article.get_absolute_url()}")
        assert page.locator("h1").inner_text() == article.headline
        assert page.get_by_text("Russians who left after February 2022 and remain in each country").first.is_visible()
        assert page.get_by_text("Black-Market Database of Leaked Info Lists Russian Wartime Emigres").first.is_visible()
        # Search is a plain GET form: it works without scripts.
        page.goto(f"{base}/")
        page.fill("#site-search-q", "emigres")
        page.click(".site-search button")
        page.wait_for_url("**/search/?q=emigres")
        assert page.locator(".story__headline a").first.inner_text() == article.headline
        assert page.input_value("#search-q") == "emigres"
    finally:
        context.close()


def test_article_fits_a_phone_screen_without_horizontal_scrolling(site, phone_page):
    base, article = site
    phone_page.goto(f"{base}{article.get_absolute_url()}")
    widths = phone_page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1]


def test_screenshots_of_the_launch_story_and_the_home_page(site, page, phone_page, screenshot_dir):
    base, article = site
    shots = {
        "launch-story-desktop.png": (page, f"{base}{article.get_absolute_url()}"),
        "launch-story-phone.png": (phone_page, f"{base}{article.get_absolute_url()}"),
        "home-desktop.png": (page, f"{base}/"),
        "home-phone.png": (phone_page, f"{base}/"),
    }
    for name, (tab, url) in shots.items():
        tab.goto(url)
        # Full-page shots: load the lazy images below the fold too, and wait for every image.
        tab.evaluate("() => document.querySelectorAll('img[loading=lazy]').forEach(img => img.loading = 'eager')")
        tab.wait_for_function("() => [...document.images].every(img => img.complete && img.naturalWidth > 0)")
        tab.screenshot(path=screenshot_dir / name, full_page=True)
        assert (screenshot_dir / name).stat().st_size > 10_000
