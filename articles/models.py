"""The editors' content model: articles, their authors, sections, tags, images, links and corrections."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

#: Bodies longer than this are refused: a long-read is ~60,000 characters.
BODY_MAX_LENGTH = 200_000
#: Uploads larger than this are refused: making renditions holds the whole picture in memory (3 bytes a pixel).
IMAGE_MAX_PIXELS = 64_000_000


class Section(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first in navigation.")

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "section"
        verbose_name_plural = "sections"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:section-detail", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "topic"
        verbose_name_plural = "topics"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:tag-detail", kwargs={"slug": self.slug})


class Image(models.Model):
    file = models.ImageField(upload_to="images/%Y/%m/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    alt_text = models.CharField(max_length=300, help_text="Describe the image for people who cannot see it.")
    caption = models.TextField(blank=True)
    credit = models.CharField(max_length=200, blank=True, help_text='e.g. "Alexander Avilov / Moskva News Agency".')
    #: Resized copies made once on upload: {"480": "images/renditions/…-480.jpg", ...}.
    renditions = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "image"
        verbose_name_plural = "images"

    def __str__(self) -> str:
        return self.caption[:60] or self.alt_text[:60] or self.file.name

    def clean(self):
        super().clean()
        if self.width and self.height and self.width * self.height > IMAGE_MAX_PIXELS:
            megapixels = self.width * self.height / 1_000_000
            raise ValidationError(
                {
                    "file": f"This image is {self.width} × {self.height} ({megapixels:.0f} megapixels); "
                    f"the limit is {IMAGE_MAX_PIXELS // 1_000_000}. Resize it before uploading."
                }
            )

    @property
    def srcset(self) -> str:
        """The renditions made on upload plus the original, as an HTML ``srcset`` value."""
        from articles.images import image_srcset

        return image_srcset(self)


class Author(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    bio = models.TextField(blank=True)
    photo = models.ForeignKey(Image, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["name"]
        verbose_name = "author"
        verbose_name_plural = "authors"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:author-detail", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """What readers may see: published, and with a publication time that has come.

        Scheduling needs no job: an article published for a future time is simply filtered out until then.
        """
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now or timezone.now())

    def embedding_figure(self, slug: str) -> list["Article"]:
        """The articles of this queryset whose body places the figure ``slug`` (``[figure: slug]``).

        One query, then the candidates' bodies are parsed: an embed is a line of its own, so a plain text
        match would also count the slug written in prose or inside a code block.
        """
        from articles.embeds import EmbedKind, embeds_in

        candidates = self.filter(body__contains=slug).order_by("headline", "pk")
        return [
            article
            for article in candidates
            if any(embed.kind == EmbedKind.FIGURE and embed.ref == slug for embed in embeds_in(article.body))
        ]


def normalize_multiline_text(text: str) -> str:
    """``text`` as the admin stores a textarea's text: LF line endings, no leading or trailing blank space.

    Browsers submit a textarea's newlines as CRLF (the HTML standard says so) and Django's form fields
    strip the ends; scripts and imports send LF and may end with a newline. Stored as they come, the first
    save from a browser would record every line of the body as changed in the article's history when the
    editor only touched the summary.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "draft"
        REVIEW = "review", "in review"
        PUBLISHED = "published", "published"

    headline = models.CharField(max_length=250)
    slug = models.SlugField(max_length=250, unique=True)
    summary = models.TextField(max_length=600, blank=True, help_text="The standfirst under the headline.")
    body = models.TextField(
        blank=True,
        validators=[MaxLengthValidator(BODY_MAX_LENGTH)],
        help_text=(
            "Markdown. To place something, put it alone on a line: [figure: slug], [image: number], "
            "[related: 1] (the first related link below)."
        ),
    )
    authors = models.ManyToManyField(Author, through="ArticleAuthor", related_name="articles", blank=True)
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    tags = models.ManyToManyField(Tag, related_name="articles", blank=True, verbose_name="topics")
    lead_image = models.ForeignKey(Image, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Readers see the article from this time on. A future time schedules it."
    )
    updated_at = models.DateTimeField(
        null=True, blank=True, help_text="Shown to readers as the last update; set when a correction is added."
    )
    original_url = models.URLField(
        max_length=500, blank=True, help_text="Where the story was first published, if elsewhere."
    )
    original_publisher = models.CharField(max_length=200, blank=True)
    seo_title = models.CharField(max_length=70, blank=True, help_text="Overrides the headline in search results.")
    seo_description = models.CharField(max_length=160, blank=True, help_text="Overrides the summary for search.")
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    #: Bumped on every save; a save from a stale copy is refused instead of overwriting.
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords(excluded_fields=["version", "modified_at"])
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = "article"
        verbose_name_plural = "articles"
        get_latest_by = "published_at"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_time",
            )
        ]
        indexes = [models.Index(fields=["status", "published_at"])]
        # Publishing is a decision of its own: the data desk may edit figures but not put stories live.
        permissions = [("publish_article", "Can publish, schedule and unpublish articles")]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs):
        """Save, moving :attr:`version` on in the database whatever path the save came by.

        The bump is done by the database (``version + 1``) rather than from the in-memory value, so a save
        from a stale object still moves the counter forward and every form opened before it becomes stale.
        Costs one extra query to read the new number back.
        """
        if self._state.adding or self.pk is None:
            return super().save(*args, **kwargs)
        self.version = models.F("version") + 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)
        self.refresh_from_db(fields=["version"])

    def get_absolute_url(self) -> str:
        published = timezone.localtime(self.published_at or timezone.now())
        return reverse(
            "articles:article-detail",
            kwargs={
                "year": published.strftime("%Y"),
                "month": published.strftime("%m"),
                "day": published.strftime("%d"),
                "slug": self.slug,
            },
        )

    @property
    def is_visible(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    def clean(self):
        super().clean()
        # Whatever path the text came by (admin, import, shell via the services), store it as the admin does.
        self.body = normalize_multiline_text(self.body or "")
        self.summary = normalize_multiline_text(self.summary or "")
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()


class ArticleAuthor(models.Model):
    """The byline: authors in the order they are credited."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "byline"
        verbose_name_plural = "byline"
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="byline_author_once")]

    def __str__(self) -> str:
        return f"{self.author} on {self.article}"


class RelatedLink(models.Model):
    """A related story: one of ours (``target``) or another outlet's (``url``, ``title``, ``outlet``)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_links")
    position = models.PositiveSmallIntegerField(default=0)
    target = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="linked_from",
        verbose_name="our article",
    )
    url = models.URLField(max_length=500, blank=True, verbose_name="external URL")
    title = models.CharField(max_length=300, blank=True)
    outlet = models.CharField(max_length=200, blank=True, help_text='e.g. "Agentstvo".')

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "related link"
        verbose_name_plural = "related links"
        constraints = [
            models.CheckConstraint(
                condition=(Q(target__isnull=False) & Q(url="")) | (Q(target__isnull=True) & ~Q(url="") & ~Q(title="")),
                name="related_link_internal_or_external",
            )
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        if self.target_id and not self.title:
            return self.target.headline
        return self.title

    @property
    def href(self) -> str:
        return self.target.get_absolute_url() if self.target_id else self.url

    def clean(self):
        super().clean()
        if self.target_id and self.url:
            raise ValidationError("Link either to one of our articles or to an external URL, not both.")
        if not self.target_id:
            errors = {}
            if not self.url:
                errors["url"] = "Give the external URL, or choose one of our articles."
            if not self.title:
                errors["title"] = "An external link needs the title of the story."
            if errors:
                raise ValidationError(errors)


class Correction(models.Model):
    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        UPDATE = "update", "Update"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField()
    published_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["published_at", "id"]
        verbose_name = "correction or update"
        verbose_name_plural = "corrections and updates"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"
