"""An embed naming something that does not exist is an admin error naming the line, never a broken page."""

import pytest
from django.urls import reverse

from articles import services
from articles.embed_checks import body_embed_errors
from articles.models import Article
from tests.articles.factories import ArticleFactory, ExternalLinkFactory, FigureFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")


@pytest.fixture
def new_article(editor_client, form_data):
    """Submit the add form as an editor would, with the given changes."""
    section = SectionFactory()

    def submit(**changes):
        data = form_data(editor_client.get(ADD_URL))
        data.update({"headline": "Emigres abroad", "slug": "emigres-abroad", "section": section.pk})
        data.update(changes)
        return editor_client.post(ADD_URL, data)

    return submit


def test_missing_figure_is_refused_naming_the_line_and_nothing_is_saved(new_article):
    response = new_article(body="Intro paragraph.\n\n[figure: no-such-figure]\n\nMore text.")
    assert response.status_code == 200
    assert (
        "Line 3: “[figure: no-such-figure]”: there is no figure with the slug “no-such-figure”."
        in response.content.decode()
    )
    assert not Article.objects.exists()


def test_existing_figure_image_and_related_link_are_accepted(new_article):
    figure = FigureFactory()
    image = ImageFactory()
    response = new_article(
        body=f"[figure: {figure.slug}]\n\n[image: {image.pk}]\n\n[related: 1]",
        **{
            "related_links-0-url": "https://www.agents.media/",
            "related_links-0-title": "Black-Market Database of Leaked Info Lists Russian Wartime Emigres",
            "related_links-0-outlet": "Agentstvo",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    assert Article.objects.get().related_links.count() == 1


def test_missing_image_number_is_refused(new_article):
    response = new_article(body="Text\n[image: 999]")
    assert "Line 2: “[image: 999]”: there is no image number 999 in the image library." in response.content.decode()


def test_unknown_embed_kind_and_malformed_reference_are_refused(new_article):
    page = new_article(body="[chart: emigres]\n[image: the big one]").content.decode()
    assert "Line 1: “[chart: emigres]”: “chart” is not something that can be embedded" in page
    assert "Line 2: “[image: the big one]”: “the big one” is not an image number." in page


def test_related_box_beyond_the_links_being_saved_is_refused(new_article):
    response = new_article(
        body="Text.\n\n[related: 2]",
        **{"related_links-0-url": "https://www.agents.media/", "related_links-0-title": "One link"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Line 3: “[related: 2]”: there is no related link 2; the article has 1 related link (1 to 1)." in page
    assert not Article.objects.exists()


def test_related_box_without_any_links_is_refused(new_article):
    page = new_article(body="[related: 1]").content.decode()
    assert "Line 1: “[related: 1]”: the article has no related links" in page


def test_deleting_the_link_a_box_points_to_is_refused(editor_client, form_data):
    link = ExternalLinkFactory(article=ArticleFactory(body="Text.\n\n[related: 1]"))
    url = reverse("admin:articles_article_change", args=[link.article.pk])
    data = form_data(editor_client.get(url))
    data["related_links-0-DELETE"] = "on"
    response = editor_client.post(url, data)
    assert "Line 3: “[related: 1]”: the article has no related links" in response.content.decode()
    assert link.article.related_links.count() == 1


def test_draft_figure_may_sit_in_a_draft_but_not_in_a_published_article(new_article):
    figure = FigureFactory(status="draft", slug="draft-chart")
    as_draft = new_article(body="[figure: draft-chart]", status="draft")
    assert as_draft.status_code == 302, as_draft.context["errors"]

    published = new_article(
        body="[figure: draft-chart]", slug="another", status="published", published_at_0="2024-07-17"
    )
    page = published.content.decode()
    assert "Line 1: “[figure: draft-chart]”: the figure “draft-chart” is still a draft." in page
    assert Article.objects.count() == 1
    assert figure.slug in page


def test_publish_action_refuses_an_article_with_a_draft_figure(editor_client):
    FigureFactory(status="draft", slug="draft-chart")
    article = ArticleFactory(body="[figure: draft-chart]")
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [article.pk]},
        follow=True,
    )
    assert "was not published: Line 1: “[figure: draft-chart]”: the figure “draft-chart” is still a draft" in (
        response.content.decode().replace("&quot;", '"')
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_publishing_from_a_script_checks_embeds_too():
    article = ArticleFactory(body="[figure: missing]\n[related: 1]")
    with pytest.raises(Exception, match="no figure with the slug") as raised:
        services.publish_article(article=article)
    assert "the article has no related links" in str(raised.value)


def test_checking_a_body_costs_two_queries_however_many_embeds(django_assert_num_queries):
    figures = [FigureFactory() for _ in range(5)]
    images = [ImageFactory() for _ in range(5)]
    body = "\n".join([f"[figure: {f.slug}]" for f in figures] + [f"[image: {i.pk}]" for i in images])
    with django_assert_num_queries(2):
        assert body_embed_errors(body, publishing=True) == []


def test_embed_lines_inside_a_code_block_are_text_not_embeds():
    assert body_embed_errors("```\n[figure: not-an-embed-here]\n```", publishing=True) == []


def test_every_embed_problem_of_the_submitted_body_is_listed_under_it_in_line_order(editor_client, form_data):
    article = ArticleFactory(body="Filed text.")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor_client.get(url))
    data["body"] = "\r\n".join(
        [
            "[related: 7]",
            "[figure: no-such-figure]",
            "Text.",
            "[chart: x]",
            "[image: 999]",
            "[related: 1]",
        ]
    )
    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["body"] == [
        "Line 1: “[related: 7]”: the article has no related links; add one below, or remove this line.",
        "Line 2: “[figure: no-such-figure]”: there is no figure with the slug “no-such-figure”.",
        "Line 4: “[chart: x]”: “chart” is not something that can be embedded (use figure, image, related).",
        "Line 5: “[image: 999]”: there is no image number 999 in the image library.",
        "Line 6: “[related: 1]”: the article has no related links; add one below, or remove this line.",
    ]
    assert Article.objects.get(pk=article.pk).body == "Filed text."


def test_a_body_checked_for_publishing_lists_its_problems_in_line_order():
    body = "[related: 3]\n[figure: missing]\n[chart: x]"
    assert [error.split(":")[0] for error in body_embed_errors(body, publishing=True, related_link_count=0)] == [
        "Line 1",
        "Line 2",
        "Line 3",
    ]
