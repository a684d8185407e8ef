"""The one django-import-export Resource behind the admin, the command line and the demo loader.

What it adds to the library:
- headers matched case- and space-insensitively and checked before any row is read;
- every error as a Problem(row as the spreadsheet shows it, column, reason in plain words);
- the same country twice in a file is an error;
- a fast path for large files: the dataset's observations are loaded in one query, unchanged rows are
  recognised without per-row diffs, and writes go through bulk_create/bulk_update.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import F
from import_export import fields, resources
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import Result, RowResult

from stats.countries import lookup_country
from stats.formats import ImportFileError
from stats.models import Observation
from stats.widgets import (
    CountryWidget,
    ObservationValueWidget,
    QualifierWidget,
    SafeTextWidget,
    StatusWidget,
)

#: The launch file's layout; exports write these, imports require REQUIRED_COLUMNS and accept the rest.
COLUMNS = ("country", "value", "qualifier", "status", "note")
REQUIRED_COLUMNS = ("country", "value")
#: A time series adds a period column; a single-period dataset leaves it out.
OPTIONAL_COLUMNS = ("period",)
#: Columns whose empty cells still mean something (an inferred status, an implied qualifier).
_FILLED_WHEN_MISSING = ("qualifier", "status")

_FIELD_NAMES = ("country", "period", "value", "qualifier", "status", "note")


@dataclass(frozen=True)
class Problem:
    """One reason a file cannot be imported, as the person who made the spreadsheet can act on it."""

    message: str
    #: The row number the spreadsheet shows (the header is row 1); None for a problem with the whole file.
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"Row {self.row}")
        if self.column:
            where.append(f"column “{self.column}”")
        return f"{', '.join(where)}: {self.message}" if where else self.message


#: How many new or updated rows an import result keeps for the preview; the totals count every row.
PREVIEW_ROWS = 100


class BoundedResult(Result):
    """A Result whose memory does not grow with the file: it keeps every error but only the one page of
    changed rows the preview shows (the library keeps one RowResult per changed row, 50,000 for a large file)."""

    def append_row_result(self, row_result):
        if row_result.errors or getattr(row_result, "in_preview", False):
            self.rows.append(row_result)

    def row_errors(self):
        # The library numbers errors by their position in self.rows, which skips unchanged rows; error_rows
        # holds the real row numbers.
        return [(error_row.number, error_row.errors) for error_row in self.error_rows]


class LeanRowResult(RowResult):
    """Skips str(instance) per row (a country-name translation each): the preview shows row_values instead."""

    def add_instance_info(self, instance):
        self.object_id = getattr(instance, "pk", None)


def normalize_header(header) -> str:
    return " ".join(str(header or "").split()).casefold()


def expected_columns_text() -> str:
    return ", ".join(COLUMNS) + " (and optionally " + ", ".join(OPTIONAL_COLUMNS) + ")"


def normalize_headers(dataset) -> None:
    """Rename headers to their canonical names, or refuse the file naming what is wrong and what is expected."""
    headers = [normalize_header(h) for h in dataset.headers or []]
    allowed = set(COLUMNS) | set(OPTIONAL_COLUMNS)
    unknown = [str(original) for original, h in zip(dataset.headers or [], headers, strict=True) if h not in allowed]
    missing = [column for column in REQUIRED_COLUMNS if column not in headers]
    repeated = sorted({h for h in headers if headers.count(h) > 1 and h in allowed})
    problems = []
    if unknown:
        problems.append("unknown column" + ("s " if len(unknown) > 1 else " ") + ", ".join(f"“{u}”" for u in unknown))
    if missing:
        problems.append("missing column" + ("s " if len(missing) > 1 else " ") + ", ".join(f"“{m}”" for m in missing))
    if repeated:
        problems.append("column" + ("s " if len(repeated) > 1 else " ") + ", ".join(f"“{r}”" for r in repeated))
        problems[-1] += " appear" + ("" if len(repeated) > 1 else "s") + " twice"
    if problems:
        raise ImportFileError(
            "The first row does not name the expected columns: "
            + "; ".join(problems)
            + f". The columns must be: {expected_columns_text()}."
        )
    dataset.headers = headers
    for column in _FILLED_WHEN_MISSING:
        if column not in headers:
            dataset.append_col([None] * len(dataset), header=column)


def spreadsheet_row(dataset, index: int) -> int:
    """The row number the person sees for the ``index``-th data row (1-based; the header is row 1)."""
    numbers = getattr(dataset, "source_row_numbers", None)
    if numbers and 0 < index <= len(numbers):
        return numbers[index - 1]
    return index + 1


class DatasetInstanceLoader(BaseInstanceLoader):
    """Loads every observation of the resource's dataset in one query, instead of one query per row.

    It keeps plain value tuples, not model instances (a fifth of the memory for a 50,000-row dataset),
    and builds an instance only for a row of the file that matches.
    """

    _COLUMNS = ("pk", "country", "period", "value", "qualifier", "status", "note", "source_name", "source_url")

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.rows = {}
        if resource.dataset is not None and resource.dataset.pk is not None:
            queryset = Observation.objects.filter(dataset=resource.dataset).values_list(*self._COLUMNS)
            for values in queryset.iterator(chunk_size=2000):
                self.rows[(values[1], values[2])] = values
        resource.instance_loader = self

    def original_values(self, key) -> tuple | None:
        values = self.rows.get(key)
        if values is None:
            return None
        value = values[3]
        return (value.normalize() if value is not None else None, values[4], values[5], values[6])

    def get_instance(self, row):
        code = lookup_country(row.get("country")).code
        if code is None:
            return None  # the country column reports the error
        try:
            period = SafeTextWidget().clean(row.get("period"))
        except ValueError:
            return None
        values = self.rows.get((code, period))
        if values is None:
            return None
        observation = Observation(**dict(zip(self._COLUMNS, values, strict=True)))
        observation._state.adding = False
        observation.dataset = self.resource.dataset  # str() of the row would otherwise query it
        return observation


class ObservationResource(resources.ModelResource):
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())
    period = fields.Field(attribute="period", column_name="period", widget=SafeTextWidget(max_length=20))
    value = fields.Field(attribute="value", column_name="value", widget=ObservationValueWidget())
    qualifier = fields.Field(attribute="qualifier", column_name="qualifier", widget=QualifierWidget())
    status = fields.Field(attribute="status", column_name="status", widget=StatusWidget())
    note = fields.Field(attribute="note", column_name="note", widget=SafeTextWidget(max_length=500))

    class Meta:
        model = Observation
        fields = _FIELD_NAMES
        import_order = _FIELD_NAMES
        export_order = ("country", "period", "value", "qualifier", "status", "note")
        import_id_fields = ("country",)
        instance_loader_class = DatasetInstanceLoader
        use_transactions = True
        use_bulk = True
        batch_size = 1000
        skip_unchanged = True
        report_skipped = False
        # Per-row diffs deep-copy every instance and render HTML for each row: the preview shows the
        # changed rows themselves, and the version keeps the old -> new values, computed once per import.
        skip_diff = True
        skip_html_diff = True
        # full_clean() would query the database per row (unique and constraint checks); validate_instance
        # runs the field and model checks in Python, and the constraints stay in the database.
        clean_model_instances = False

    def __init__(self, dataset=None, preview_page: int = 1, **kwargs):
        super().__init__(**kwargs)
        self.dataset = dataset
        #: Which page of changed rows a dry run keeps for the preview (PREVIEW_ROWS a page).
        self.preview_page = max(1, preview_page)
        self.instance_loader = None
        self._seen: dict[tuple[str, str], int] = {}
        self._source = None
        self._dry_run = False
        self._changed_rows = 0

    @staticmethod
    def comparable_values(observation) -> tuple:
        value = observation.value
        return (
            value.normalize() if value is not None else None,
            observation.qualifier,
            observation.status,
            observation.note,
        )

    # --- import ------------------------------------------------------------------------------------

    def get_result_class(self):
        return BoundedResult

    def get_row_result_class(self):
        return LeanRowResult

    def after_import_row(self, row, row_result, **kwargs):
        # The preview shows what a changed row will hold, one page at a time (see BoundedResult).
        if row_result.import_type in ("new", "update"):
            first = (self.preview_page - 1) * PREVIEW_ROWS
            if first <= self._changed_rows < first + PREVIEW_ROWS:
                row_result.in_preview = True
                row_result.row_values = {
                    column: row.get(column) for column in ("country", "period", "qualifier", "value", "status")
                }
            self._changed_rows += 1

    def import_data_inner(self, dataset, dry_run, raise_errors, using_transactions, collect_failed_rows, **kwargs):
        if self.dataset is None:
            raise ValueError("ObservationResource needs the dataset to import into: ObservationResource(dataset=...)")
        self._seen = {}
        self._changed_rows = 0
        self._source = dataset
        self._dry_run = dry_run
        try:
            normalize_headers(dataset)
        except ImportFileError as error:
            # Reported before any row is read: a file with the wrong columns would only produce one
            # confusing error per row.
            result = self.get_result_class()()
            result.total_rows = len(dataset)
            self.handle_import_error(result, error, raise_errors)
            result.problems = [Problem(str(error))]
            return result
        return super().import_data_inner(
            dataset, dry_run, raise_errors, using_transactions, collect_failed_rows, **kwargs
        )

    def after_init_instance(self, instance, new, row, **kwargs):
        if new:
            instance.dataset = self.dataset

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "country" not in errors and "period" not in errors and instance.country:
            key = (instance.country.code, instance.period)
            this_row = spreadsheet_row(self._source, kwargs.get("row_number", 0))
            first_row = self._seen.setdefault(key, this_row)
            if first_row != this_row:
                period = f" for the period “{instance.period}”" if instance.period else ""
                errors.setdefault("country", []).append(
                    f"{instance.country.name} appears twice{period}: in row {first_row} and in row {this_row}. "
                    "Keep one of them."
                )
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance.pk is None or self.instance_loader is None:
            return False
        key = (instance.country.code, instance.period)
        return self.instance_loader.original_values(key) == self.comparable_values(instance)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own rules (clean(): value and status agree), once the widgets have read the row.

        No full_clean(): it would query the database per row (the dataset foreign key, unique and check
        constraints) and walk the 250 country choices. The widgets already return only valid codes,
        qualifiers and statuses, bounded numbers and texts within the columns' lengths; the database
        constraints stay the last word.
        """
        errors = dict(import_validation_errors or {})
        if not errors:
            try:
                instance.clean()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if dry_run:
            # The preview validates every row in Python; writing and rolling back would double its cost.
            self.create_instances.clear()
            return
        super().bulk_create(using_transactions, dry_run, raise_errors, batch_size=batch_size, result=result)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if dry_run:
            self.update_instances.clear()
            return
        super().bulk_update(using_transactions, dry_run, raise_errors, batch_size=batch_size, result=result)

    def get_bulk_update_fields(self):
        return ["value", "qualifier", "status", "note"]

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        result.problems = describe_problems(result, dataset)
        result.import_notice = getattr(dataset, "import_notice", "")

    # --- export ------------------------------------------------------------------------------------

    def before_export(self, queryset, **kwargs):
        self._export_periods = queryset is not None and queryset.exclude(period="").exists()

    def get_export_fields(self, selected_fields=None):
        export_fields = super().get_export_fields(selected_fields)
        if not getattr(self, "_export_periods", False):
            export_fields = [field for field in export_fields if field.column_name != "period"]
        return export_fields

    def filter_export(self, queryset, **kwargs):
        if self.dataset is not None:
            queryset = queryset.filter(dataset=self.dataset)
        # Largest first and rows without a value last, on every database (PostgreSQL sorts NULL first).
        return queryset.order_by("period", F("value").desc(nulls_last=True), "country")


def describe_problems(result, dataset) -> list[Problem]:
    """Every error of an import result in the person's terms: spreadsheet row, column, plain reason."""
    problems = []
    for error in result.base_errors:
        text = str(error.error)
        if isinstance(error.error, ImportFileError):
            problems.append(Problem(text))
        elif not any(p.message == text for p in problems):
            problems.append(Problem(f"The rows could not be saved: {text}"))
    for number, errors in BoundedResult.row_errors(result):
        for error in errors:
            problems.append(Problem(f"This row could not be read: {error.error}", row=spreadsheet_row(dataset, number)))
    for invalid in result.invalid_rows:
        row = spreadsheet_row(dataset, invalid.number)
        for field_name, messages in invalid.error_dict.items():
            column = field_name if field_name in _FIELD_NAMES else None
            for message in messages:
                problems.append(Problem(str(message), row=row, column=column))
    return problems
