"""python manage.py import_statistics FILE --dataset SLUG [--dry-run]

The same import as the admin's (stats.services.import_observations and stats.resources): a summary of
new / updated / unchanged rows and every error as "Row N, column C: reason". Exits 1, writing nothing,
when any row is bad.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from stats.formats import human_size
from stats.models import Dataset
from stats.services import import_observations_from_file, max_upload_bytes


class Command(BaseCommand):
    help = "Import a dataset's observations from a CSV, XLSX or ODS file (all rows or none)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV, XLSX or ODS file with columns country, value, ...")
        parser.add_argument("--dataset", required=True, help="Slug of an existing dataset.")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; write nothing.")

    def handle(self, *args, file: Path, dataset: str, dry_run: bool, **options):
        try:
            target = Dataset.objects.get(slug=dataset)
        except Dataset.DoesNotExist:
            slugs = ", ".join(Dataset.objects.order_by("slug").values_list("slug", flat=True)) or "(none yet)"
            raise CommandError(f"There is no dataset “{dataset}”. Existing datasets: {slugs}.") from None
        if not file.is_file():
            raise CommandError(f"There is no file at {file}.")
        if file.stat().st_size > max_upload_bytes():
            # Refused before reading it into memory; the service says the same for uploads.
            raise CommandError(
                f"{file.name} is {human_size(file.stat().st_size)}; the limit is {human_size(max_upload_bytes())}. "
                "Split it into smaller files."
            )
        report = import_observations_from_file(
            dataset=target, content=file.read_bytes(), file_name=file.name, dry_run=dry_run
        )
        if report.notice:
            self.stdout.write(report.notice)
        for problem in report.problems:
            self.stderr.write(f"{file.name}: {problem}")
        prefix = "Dry run, nothing written: " if dry_run else ""
        self.stdout.write(f"{prefix}{report.summary()}.")
        if not report.ok:
            raise CommandError(f"Nothing was imported into “{target.slug}”: fix the errors above and run again.")
        if report.version:
            self.stdout.write(self.style.SUCCESS(f"Saved as version {report.version.number} of “{target.slug}”."))
