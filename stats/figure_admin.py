"""The figures admin: editors build a figure, see it drawn, and get a draft of its screen-reader description.

Publishing needs a description an editor has saved (model constraint and Figure.clean). The admin offers a
draft computed from the data (:func:`stats.figures.describe_figure`) next to the field, but never fills the
field in by itself: a description nobody read would defeat the rule.
"""

from django import forms
from django.contrib import admin
from django.utils.html import format_html

from stats.figures import describe_figure, description_mismatches, figures_by_slug, render_figure
from stats.models import Figure


@admin.register(Figure)
class FigureAdmin(admin.ModelAdmin):
    list_display = ["title", "dataset", "kind", "selection", "status", "updated_at"]
    list_filter = ["status", "kind", "dataset"]
    list_select_related = ["dataset"]
    search_fields = ["title", "slug", "subtitle", "description"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["suggested_description", "preview", "links"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "subtitle", "dataset", "kind", "status"]}),
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

    def _loaded(self, obj: Figure) -> Figure:
        """The figure with its observations, in two queries (not one per country)."""
        return figures_by_slug([obj.slug], published_only=False).get(obj.slug, obj)
