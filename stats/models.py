"""Per-country statistics: datasets, their observations, import versions and editor-made figures."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django_countries.fields import CountryField


class Qualifier(models.TextChoices):
    """How the source qualifies a figure: "over 48,000" is not "48,000"."""

    EXACT = "exact", "exact"
    ABOUT = "about", "about"
    MORE_THAN = "more than", "more than"
    AT_LEAST = "at least", "at least"
    FEWER_THAN = "fewer than", "fewer than"


class ObservationStatus(models.TextChoices):
    REPORTED = "reported", "reported"
    ESTIMATE = "estimate", "estimate"
    NOT_PUBLISHED = "not published", "not published"
    NOT_COUNTED = "not counted", "not counted"


#: Statuses that carry a number; the others mean the source has no figure for the country.
VALUE_STATUSES = (ObservationStatus.REPORTED, ObservationStatus.ESTIMATE)


class DatasetQuerySet(models.QuerySet):
    def with_counts(self):
        return self.annotate(
            observation_count=models.Count("observations"),
            no_data_count=models.Count("observations", filter=Q(observations__value__isnull=True)),
        )


class Dataset(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    unit = models.CharField(max_length=50, default="people", help_text='What a value counts, e.g. "people".')
    source_name = models.CharField(max_length=200, help_text='Who published the figures, e.g. "The Bell".')
    source_url = models.URLField(max_length=500, blank=True)
    methodology = models.TextField(blank=True, help_text="How the source arrived at the figures.")
    period = models.CharField(max_length=100, blank=True, help_text='e.g. "February 2022 to mid-2024".')
    as_of = models.DateField(null=True, blank=True, help_text="The date the figures describe.")
    headline_value = models.DecimalField(
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text="The source's own overall figure. It is not the sum of the rows and is never replaced by it.",
    )
    headline_qualifier = models.CharField(max_length=20, choices=Qualifier.choices, default=Qualifier.EXACT)
    headline_note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DatasetQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = "dataset"
        verbose_name_plural = "datasets"
        permissions = [
            ("import_observation", "Can import observations from spreadsheets"),
            ("export_observation", "Can export observations to spreadsheets"),
            ("rollback_dataset", "Can roll a dataset back to an earlier version"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("statistics:dataset-detail", kwargs={"slug": self.slug})


class ObservationQuerySet(models.QuerySet):
    def for_dataset(self, dataset, period: str = ""):
        return self.filter(dataset=dataset, period=period)

    def with_value(self):
        return self.filter(value__isnull=False)

    def without_value(self):
        return self.filter(value__isnull=True)

    def reported_total(self) -> Decimal:
        """Sum of the rows that carry a number. Not the source's headline figure."""
        return self.with_value().aggregate(total=models.Sum("value"))["total"] or Decimal(0)

    def no_data_count(self) -> int:
        return self.without_value().count()

    def ranked(self):
        """Rows with a value, largest first, annotated with their 1-based rank (ties share a rank)."""
        from django.db.models.functions import Rank

        return (
            self.with_value()
            .annotate(rank=models.Window(expression=Rank(), order_by=models.F("value").desc()))
            .order_by("rank", "country")
        )


class Observation(models.Model):
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="observations")
    country = CountryField()
    # Most datasets describe one period and leave this empty; a time series holds one row per country per
    # period (e.g. "2023" or "2023-Q4"), so the data desk can import it as one file.
    period = models.CharField(
        max_length=20, blank=True, default="", help_text='e.g. "2023" or "2023-Q4"; empty for a single period.'
    )
    value = models.DecimalField(
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    qualifier = models.CharField(max_length=20, choices=Qualifier.choices, default=Qualifier.EXACT, blank=True)
    status = models.CharField(max_length=20, choices=ObservationStatus.choices, default=ObservationStatus.REPORTED)
    note = models.CharField(max_length=500, blank=True)
    source_name = models.CharField(max_length=200, blank=True, help_text="Only when it differs from the dataset's.")
    source_url = models.URLField(max_length=500, blank=True)

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["dataset", "period", "-value", "country"]
        verbose_name = "observation"
        verbose_name_plural = "observations"
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "country", "period"], name="observation_one_per_country_and_period"
            ),
            models.CheckConstraint(
                condition=(
                    Q(status__in=[s.value for s in VALUE_STATUSES], value__isnull=False)
                    | (~Q(status__in=[s.value for s in VALUE_STATUSES]) & Q(value__isnull=True))
                ),
                name="observation_value_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="observation_value_not_negative"
            ),
        ]

    def __str__(self) -> str:
        period = f" ({self.period})" if self.period else ""
        return f"{self.dataset}: {self.country.name}{period}"

    @property
    def has_value(self) -> bool:
        return self.value is not None

    def clean(self):
        super().clean()
        if self.status in VALUE_STATUSES and self.value is None:
            raise ValidationError({"value": f"A value is required when the status is “{self.status}”."})
        if self.status not in VALUE_STATUSES and self.value is not None:
            raise ValidationError(
                {"value": f"Leave the value empty when the status is “{self.status}”: the source has no figure."}
            )


class DatasetVersion(models.Model):
    """One state of a dataset's observations, kept for every import, rollback and admin edit so nothing is lost."""

    class Kind(models.TextChoices):
        # The observations as they were before the first import, so the first import can be rolled back too.
        BASELINE = "baseline", "before the first import"
        IMPORT = "import", "import"
        ROLLBACK = "rollback", "rollback"
        # Observations added, changed or deleted by hand in the admin: kept so a rollback undoes only an import.
        EDIT = "edit", "edit in the admin"

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.IMPORT)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    rows_new = models.PositiveIntegerField(default=0)
    rows_updated = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    rows_deleted = models.PositiveIntegerField(default=0)
    #: Every observation of the dataset after this version, so a rollback can restore it exactly:
    #: {"fields": ["country", "period", "value", ...], "rows": [["AM", "", "110000", ...], ...]}.
    snapshot = models.JSONField(default=dict, blank=True)
    #: Row-by-row changes this version made:
    #: [{"country": "AM", "period": "", "action": "changed", "fields": {"value": ["110000", "120000"]}}];
    #: an "added" row lists no fields, its values being in the snapshot.
    changes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["dataset", "-number"]
        verbose_name = "dataset version"
        verbose_name_plural = "dataset versions"
        constraints = [models.UniqueConstraint(fields=["dataset", "number"], name="dataset_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.dataset} v{self.number}"


class FigureQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Figure.Status.PUBLISHED)


class Figure(models.Model):
    """An editor-made view of a dataset: a chart or table that articles embed with ``[figure: slug]``."""

    class Kind(models.TextChoices):
        BAR = "bar", "horizontal bar chart"
        LOLLIPOP = "lollipop", "dot (lollipop) chart"
        TABLE = "table", "table"

    class Selection(models.TextChoices):
        ALL = "all", "all countries"
        TOP = "top", "top N countries"
        CHOSEN = "chosen", "chosen countries"

    class Sort(models.TextChoices):
        VALUE_DESC = "value_desc", "largest first"
        VALUE_ASC = "value_asc", "smallest first"
        NAME = "name", "country name"

    class Status(models.TextChoices):
        DRAFT = "draft", "draft"
        PUBLISHED = "published", "published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    subtitle = models.CharField(max_length=300, blank=True)
    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="figures")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.BAR)
    selection = models.CharField(max_length=20, choices=Selection.choices, default=Selection.ALL)
    top_n = models.PositiveSmallIntegerField(null=True, blank=True, help_text="With “top N countries”.")
    countries = CountryField(multiple=True, blank=True, help_text="With “chosen countries”.")
    sort = models.CharField(max_length=20, choices=Sort.choices, default=Sort.VALUE_DESC)
    highlighted = CountryField(multiple=True, blank=True)
    show_no_data = models.BooleanField(default=True, help_text="List the countries that published no data.")
    description = models.TextField(
        blank=True, help_text="What the figure shows, for screen readers. Required before publishing."
    )
    notes = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FigureQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = "figure"
        verbose_name_plural = "figures"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | ~Q(description=""),
                name="figure_published_needs_description",
            ),
            models.CheckConstraint(
                condition=~Q(selection="top") | Q(top_n__gte=1),
                name="figure_top_needs_n",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("statistics:figure-detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        errors = {}
        if self.status == self.Status.PUBLISHED and not self.description.strip():
            errors["description"] = "Write a description for screen readers before publishing the figure."
        if self.selection == self.Selection.TOP and not self.top_n:
            errors["top_n"] = "Say how many countries to show."
        if self.selection == self.Selection.CHOSEN and not self.countries:
            errors["countries"] = "Choose at least one country."
        if errors:
            raise ValidationError(errors)
