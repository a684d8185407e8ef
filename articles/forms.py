"""Admin forms: embed checks on the body, the optimistic-lock version, and the publishing permission."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from articles.embed_checks import EmbedProblem, body_embed_problems, related_embed_problems
from articles.models import Article, normalize_multiline_text
from articles.services import changes_publication, current_version
from newsroom.forms import https_by_default

STALE_MESSAGE = (
    "Someone else saved this article after you opened it{who}. Your changes have NOT been saved, so that "
    "theirs are not overwritten; your text is still in the form below. Copy what you changed, open the "
    "article again in a new tab (its History shows both versions), apply your changes there and save."
)


class MultilineTextField(forms.CharField):
    """A textarea's text as :func:`~articles.models.normalize_multiline_text` stores it: browsers submit CRLF,
    which would otherwise count as a change of every line (in the history and in the admin's "Changed …"
    log) when only another field was edited."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_multiline_text(value) if value else value


WIDE_INPUT = {"class": "vTextField", "style": "width: 100%; max-width: 48em"}


class ArticleAdminForm(forms.ModelForm):
    #: Set by the admin for the requesting user; without it the status choices stop short of "published".
    can_publish = True

    class Meta:
        model = Article
        fields = [
            "headline", "slug", "summary", "section", "tags", "lead_image", "body", "version",
            "status", "published_at", "updated_at", "original_publisher", "original_url", "seo_title",
            "seo_description",
        ]  # fmt: skip
        widgets = {
            "version": forms.HiddenInput,
            "headline": forms.TextInput(attrs=WIDE_INPUT),
            "slug": forms.TextInput(attrs=WIDE_INPUT),
            "seo_title": forms.TextInput(attrs=WIDE_INPUT),
            "body": forms.Textarea(attrs={"rows": 28, "cols": 100, "class": "vLargeTextField"}),
        }
        formfield_callback = https_by_default
        field_classes = {"body": MultilineTextField, "summary": MultilineTextField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        #: The submitted body's embed problems found here (all but ``[related: N]``, which the related-link
        #: formset checks); the admin shows them with the formset's under the body, in line order.
        self.embed_problems: list[EmbedProblem] = []
        status = self.fields.get("status")
        if status is not None and not self.can_publish:
            status.choices = [c for c in status.choices if c[0] != Article.Status.PUBLISHED]

    def clean(self):
        cleaned = super().clean()
        self._check_version(cleaned)
        status = cleaned.get("status", self.instance.status)
        published_at = cleaned.get("published_at", self.instance.published_at)
        if "body" in cleaned:
            publishing = status == Article.Status.PUBLISHED
            self.embed_problems = body_embed_problems(cleaned["body"], publishing=publishing)
            if self.embed_problems:
                self.add_error("body", [str(problem) for problem in self.embed_problems])
        if not self.can_publish:
            before = Article.objects.filter(pk=self.instance.pk).first() if self.instance.pk else None
            candidate = Article(status=status, published_at=published_at)
            if changes_publication(article=candidate, before=before):
                raise ValidationError(
                    "You may edit this article but not publish, schedule or unpublish it: ask an editor.",
                    code="publish_permission",
                )
        if status == Article.Status.PUBLISHED and published_at is None and "published_at" in self.fields:
            cleaned["published_at"] = timezone.now()
        return cleaned

    def _check_version(self, cleaned) -> None:
        if self.instance.pk is None or "version" not in self.fields:
            return
        submitted = cleaned.get("version")
        # Locked until the admin's transaction ends, so no save can slip in between this check and ours.
        with transaction.atomic():
            stored = current_version(self.instance.pk, lock=True)
        if stored is None or submitted == stored:
            return
        latest = self.instance.history.order_by("-history_date").select_related("history_user").first()
        who = ""
        if latest is not None:
            when = timezone.localtime(latest.history_date).strftime("%d %b %Y, %H:%M")
            who = f" ({latest.history_user} at {when})" if latest.history_user else f" (at {when})"
        raise ValidationError(STALE_MESSAGE.format(who=who), code="stale")


class RelatedLinkInlineFormSet(forms.BaseInlineFormSet):
    """Checks ``[related: N]`` in the body being saved against the related links being saved with it.

    The problems are kept in :attr:`embed_problems` for the admin to list under the body with the body's
    other embed problems, in line order (see ``ArticleAdmin.render_change_form``); the formset itself only
    carries a pointer to them, so that it is invalid and nothing is saved.
    """

    RELATED_EMBEDS_MESSAGE = (
        "The body places related links that are not in this list: see the errors under the body, "
        "then add the links here or change those lines."
    )

    def clean(self):
        self.embed_problems: list[EmbedProblem] = []
        super().clean()
        # Forms left blank have no cleaned data; forms marked for deletion will not be there after the save.
        kept = [form for form in self.forms if form.cleaned_data and not self._should_delete_form(form)]
        for form in kept:
            target = form.cleaned_data.get("target")
            if target is not None and self.instance.pk and target.pk == self.instance.pk:
                form.add_error("target", "An article cannot be related to itself.")
        self.embed_problems = related_embed_problems(self.submitted_body(), related_link_count=len(kept))
        if self.embed_problems:
            raise ValidationError(self.RELATED_EMBEDS_MESSAGE, code="related_embeds")

    def submitted_body(self) -> str:
        """The body posted with these links (the article form of the same request has no prefix).

        Read from the request rather than from ``self.instance``: when the body has other errors the article
        form leaves the instance's old body in place, and a bad ``[related: N]`` line in the new one would
        go unreported until those were fixed.
        """
        if self.is_bound and "body" in self.data:
            return normalize_multiline_text(self.data["body"])
        return self.instance.body or ""
