"""Roles as groups: Editors run the articles, the data desk the statistics; nobody else sees anything."""

import pytest
from django.apps import apps as django_apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from articles import services
from articles.models import Article
from articles.roles import DATA_DESK, EDITORS
from stats.models import Figure
from tests.articles.factories import ArticleFactory, FigureFactory

pytestmark = pytest.mark.django_db


def test_the_migration_creates_both_groups_with_their_permissions():
    editors = {f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=EDITORS).permissions.all()}
    data_desk = {
        f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=DATA_DESK).permissions.all()
    }
    assert {"articles.publish_article", "articles.change_article", "articles.add_relatedlink"} <= editors
    assert {"articles.change_image", "articles.change_author", "articles.add_correction"} <= editors
    assert {"statistics.view_figure", "statistics.view_dataset"} <= editors
    assert not {p for p in editors if p.startswith("statistics.") and not p.startswith("statistics.view_")}
    assert {
        "statistics.import_observation",
        "statistics.export_observation",
        "statistics.rollback_dataset",
        "statistics.change_observation",
        "statistics.change_figure",
    } <= data_desk
    assert not {p for p in data_desk if p.startswith("articles.")}


def statistics_admins():
    """The statistics models' admins as registered (the statistics app registers them), else plain ones."""
    for model in django_apps.get_app_config("statistics").get_models():
        yield admin.site._registry.get(model) or admin.ModelAdmin(model, admin.site)


def test_an_editor_cannot_change_statistics(client, editor, rf):
    figure = FigureFactory(title="Where they went")
    request = rf.get("/admin/")
    request.user = editor
    for model_admin in statistics_admins():
        assert not model_admin.has_add_permission(request), model_admin
        assert not model_admin.has_change_permission(request, None), model_admin
        assert not model_admin.has_delete_permission(request, None), model_admin
    if admin.site.is_registered(Figure):
        client.force_login(editor)
        change_url = reverse("admin:statistics_figure_change", args=[figure.pk])
        assert client.post(change_url, {"title": "Changed"}).status_code == 403
        figure.refresh_from_db()
        assert figure.title == "Where they went"


def test_data_desk_cannot_publish_articles_anywhere(client, data_desk):
    article = ArticleFactory()
    client.force_login(data_desk)

    assert client.get(reverse("admin:articles_article_changelist")).status_code == 403
    response = client.post(
        reverse("admin:articles_article_changelist"), {"action": "publish_selected", "_selected_action": [article.pk]}
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.publish_article(article=article, user=data_desk)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_someone_who_may_edit_but_not_publish_cannot_publish_from_the_form(client, editor, form_data):
    from django.contrib.auth.models import Permission

    editor.user_permissions.clear()
    editor.groups.clear()
    editor.user_permissions.set(
        Permission.objects.filter(content_type__app_label="articles").exclude(codename="publish_article")
    )
    editor = type(editor).objects.get(pk=editor.pk)  # drop the permission cache
    client.force_login(editor)
    article = ArticleFactory()
    url = reverse("admin:articles_article_change", args=[article.pk])
    page = client.get(url)

    status_choices = [value for value, _ in page.context["adminform"].form.fields["status"].choices]
    assert status_choices == ["draft", "review"]
    assert "publish_selected" not in page.content.decode()
    listing = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "publish_selected" not in listing

    response = client.post(url, {**form_data(page), "status": "published"})
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT

    response = client.post(url, {**form_data(client.get(url)), "status": "review"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_staff_without_a_group_sees_nothing_in_the_admin(client, staff_without_group, rf):
    client.force_login(staff_without_group)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert index.context["app_list"] == []
    assert client.get(reverse("admin:articles_article_changelist")).status_code == 403
    request = rf.get("/admin/")
    request.user = staff_without_group
    for model_admin in statistics_admins():
        assert not model_admin.has_view_or_change_permission(request), model_admin


def test_editor_sees_the_article_apps_and_may_publish(client, editor):
    client.force_login(editor)
    apps = {app["app_label"] for app in client.get(reverse("admin:index")).context["app_list"]}
    assert "articles" in apps
    assert editor.has_perm("articles.publish_article")
