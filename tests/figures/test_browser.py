"""The dataset, figure and embed pages in real headless Chromium: phone width without sideways scrolling,
no accessibility violations found by axe-core, and screenshots for the README."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from stats.demo import load_launch_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def launch_urls(live_server, settings):
    # The live server serves static files from the finders, which know "figures.css" but not the hashed
    # names the manifest storage writes into pages. (Hashed serving is tested under gunicorn elsewhere.)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    dataset, figure = load_launch_data()
    return {
        "dataset": live_server.url + dataset.get_absolute_url(),
        "figure": live_server.url + figure.get_absolute_url(),
        "embed": live_server.url + reverse("statistics:figure-embed", kwargs={"slug": figure.slug}),
    }


def assert_no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_dataset_page_on_desktop(page, launch_urls, screenshot_dir):
    page.goto(launch_urls["dataset"])
    assert page.locator("svg.figure__svg").count() == 1
    assert page.get_by_role("img", name="Where Russia's wartime emigres live now").count() == 1
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    assert_no_axe_violations(page)
    page.screenshot(path=screenshot_dir / "dataset-desktop.png", full_page=True)


def test_dataset_page_fits_a_phone(phone_page, launch_urls, screenshot_dir):
    phone_page.goto(launch_urls["dataset"])
    assert phone_page.evaluate(NO_SIDEWAYS_SCROLL)
    chart_width = phone_page.locator("svg.figure__svg").bounding_box()["width"]
    assert 300 <= chart_width <= 375
    # The chart's text keeps a readable size on a phone: it is not scaled down with the drawing.
    font_size = phone_page.locator("svg.figure__svg text.figure__value").first.evaluate(
        "el => el.getBoundingClientRect().height"
    )
    assert font_size >= 13
    assert_no_axe_violations(phone_page)
    phone_page.screenshot(path=screenshot_dir / "dataset-phone.png", full_page=True)


def test_figure_page_fits_a_phone_and_its_table_opens_without_javascript(browser, launch_urls):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, java_script_enabled=False)
    phone_page = context.new_page()
    try:
        phone_page.goto(launch_urls["figure"])
        assert phone_page.locator("table.figure__table").is_hidden()
        phone_page.get_by_text("Show the figures as a table").click()
        assert phone_page.locator("table.figure__table").is_visible()
        assert phone_page.get_by_role("row", name="Portugal").count() == 1
        assert phone_page.evaluate(NO_SIDEWAYS_SCROLL)
        assert phone_page.locator("#embed-code").input_value().startswith("<iframe src=")
    finally:
        context.close()


def test_figure_embeds_in_another_page(page, launch_urls, live_server, screenshot_dir):
    """Another outlet's page with the copy-paste iframe code shows the figure (not a refused frame)."""
    page.goto(launch_urls["figure"])
    code = page.locator("#embed-code").input_value()
    page.set_content(f"<!DOCTYPE html><html lang='en'><title>Another outlet</title><body style='margin:0'>{code}")
    frame = page.frame_locator("iframe")
    assert frame.locator("svg.figure__svg").count() == 1
    assert frame.get_by_text("about 650,000 people").count() == 1
    page.goto(launch_urls["embed"])
    page.set_viewport_size({"width": 640, "height": 900})
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    assert_no_axe_violations(page)
    page.screenshot(path=screenshot_dir / "figure-embed.png", full_page=True)
