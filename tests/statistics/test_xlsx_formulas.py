"""XLSX formulas: a computed one is read as its value; one the file holds without a value is named as such."""

import io
import zipfile
from decimal import Decimal

import pytest

from stats.models import Observation
from stats.services import import_observations_from_file
from tests.statistics.conftest import LAUNCH_HEADER, xlsx_bytes

pytestmark = pytest.mark.django_db


def run_import(dataset, content: bytes):
    return import_observations_from_file(dataset=dataset, content=content, file_name="figures.xlsx")


def test_a_formula_without_a_computed_value_is_reported_as_a_formula_not_a_missing_value(dataset):
    # openpyxl (and other programs) write formulas without computing them; the cell then reads as empty.
    content = xlsx_bytes(
        [LAUNCH_HEADER, ["Armenia", "=1+1", None, "reported", None], ["Georgia", 74000, None, None, None]]
    )

    report = run_import(dataset, content)

    assert [str(problem) for problem in report.problems] == [
        "Row 2, column “value”: the cell holds a formula (=1+1), not a number: paste the values instead."
    ]
    assert not Observation.objects.exists()


def test_a_formula_in_a_text_column_is_named_too(dataset):
    content = xlsx_bytes(
        [LAUNCH_HEADER, ["=A3", 110000, None, None, None], ["Georgia", 74000, None, None, '=CONCAT("a","b")']]
    )

    report = run_import(dataset, content)

    assert [str(problem) for problem in report.problems] == [
        "Row 2, column “country”: the cell holds a formula (=A3) with no computed value: paste the values instead.",
        'Row 3, column “note”: the cell holds a formula (=CONCAT("a","b")) with no computed value: '
        "paste the values instead.",
    ]


def with_cached_value(content: bytes, cell: str, value: str) -> bytes:
    """The workbook as Excel would save it: the formula in ``cell`` with the value Excel computed for it."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                start = text.index(f'<c r="{cell}"')
                end = text.index("</c>", start)
                assert "<v />" in text[start:end] or "<v></v>" in text[start:end]
                patched = text[start:end].replace("<v />", f"<v>{value}</v>").replace("<v></v>", f"<v>{value}</v>")
                data = (text[:start] + patched + text[end:]).encode()
            target.writestr(entry, data)
    return out.getvalue()


def test_a_formula_excel_computed_is_read_as_its_value(dataset):
    content = with_cached_value(
        xlsx_bytes([LAUNCH_HEADER, ["Armenia", "=100000+10000", None, None, None]]), "B2", "110000"
    )

    report = run_import(dataset, content)

    assert report.ok, report.problems
    assert Observation.objects.get(country="AM").value == Decimal(110000)
