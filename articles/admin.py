"""The editors' newsroom: articles and everything they are made of, in the Django admin.

Writes go through ``articles.services`` so the admin, management commands and the shell share one path.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import to_historic

from articles import services
from articles.forms import ArticleAdminForm, RelatedLinkInlineFormSet
from articles.models import Article, ArticleAuthor, Author, Correction, Image, RelatedLink, Section, Tag

# Editors paste addresses without a scheme; assume the secure one (Django 6's default).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class BylineInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "position"]
    verbose_name = "author"
    verbose_name_plural = "byline (in the order credited)"


class RelatedLinkInline(admin.StackedInline):
    model = RelatedLink
    formset = RelatedLinkInlineFormSet
    fk_name = "article"
    extra = 1
    autocomplete_fields = ["target"]
    formfield_overrides = URL_FIELDS
    fields = ["position", "target", ("url", "title", "outlet")]
    verbose_name_plural = "related links (place one in the body with [related: 1], [related: 2] ...)"


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["kind", "text", "published_at", "created_by"]
    readonly_fields = ["created_by"]


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    form = ArticleAdminForm
    formfield_overrides = URL_FIELDS
    list_display = ["headline", "status_label", "section", "byline", "published_at", "site_link"]
    list_filter = ["status", "section", ("authors", admin.RelatedOnlyFieldListFilter), "published_at", "tags"]
    list_select_related = ["section"]
    search_fields = ["headline", "summary", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["tags", "lead_image"]
    inlines = [BylineInline, RelatedLinkInline, CorrectionInline]
    actions = ["publish_selected", "unpublish_selected"]
    readonly_fields = ["version_note"]
    history_list_display = ["status", "published_at"]
    #: The revert page explains what restoring a revision brings back and what it keeps.
    object_history_form_template = "admin/articles/article/object_history_form.html"
    #: Kept from the article as it is now when an earlier revision is restored. Publishing, scheduling and
    #: unpublishing are decisions of their own (with their own permission), never a side effect of bringing
    #: back an earlier text: restoring the first draft of a live story must not take it off the site.
    kept_on_restore = ("status", "published_at", "updated_at")
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["headline", "slug", "summary", "section", "tags", "lead_image", "body", "version"]}),
        ("Publishing", {"fields": ["status", "published_at", "updated_at", "version_note"]}),
        (
            "Credit and search engines",
            {"classes": ["collapse"], "fields": ["original_publisher", "original_url", "seo_title", "seo_description"]},
        ),
    ]

    def get_queryset(self, request):
        bylines = Prefetch("bylines", queryset=ArticleAuthor.objects.select_related("author"))
        return super().get_queryset(request).prefetch_related(bylines)

    # --- who may publish ------------------------------------------------------------------------------
    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm(services.PUBLISH_PERMISSION)

    def _restores_revision(self, request, obj) -> bool:
        """Whether this is the revert page of a revision the user may restore (not only look at, as it was)."""
        return obj is not None and to_historic(obj) is not None and not self.revert_disabled(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history shows a revision to anyone who may view the article, and on POST it restores it
        # without asking for the permission to change: refuse that here (the page hides Revert for them).
        if request.method == "POST" and not self.has_change_history_permission(
            request, self.get_object(request, unquote(object_id))
        ):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self._restores_revision(request, obj):
            # The revert page: it restores content only (see kept_on_restore).
            return [*readonly, *(f for f in self.kept_on_restore if f not in readonly)]
        if not self.has_publish_permission(request):
            # The status stays editable (draft <-> in review); the form hides "published" from its choices.
            readonly.append("published_at")
            if obj is not None and obj.status == Article.Status.PUBLISHED:
                readonly.append("status")
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self._restores_revision(request, obj):
            # The revert page builds its form over the revision as it was; the fields kept on restore are
            # read-only there, so they must carry the article's current values to be shown and saved.
            current = Article.objects.filter(pk=obj.pk).values(*self.kept_on_restore).first()
            for field, value in (current or {}).items():
                setattr(obj, field, value)
        form = super().get_form(request, obj, change=change, **kwargs)
        form.can_publish = self.has_publish_permission(request)
        return form

    def save_model(self, request, obj, form, change):
        expected = form.cleaned_data.get("version") if change else None
        services.save_article(article=obj, expected_version=expected, user=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        # New corrections go through the service, which also moves the article's "updated" time.
        instances = formset.save(commit=False)
        for deleted in formset.deleted_objects:
            deleted.delete()
        for correction in instances:
            if correction.pk is None:
                services.add_correction(
                    article=form.instance,
                    kind=correction.kind,
                    text=correction.text,
                    at=correction.published_at,
                    user=request.user,
                )
            else:
                correction.save()

    # --- list columns ---------------------------------------------------------------------------------
    @admin.display(description="status", ordering="status")
    def status_label(self, obj: Article) -> str:
        if obj.is_scheduled:
            return "scheduled"
        return obj.get_status_display()

    @admin.display(description="authors")
    def byline(self, obj: Article) -> str:
        return ", ".join(b.author.name for b in obj.bylines.all())

    @admin.display(description="on the site")
    def site_link(self, obj: Article) -> str:
        if obj.is_visible:
            return format_html('<a href="{}">View on site</a>', obj.get_absolute_url())
        return format_html('<a href="{}">Preview</a>', reverse("articles:article-preview", kwargs={"pk": obj.pk}))

    @admin.display(description="revision")
    def version_note(self, obj: Article | None) -> str:
        if obj is None or obj.pk is None:
            return "New article"
        history = reverse("admin:articles_article_history", args=[obj.pk])
        return format_html('Version {} · <a href="{}">History (view and restore revisions)</a>', obj.version, history)

    def response_change(self, request, obj):
        revision = to_historic(obj)
        if revision is not None:
            when = timezone.localtime(revision.history_date).strftime("%d %b %Y, %H:%M")
            state = "scheduled" if obj.is_scheduled else obj.get_status_display()
            self.message_user(
                request,
                f"Restored the text of the revision of {when}. The article stays {state}, with its publication "
                "time unchanged: publish, schedule or unpublish it on the article's page.",
                messages.INFO,
            )
        return super().response_change(request, obj)

    def view_on_site(self, obj: Article):
        """Only live articles have a public page; unpublished ones get the Preview button instead."""
        return obj.get_absolute_url() if obj.is_visible else None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        self._list_embed_problems_under_the_body(context)
        if obj is not None and obj.pk and not obj.is_visible:
            context["preview_url"] = reverse("articles:article-preview", kwargs={"pk": obj.pk})
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    @staticmethod
    def _list_embed_problems_under_the_body(context) -> None:
        """Show every embed problem of the submitted body together under the body, in line order.

        The article form finds bad figures, images and syntax; the related-link formset finds the
        ``[related: N]`` lines beyond the links being saved. Each keeps its problems; here they are merged,
        so the editor sees all of them at once, in the order of the text.
        """
        adminform = context.get("adminform")
        formsets = [inline.formset for inline in context.get("inline_admin_formsets", [])]
        related = [p for formset in formsets for p in getattr(formset, "embed_problems", [])]
        if adminform is None or not related:
            return
        form = adminform.form
        own = set(getattr(form, "embed_problems", []))
        own_messages = {str(problem) for problem in own}
        other_body_errors = [error for error in form.errors.get("body", []) if error not in own_messages]
        problems = [str(problem) for problem in sorted(own | set(related))]
        form.errors["body"] = form.error_class([*other_body_errors, *problems])
        context["errors"] = helpers.AdminErrorList(form, formsets)

    # --- bulk actions ---------------------------------------------------------------------------------
    @admin.action(
        description="Publish the selected articles (now, or at their scheduled time)", permissions=["publish"]
    )
    def publish_selected(self, request, queryset):
        self._apply(request, queryset, services.publish_article, "published")

    @admin.action(description="Unpublish the selected articles", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._apply(request, queryset, services.unpublish_article, "unpublished")

    def _apply(self, request, queryset, service, done: str) -> None:
        succeeded = 0
        for article in queryset:
            try:
                service(article=article, user=request.user)
            except (ValidationError, PermissionDenied) as error:
                reasons = " ".join(getattr(error, "messages", [str(error)]))
                self.message_user(request, f"“{article}” was not {done}: {reasons}", messages.ERROR)
            else:
                succeeded += 1
        if succeeded:
            noun = "article" if succeeded == 1 else "articles"
            self.message_user(request, f"{succeeded} {noun} {done}.", messages.SUCCESS)


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "number", "alt_text", "credit", "size", "created_at"]
    list_display_links = ["thumbnail", "number"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["number", "size", "renditions_list"]
    fields = ["file", "alt_text", "caption", "credit", "number", "size", "renditions_list"]

    def save_model(self, request, obj, form, change):
        services.save_image(image=obj, file_changed="file" in form.changed_data)

    @admin.display(description="number", ordering="pk")
    def number(self, obj: Image) -> str:
        return f"[image: {obj.pk}]" if obj.pk else "given on saving"

    @admin.display(description="size")
    def size(self, obj: Image) -> str:
        return f"{obj.width} × {obj.height}" if obj.width else ""

    @admin.display(description="preview")
    def thumbnail(self, obj: Image) -> str:
        if not obj.file:
            return ""
        smallest = min(obj.renditions.items(), key=lambda item: int(item[0]))[1] if obj.renditions else None
        url = obj.file.storage.url(smallest) if smallest else obj.file.url
        return format_html('<img src="{}" alt="{}" style="max-height:60px;max-width:100px">', url, obj.alt_text)

    @admin.display(description="renditions (made on upload)")
    def renditions_list(self, obj: Image) -> str:
        if not obj.renditions:
            return "none (the original is narrower than the smallest width)" if obj.pk else ""
        items = sorted(obj.renditions.items(), key=lambda item: int(item[0]))
        return format_html_join(", ", '<a href="{}">{} px</a>', ((obj.file.storage.url(p), w) for w, p in items))
