"""Fixtures for the data desk's tests: datasets, users in the newsroom's roles, spreadsheets built for real."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from tests.stats_factories import DatasetFactory

LAUNCH_CSV = Path(__file__).resolve().parents[2] / "stats" / "demo_data" / "emigres-by-country.csv"


def staff_user(username: str, *codenames: str):
    """A staff user holding exactly the given permissions ("app_label.codename")."""
    user = get_user_model().objects.create_user(username=username, password="pw-for-tests-only", is_staff=True)
    for name in codenames:
        app_label, codename = name.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user


DATA_DESK_PERMISSIONS = (
    "statistics.import_observation",
    "statistics.export_observation",
    "statistics.rollback_dataset",
    "statistics.view_observation",
    "statistics.add_observation",
    "statistics.change_observation",
    "statistics.view_dataset",
    "statistics.change_dataset",
    "statistics.view_datasetversion",
)


@pytest.fixture
def dataset(db):
    return DatasetFactory(title="Russian wartime emigres", slug="russian-wartime-emigres")


@pytest.fixture
def data_desk_user(db):
    return staff_user("datadesk", *DATA_DESK_PERMISSIONS)


@pytest.fixture
def editor_user(db):
    """Like the Editors group: articles, but no statistics import or export."""
    return staff_user("editor", "articles.view_article", "articles.add_article", "articles.change_article")


@pytest.fixture
def view_only_user(db):
    return staff_user("viewer", "statistics.view_observation", "statistics.view_dataset")


@pytest.fixture
def launch_csv() -> bytes:
    return LAUNCH_CSV.read_bytes()


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def xlsx_bytes(rows: list[list], *, extra_sheets: tuple[str, ...] = ()) -> bytes:
    """A real workbook written by openpyxl, the first row being the header."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    for row in rows:
        sheet.append(row)
    for name in extra_sheets:
        book.create_sheet(name).append(["ignored"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


LAUNCH_HEADER = ["country", "value", "qualifier", "status", "note"]
