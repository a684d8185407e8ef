"""The launch dataset and its figure, for the demo content. Idempotent: running it twice changes nothing.

Facts from ../shared/story/ (The Bell's count of Russians who left after February 2022 and remain abroad).
"""

import datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from stats.models import Dataset, Figure
from stats.services import import_observations_from_file

LAUNCH_DATASET_SLUG = "russian-wartime-emigres"
LAUNCH_FIGURE_SLUG = "russian-wartime-emigres-by-country"
LAUNCH_CSV = Path(settings.BASE_DIR).parent / "shared" / "story" / "emigres-by-country.csv"
#: A copy inside the project, so the demo loads where ../shared is not beside the checkout.
BUNDLED_CSV = Path(__file__).resolve().parent / "demo_data" / "emigres-by-country.csv"


def launch_csv_path() -> Path:
    return LAUNCH_CSV if LAUNCH_CSV.exists() else BUNDLED_CSV


@transaction.atomic
def load_launch_data() -> tuple[Dataset, Figure]:
    # get_or_create, not update_or_create: a second run must not touch what the data desk has edited since.
    dataset, _ = Dataset.objects.get_or_create(
        slug=LAUNCH_DATASET_SLUG,
        defaults={
            "title": "Russian wartime emigres who remain abroad, by country",
            "description": (
                "How many Russians who left after the full-scale invasion of Ukraine in February 2022 still "
                "live in each destination country, as far as those countries publish figures."
            ),
            "unit": "people",
            "source_name": "The Bell",
            "source_url": "https://thebell.io/",
            "methodology": (
                "The Bell compiled migration data from nearly 70 countries and public statements by officials. "
                "Several destinations published no data, so the source calls its overall estimate an undercount."
            ),
            "period": "February 2022 to July 2024",
            "as_of": datetime.date(2024, 7, 17),
            "headline_value": Decimal(650_000),
            "headline_qualifier": "about",
            "headline_note": "The source's estimate of all who left and have not returned; not the sum of the rows.",
        },
    )
    if not dataset.observations.exists():
        # The same import the data desk uses (admin and command), so the demo data passes the same checks.
        csv_path = launch_csv_path()
        report = import_observations_from_file(dataset=dataset, content=csv_path.read_bytes(), file_name=csv_path.name)
        if not report.ok:
            raise ValueError(f"The launch CSV does not import: {'; '.join(str(p) for p in report.problems)}")
    figure, _ = Figure.objects.get_or_create(
        slug=LAUNCH_FIGURE_SLUG,
        defaults={
            "title": "Where Russia's wartime emigres live now",
            "subtitle": "Russians who left after February 2022 and remain in each country",
            "dataset": dataset,
            "kind": Figure.Kind.BAR,
            "selection": Figure.Selection.ALL,
            "sort": Figure.Sort.VALUE_DESC,
            "highlighted": ["AM"],
            "description": (
                "Armenia has the most at about 110,000, followed by Kazakhstan and Israel at about 80,000 each "
                "and Georgia at about 74,000; 6 of 13 countries published no data."
            ),
            # No sums or counts written by hand here: they would go stale when the data desk imports new figures.
            "notes": (
                "The Bell's overall estimate covers every destination; the countries shown are only those "
                "that published figures."
            ),
            "status": Figure.Status.PUBLISHED,
        },
    )
    return dataset, figure
