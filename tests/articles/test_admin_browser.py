"""An editor works the admin in a real browser: writes an article with a related link, publishes it, reads it."""

import io
import re

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.core.management import call_command

from articles.models import Article
from articles.roles import EDITORS, sync_role_groups
from tests.articles.factories import AuthorFactory, SectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-browser-test-password-42"
LAUNCH_URL = "/2024/07/17/around-650k-russian-wartime-emigres-remain-abroad/"


@pytest.fixture(autouse=True)
def unhashed_static_files(settings):
    """The live server serves static files from the apps' folders (finders), which know no hashed names."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def browser_editor(django_user_model):
    sync_role_groups(django_apps)
    user = django_user_model.objects.create_user(username="brenda-editor", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#content h1")


def test_editor_writes_publishes_and_reads_an_article_with_a_related_link(
    page, live_server, browser_editor, screenshot_dir
):
    SectionFactory(name="Russia", slug="russia")
    AuthorFactory(name="Anna Reporter", slug="anna-reporter")
    log_in(page, live_server, browser_editor.username)

    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_headline", "Russians Abroad Keep Their Distance")
    page.locator("#id_headline").blur()
    assert page.input_value("#id_slug") == "russians-abroad-keep-their-distance"  # pre-filled from the headline
    page.fill("#id_summary", "Most who left after February 2022 have not come back.")
    page.select_option("#id_section", label="Russia")
    page.fill("#id_body", "Most of those who left have stayed away.\n\n[related: 1]\n\nSome returned.")

    # The byline's author picker autocompletes (select2 on the admin's autocomplete endpoint).
    page.click("#bylines-0 .select2-selection")
    page.fill(".select2-dropdown .select2-search__field", "Anna")
    page.click(".select2-results__option >> text=Anna Reporter")

    page.fill("#id_related_links-0-url", "https://www.agents.media/")
    page.fill("#id_related_links-0-title", "Black-Market Database of Leaked Info Lists Russian Wartime Emigres")
    page.fill("#id_related_links-0-outlet", "Agentstvo")
    page.screenshot(path=str(screenshot_dir / "admin-article-form.png"), full_page=True)

    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    article = Article.objects.get(slug="russians-abroad-keep-their-distance")
    assert article.status == Article.Status.DRAFT
    assert [b.author.name for b in article.bylines.all()] == ["Anna Reporter"]
    assert page.locator("a.viewsitelink", has_text="Preview").count() == 1

    # Publish from the list with the bulk action.
    page.goto(f"{live_server.url}/admin/articles/article/")
    page.check(f"input[name=_selected_action][value='{article.pk}']")
    page.select_option("select[name=action]", "publish_selected")
    page.click("button[name=index]")
    page.wait_for_selector(".messagelist .success")
    assert "1 article published." in page.inner_text(".messagelist")

    with page.expect_navigation():
        page.click("a:has-text('View on site')")
    article.refresh_from_db()
    assert page.url == f"{live_server.url}{article.get_absolute_url()}"
    assert re.search(r"/\d{4}/\d{2}/\d{2}/russians-abroad-keep-their-distance/$", page.url)
    assert page.inner_text("h1") == "Russians Abroad Keep Their Distance"
    assert "Most of those who left have stayed away." in page.content()


def test_launch_story_page_after_loading_the_demo(page, live_server, screenshot_dir):
    call_command("load_demo", stdout=io.StringIO())
    response = page.goto(f"{live_server.url}{LAUNCH_URL}")
    assert response.status == 200
    assert "650,000" in page.inner_text("h1")
    page.screenshot(path=str(screenshot_dir / "launch-story.png"), full_page=True)
