"""Rendering article bodies: embeds in place, nothing broken for a missing embed, hostile input stripped."""

import logging

import pytest

from articles.body import render_body
from articles.models import Article
from stats.demo import LAUNCH_FIGURE_SLUG, load_launch_data
from stats.models import Figure
from tests.site.factories import ArticleFactory, ImageFactory, RelatedLinkFactory

pytestmark = pytest.mark.django_db


def render(body: str, **kwargs) -> str:
    article = ArticleFactory(body=body, **kwargs)
    article = Article.objects.prefetch_related("related_links__target").get(pk=article.pk)
    return str(render_body(article))


def test_markdown_chunks_are_rendered_around_a_figure():
    load_launch_data()
    html = render(f"Before the *chart*.\n\n[figure: {LAUNCH_FIGURE_SLUG}]\n\nAfter the chart.")
    figure = html.index("Russians who left after February 2022 and remain in each country")
    assert html.index("<p>Before the <em>chart</em>.</p>") < figure < html.index("After the chart")


def test_missing_figure_renders_nothing_and_logs_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="articles.body"):
        html = render("Intro.\n\n[figure: no-such-figure]\n\nOutro.")
    assert "no-such-figure" not in html
    assert "<p>Intro.</p>" in html and "<p>Outro.</p>" in html
    assert "[figure: no-such-figure] not shown" in caplog.text


def test_draft_figure_is_not_shown_to_readers():
    load_launch_data()
    Figure.objects.filter(slug=LAUNCH_FIGURE_SLUG).update(status=Figure.Status.DRAFT)
    html = render(f"Intro.\n\n[figure: {LAUNCH_FIGURE_SLUG}]")
    assert html.strip() == "<p>Intro.</p>"


def test_image_embed_is_a_figure_with_srcset_alt_caption_and_credit():
    image = ImageFactory(alt_text="A queue at the border", caption="The queue.", credit="A. Photographer")
    image.renditions = {"960": "images/r/q-960.jpg", "480": "images/r/q-480.jpg"}
    image.save()
    html = render(f"Text.\n\n[image: {image.pk}]\n\nMore text.")
    assert '<figure class="image">' in html
    assert 'srcset="/media/images/r/q-480.jpg 480w, /media/images/r/q-960.jpg 960w' in html
    assert 'alt="A queue at the border"' in html
    assert "The queue." in html and "A. Photographer" in html
    assert html.index("Text.") < html.index("<figure") < html.index("More text.")


def test_image_without_renditions_falls_back_to_its_file():
    image = ImageFactory()
    html = render(f"[image: {image.pk}]")
    assert f'src="{image.file.url}"' in html
    assert "srcset" not in html


def test_missing_image_renders_nothing(caplog):
    with caplog.at_level(logging.WARNING, logger="articles.body"):
        html = render("Text.\n\n[image: 999999]")
    assert html.strip() == "<p>Text.</p>"
    assert "[image: 999999] not shown" in caplog.text


def test_related_embed_is_a_box_for_the_nth_related_link():
    article = ArticleFactory(body="Start.\n\n[related: 2]\n\nEnd.")
    RelatedLinkFactory(article=article, position=1, title="First link")
    RelatedLinkFactory(article=article, position=2, title="Second link", outlet="Agentstvo")
    article = Article.objects.prefetch_related("related_links__target").get(pk=article.pk)
    html = str(render_body(article))
    assert 'class="related-box"' in html
    assert "Second link" in html and "Agentstvo" in html
    assert "First link" not in html


def test_related_embed_beyond_the_last_link_renders_nothing():
    article = ArticleFactory(body="Start.\n\n[related: 3]")
    RelatedLinkFactory(article=article, position=1)
    article = Article.objects.prefetch_related("related_links__target").get(pk=article.pk)
    assert "related-box" not in str(render_body(article))


def test_related_embed_to_an_unpublished_article_renders_nothing():
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None, headline="Secret draft")
    article = ArticleFactory(body="[related: 1]")
    RelatedLinkFactory(article=article, target=draft, url="", title="", outlet="")
    article = Article.objects.prefetch_related("related_links__target").get(pk=article.pk)
    assert "Secret draft" not in str(render_body(article))


def test_malformed_embed_line_renders_nothing():
    html = render("Text.\n\n[video: 12]\n\n[image: twelve]")
    assert "video" not in html and "twelve" not in html


def test_embed_syntax_inside_a_code_block_is_shown_as_code():
    html = render("```\n[figure: example]\n```")
    assert "<code>[figure: example]" in html


HOSTILE = """Hello <script>alert('x')</script> world.

<img src=x onerror="alert(1)">

[click me](javascript:alert(1))

<a href="https://example.org" onclick="steal()">fine link</a>

<iframe src="https://evil.example"></iframe><style>body{display:none}</style>
"""


def test_hostile_html_and_markdown_are_stripped():
    html = render(HOSTILE)
    for bad in ("<script", "onerror", "javascript:", "onclick", "<iframe", "<style", "<img"):
        assert bad not in html.lower()
    assert "fine link" in html
    assert 'href="https://example.org"' in html


def test_hostile_body_is_stripped_on_the_public_page(client):
    article = ArticleFactory(body=HOSTILE)
    page = client.get(article.get_absolute_url()).content.decode()
    body = page[page.index('class="article__body"') : page.index("</article>")]
    for bad in ("<script", "onerror", "javascript:", "onclick", "<iframe", "<style"):
        assert bad not in body.lower()


def test_unsafe_urls_never_become_links(client):
    """URLField validation runs in forms only; a javascript: URL stored by an import must not become a link."""
    article = ArticleFactory(body="Text.\n\n[related: 1]", original_publisher="Elsewhere")
    Article.objects.filter(pk=article.pk).update(original_url="javascript:alert(1)")
    link = RelatedLinkFactory(article=article, position=1, title="Sneaky link")
    type(link).objects.filter(pk=link.pk).update(url="javascript:alert(2)")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "javascript:" not in html
    assert "Sneaky link" not in html
    assert "Originally published by Elsewhere." in html
