"""The figures admin: editors build a figure, see it drawn, and get a draft of its screen-reader description.

Publishing needs a description an editor has saved (model constraint and Figure.clean). The admin offers a
draft computed from the data (:func:`stats.figures.describe_figure`) next to the field, but never fills the
field in by itself: a description nobody read would defeat the rule.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html

from articles.models import Article
from stats.figures import describe_figure, description_mismatches, figures_by_slug, render_figure
from stats.forms import FigureStaleEditForm
from stats.models import Figure


def _headlines(articles: list[Article]) -> str:
    return ", ".join(f"“{article.headline}”" for article in articles)


class FigureAdminForm(FigureStaleEditForm):
    """Refuses the changes that would break articles placing the figure with ``[figure: slug]``.

    A draft figure is not drawn (articles.body renders a missing or draft figure as nothing, so readers
    never see a broken page), so unpublishing a figure a live story shows would silently take its chart
    off the story. A new slug would leave every ``[figure: old-slug]`` line pointing at nothing.
    """

    class Meta:
        model = Figure
        fields = [
            "title", "slug", "subtitle", "dataset", "kind", "status", "selection", "top_n", "countries", "sort",
            "highlighted", "show_no_data", "description", "notes",
        ]  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        # self.instance still holds the stored values here: the form copies its data onto it after clean().
        if self.instance.pk is None:
            return cleaned
        stored_slug = self.instance.slug
        if "slug" in cleaned and cleaned["slug"] != stored_slug:
            users = Article.objects.embedding_figure(stored_slug)
            if users:
                self.add_error(
                    "slug",
                    ValidationError(
                        f"Articles place this figure as [figure: {stored_slug}]: {_headlines(users)}. A new slug "
                        "would break those lines; keep this one, or remove the embeds first.",
                        code="slug_in_use",
                    ),
                )
        unpublishing = (
            self.instance.status == Figure.Status.PUBLISHED
            and cleaned.get("status", Figure.Status.PUBLISHED) != Figure.Status.PUBLISHED
        )
        if unpublishing:
            live = published_articles_embedding(stored_slug)
            if live:
                self.add_error(
                    "status",
                    ValidationError(
                        f"Used by published articles: {_headlines(live)}; remove the embed or unpublish them "
                        "first. A draft figure is not shown, so the chart would vanish from those stories.",
                        code="figure_in_use",
                    ),
                )
        return cleaned


def published_articles_embedding(slug: str) -> list[Article]:
    """Published articles, live or scheduled, that place the figure ``slug``."""
    return Article.objects.filter(status=Article.Status.PUBLISHED).embedding_figure(slug)


@admin.register(Figure)
class FigureAdmin(admin.ModelAdmin):
    form = FigureAdminForm
    list_display = ["title", "dataset", "kind", "selection", "status", "updated_at"]
    list_filter = ["status", "kind", "dataset"]
    list_select_related = ["dataset"]
    search_fields = ["title", "slug", "subtitle", "description"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["suggested_description", "preview", "links"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "subtitle", "dataset", "kind", "status", "edit_token"]}),
        ("Which countries", {"fields": ["selection", "top_n", "countries", "sort", "highlighted", "show_no_data"]}),
        ("For readers", {"fields": ["suggested_description", "description", "notes"]}),
        ("Preview", {"fields": ["preview", "links"]}),
    ]

    class Media:
        css = {"all": ["css/figures.css"]}

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "description" in form.base_fields:
            form.base_fields["description"].widget = forms.Textarea(attrs={"rows": 4, "cols": 80})
        return form

    @admin.display(description="Suggested description")
    def suggested_description(self, obj: Figure | None) -> str:
        if obj is None or obj.pk is None:
            return "Save the figure once to get a description drafted from its data."
        figure = self._loaded(obj)
        draft = describe_figure(figure)
        html = format_html(
            "<p>{}</p><p class='help'>Drafted from the data as the figure shows it. Check it, improve it and "
            "copy it into the description below: a figure cannot be published without one.</p>",
            draft,
        )
        mismatches = description_mismatches(figure)
        if mismatches:
            html += format_html(
                "<p class='errornote'>The saved description mentions {}, which the figure does not show now. "
                "The data may have changed since it was written: please check it.</p>",
                ", ".join(mismatches),
            )
        return html

    @admin.display(description="How readers will see it")
    def preview(self, obj: Figure | None) -> str:
        if obj is None or obj.pk is None:
            return "Save the figure to see it drawn."
        return render_figure(self._loaded(obj))

    @admin.display(description="Public pages")
    def links(self, obj: Figure | None) -> str:
        if obj is None or obj.pk is None or obj.status != Figure.Status.PUBLISHED:
            return "Published figures have a public page and an embed code."
        return format_html('<a href="{}">Figure page, downloads and embed code</a>', obj.get_absolute_url())

    def get_deleted_objects(self, objs, request):
        """A figure placed in a published article is protected: deleting it would take the chart off the story.

        The admin's delete page (and the bulk delete action) lists protected objects and refuses to delete.
        """
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        for figure in objs:
            for article in published_articles_embedding(figure.slug):
                protected.append(
                    format_html(
                        "Published article “<a href='{}'>{}</a>” shows this figure with [figure: {}]: remove the "
                        "embed or unpublish the article first.",
                        reverse("admin:articles_article_change", args=[article.pk]),
                        article.headline,
                        figure.slug,
                    )
                )
        return to_delete, model_count, perms_needed, protected

    def _loaded(self, obj: Figure) -> Figure:
        """The figure with its observations, in two queries (not one per country)."""
        return figures_by_slug([obj.slug], published_only=False).get(obj.slug, obj)
