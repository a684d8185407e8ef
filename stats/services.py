"""Writes to the statistics app: importing observations, recording hand edits and rolling a dataset back.

The admin, the ``import_statistics`` command and the demo loader all call import_observations(), so a file
is judged the same way wherever it comes from. Every import is atomic (any error: nothing written) and is
kept as a DatasetVersion with a snapshot and its row-by-row changes. Hand edits in the admin are kept as
versions too (recording_observation_edits), so rolling an import back undoes that import and nothing else.
"""

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from import_export.results import RowResult

from stats.formats import ImportFileError, format_for_file_name, human_size
from stats.models import Dataset, DatasetVersion, Observation
from stats.resources import ObservationResource, Problem, describe_problems

#: The columns of a version's snapshot rows, country and period first.
SNAPSHOT_FIELDS = ("country", "period", "value", "qualifier", "status", "note", "source_name", "source_url")


def max_upload_bytes() -> int:
    return getattr(settings, "STATISTICS_IMPORT_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)


@dataclass
class ImportReport:
    """What an import did or, on a dry run, would do."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    version: DatasetVersion | None = None
    notice: str = ""
    #: The library's result, for the admin's preview of changed rows.
    result: object = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        return (
            f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.problems)} error{'' if len(self.problems) == 1 else 's'}"
        )


def read_import_file(*, content: bytes, file_name: str, format_class=None) -> tablib.Dataset:
    """Bytes of an uploaded or local file -> rows, refusing oversize, unknown or hostile files in plain words."""
    if len(content) > max_upload_bytes():
        raise ImportFileError(
            f"The file is {human_size(len(content))}; the limit is {human_size(max_upload_bytes())}. "
            "Split it into smaller files."
        )
    if not content:
        raise ImportFileError("The file is empty.")
    format_class = format_class or format_for_file_name(file_name)
    return format_class().create_dataset(content)


def file_sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _snapshot_rows(dataset: Dataset) -> list[list]:
    """Every observation of the dataset as a JSON-safe row in SNAPSHOT_FIELDS order, sorted. One query,
    streamed: rows, not dicts or model instances, so a 50,000-row dataset stays a few megabytes."""
    rows = []
    queryset = Observation.objects.filter(dataset=dataset).order_by("period", "country")
    for values in queryset.values_list(*SNAPSHOT_FIELDS).iterator(chunk_size=2000):
        row = list(values)
        if row[2] is not None:
            row[2] = _decimal_text(row[2])
        rows.append(row)
    return rows


def snapshot_rows(version: DatasetVersion) -> list[dict]:
    """A version's snapshot as dicts by field name, for display and rollback."""
    snapshot = version.snapshot or {}
    fields = snapshot.get("fields", SNAPSHOT_FIELDS)
    return [dict(zip(fields, row, strict=True)) for row in snapshot.get("rows", [])]


def _decimal_text(value: Decimal) -> str:
    value = Decimal(value)
    return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else str(value.normalize())


def _changes(before: list[list], after: list[list]) -> list[dict]:
    """Row-by-row differences, old -> new: [{"country", "period", "action", "fields": {name: [old, new]}}].

    An added row lists no fields: its values are in the version's snapshot, and a first import of 50,000
    rows would otherwise store every value twice.
    """
    old_rows = {(row[0], row[1]): row for row in before}
    changes = []
    names = SNAPSHOT_FIELDS[2:]
    for row in after:
        key = (row[0], row[1])
        old = old_rows.pop(key, None)
        if old is None:
            changes.append({"country": key[0], "period": key[1], "action": "added"})
        elif old != row:
            fields = {name: [o, n] for name, o, n in zip(names, old[2:], row[2:], strict=True) if o != n}
            changes.append({"country": key[0], "period": key[1], "action": "changed", "fields": fields})
    for key, old in old_rows.items():
        fields = {name: [o, None] for name, o in zip(names, old[2:], strict=True) if o not in (None, "")}
        changes.append({"country": key[0], "period": key[1], "action": "removed", "fields": fields})
    changes.sort(key=lambda change: (change["period"], change["country"]))
    return changes


def _record_version(*, dataset, kind, user, before, after, file_name="", sha256="", counts=None) -> DatasetVersion:
    last = dataset.versions.aggregate(last=Max("number"))["last"] or 0
    counts = counts or {}
    return DatasetVersion.objects.create(
        dataset=dataset,
        number=last + 1,
        kind=kind,
        created_by=user if user is not None and user.is_authenticated else None,
        file_name=file_name[:255],
        file_sha256=sha256,
        rows_new=counts.get("new", 0),
        rows_updated=counts.get("updated", 0),
        rows_unchanged=counts.get("unchanged", 0),
        rows_deleted=counts.get("deleted", 0),
        snapshot={"fields": list(SNAPSHOT_FIELDS), "rows": after},
        changes=_changes(before, after),
    )


def import_observations(
    *,
    dataset: Dataset,
    rows: tablib.Dataset,
    file_name: str = "",
    sha256: str = "",
    user=None,
    dry_run: bool = False,
) -> ImportReport:
    """Import a file's rows into ``dataset``: all of them, or none when any row is wrong.

    Rows are matched to existing observations by country (and period); rows not in the file are kept.
    Every real import without errors is recorded as a new DatasetVersion, even one that changed nothing;
    the first one also records the state before it, so it too can be rolled back.
    """
    report = ImportReport(dry_run=dry_run, notice=getattr(rows, "import_notice", ""))
    with transaction.atomic():
        # One import at a time per dataset: a second one waits here instead of interleaving its rows.
        locked = Dataset.objects.select_for_update().get(pk=dataset.pk)
        before = None if dry_run else _snapshot_rows(locked)
        resource = ObservationResource(dataset=locked)
        result = resource.import_data(
            rows,
            dry_run=dry_run,
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            file_name=file_name,
            user=user,
        )
        report.result = result
        report.problems = getattr(result, "problems", None)
        if report.problems is None:
            report.problems = describe_problems(result, rows)
        report.new = result.totals[RowResult.IMPORT_TYPE_NEW]
        report.updated = result.totals[RowResult.IMPORT_TYPE_UPDATE]
        report.unchanged = result.totals[RowResult.IMPORT_TYPE_SKIP]
        if report.problems or dry_run:
            transaction.set_rollback(True)
            return report
        # Every import is kept, one that changed nothing too: the history then says that this file was
        # imported, by whom and when, and that it matched the data (counts all unchanged, no changes).
        if not locked.versions.exists():
            _record_version(dataset=locked, kind=DatasetVersion.Kind.BASELINE, user=user, before=[], after=before)
        report.version = _record_version(
            dataset=locked,
            kind=DatasetVersion.Kind.IMPORT,
            user=user,
            before=before,
            # Nothing written, nothing to read again: a large unchanged re-import holds one snapshot, not two.
            after=_snapshot_rows(locked) if report.new or report.updated else before,
            file_name=file_name,
            sha256=sha256,
            counts={"new": report.new, "updated": report.updated, "unchanged": report.unchanged},
        )
    return report


def import_observations_from_file(
    *, dataset: Dataset, content: bytes, file_name: str, user=None, dry_run: bool = False, format_class=None
) -> ImportReport:
    """Read the file and import it; a file that cannot be read is a report with one problem, not an exception."""
    try:
        rows = read_import_file(content=content, file_name=file_name, format_class=format_class)
    except ImportFileError as error:
        return ImportReport(dry_run=dry_run, problems=[Problem(str(error))])
    return import_observations(
        dataset=dataset, rows=rows, file_name=file_name, sha256=file_sha256(content), user=user, dry_run=dry_run
    )


def _counts(changes: list[dict], after: list[list]) -> dict:
    added = sum(1 for change in changes if change["action"] == "added")
    changed = sum(1 for change in changes if change["action"] == "changed")
    return {
        "new": added,
        "updated": changed,
        "deleted": sum(1 for change in changes if change["action"] == "removed"),
        "unchanged": len(after) - added - changed,
    }


def record_observation_edit(*, dataset: Dataset, before: list[list], user=None) -> DatasetVersion | None:
    """Keep the dataset's observations as they are now as an "edit" version, if they differ from ``before``.

    ``before`` is _snapshot_rows() taken earlier in the same transaction, before the edit. A dataset that had
    no version yet gets its baseline (the state before the edit) first, as before a first import.
    """
    after = _snapshot_rows(dataset)
    if after == before:
        return None
    if not dataset.versions.exists():
        _record_version(dataset=dataset, kind=DatasetVersion.Kind.BASELINE, user=user, before=[], after=before)
    changes = _changes(before, after)
    return _record_version(
        dataset=dataset,
        kind=DatasetVersion.Kind.EDIT,
        user=user,
        before=before,
        after=after,
        counts=_counts(changes, after),
    )


@contextmanager
def recording_observation_edits(*, datasets: Iterable[Dataset], user=None) -> Iterator[None]:
    """Run a hand edit of observations (the admin's save or delete) so that it is kept as a version.

    The datasets are locked, their observations read before the edit, and after it every dataset whose
    observations changed gets an "edit" version with who and the row-by-row changes, all in one transaction:
    an edit that fails records nothing, and an import cannot slip in between the edit and its version.
    An edit that moves an observation to another dataset names both datasets.
    """
    keys = sorted({dataset.pk for dataset in datasets if dataset is not None and dataset.pk is not None})
    with transaction.atomic():
        locked = list(Dataset.objects.select_for_update().filter(pk__in=keys).order_by("pk"))
        before = {dataset.pk: _snapshot_rows(dataset) for dataset in locked}
        yield
        for dataset in locked:
            record_observation_edit(dataset=dataset, before=before[dataset.pk], user=user)


def _row_from_change(change: dict) -> list:
    """A removed row as it was, from the fields its change kept (empty ones were left out)."""
    fields = change.get("fields", {})
    row = [change["country"], change.get("period", "")]
    for name in SNAPSHOT_FIELDS[2:]:
        old = fields.get(name, [None, None])[0]
        row.append(old if old is not None or name == "value" else "")
    return row


@transaction.atomic
def rollback_dataset(*, dataset: Dataset, user=None) -> DatasetVersion:
    """Undo the dataset's latest version that changed something (an import, an edit or a rollback), as a new
    version.

    Only the rows that version changed are put back as they were before it, field by field; every other row
    stays as it is now. When all changes go through versions (imports, the admin's edits, rollbacks) this is
    exactly the previous version's state; a row changed since the latest version without being recorded
    (by code outside the admin) keeps its current values rather than being silently reverted.
    Nothing is deleted from the history: the rollback is itself a version, so it can be undone the same way.
    """
    locked = Dataset.objects.select_for_update().get(pk=dataset.pk)
    # A version that changed nothing (a re-import of the same file) has nothing to undo: the one before it
    # is what "roll back" means to the person who pressed it.
    latest = (
        locked.versions.exclude(kind=DatasetVersion.Kind.BASELINE)
        .filter(Q(rows_new__gt=0) | Q(rows_updated__gt=0) | Q(rows_deleted__gt=0))
        .order_by("-number")
        .first()
    )
    target = locked.versions.filter(number__lt=latest.number).order_by("-number").first() if latest else None
    if latest is None or target is None:
        raise ValidationError("There is no earlier version of this dataset to roll back to.")
    before = _snapshot_rows(locked)
    current = {(row[0], row[1]): row for row in before}
    recorded = {
        (row["country"], row["period"]): [row.get(name, None if name == "value" else "") for name in SNAPSHOT_FIELDS]
        for row in snapshot_rows(latest)
    }
    restored = dict(current)
    kept = []
    for change in latest.changes or []:
        key = (change["country"], change.get("period", ""))
        if current.get(key) != recorded.get(key):
            kept.append(key)  # changed again since, unrecorded: the later change wins
            continue
        if change["action"] == "added":
            restored.pop(key, None)
        elif change["action"] == "removed":
            restored[key] = _row_from_change(change)
        else:
            row = list(restored[key])
            for name, (old, _new) in change["fields"].items():
                row[SNAPSHOT_FIELDS.index(name)] = old
            restored[key] = row
    Observation.objects.filter(dataset=locked).delete()
    observations = []
    for values in restored.values():
        row = dict(zip(SNAPSHOT_FIELDS, values, strict=True))
        observation = Observation(dataset=locked, **row)
        observation.value = Decimal(row["value"]) if row["value"] is not None else None
        observations.append(observation)
    Observation.objects.bulk_create(observations, batch_size=1000)
    after = _snapshot_rows(locked)
    description = f"rollback of v{latest.number} to v{target.number}"
    if kept:
        description += " (kept later unrecorded changes to " + ", ".join(code for code, _ in sorted(kept)) + ")"
    return _record_version(
        dataset=locked,
        kind=DatasetVersion.Kind.ROLLBACK,
        user=user,
        before=before,
        after=after,
        file_name=description,
        counts=_counts(_changes(before, after), after),
    )
