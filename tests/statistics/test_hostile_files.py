"""Files made to hurt are refused with a clear reason: never a crash, a hang or a memory blow-up."""

import io
import os
import zipfile

import openpyxl
import pytest

from stats.models import Observation
from stats.services import import_observations_from_file
from tests.statistics.conftest import LAUNCH_HEADER, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def refusal(dataset, content: bytes, name: str) -> str:
    report = import_observations_from_file(dataset=dataset, content=content, file_name=name)
    assert not report.ok
    assert not Observation.objects.exists()
    return "\n".join(str(problem) for problem in report.problems)


def rewrite_part(workbook: bytes, part: str, content: bytes) -> bytes:
    """The same workbook with one XML part replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(entry.filename, content if entry.filename == part else source.read(entry.filename))
    return out.getvalue()


def test_an_oversize_file_is_refused_saying_the_limit(dataset, settings):
    settings.STATISTICS_IMPORT_MAX_UPLOAD_BYTES = 1024
    content = csv_bytes("country,value\n" + "Armenia,1\n" * 200)

    assert "the limit is 1 KB" in refusal(dataset, content, "big.csv")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_more_rows_than_the_limit_are_refused(dataset, settings, kind):
    settings.STATISTICS_IMPORT_MAX_ROWS = 5
    rows = [["country", "value"]] + [["Armenia", n] for n in range(6)]
    content = csv_bytes("\n".join(",".join(map(str, row)) for row in rows)) if kind == "csv" else xlsx_bytes(rows)

    assert "more than 5 rows" in refusal(dataset, content, f"long.{kind}")


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("figures.xlsx", "This is not an XLSX file"),
        ("figures.ods", "This is not an ODS file"),
        ("figures.csv", "This is not a CSV file: it holds binary data"),
    ],
)
def test_a_renamed_binary_is_refused(dataset, name, reason):
    assert reason in refusal(dataset, PNG + os.urandom(2000), name)


def test_a_zip_that_is_not_a_workbook_is_refused(dataset):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "a zip archive without a spreadsheet inside" in refusal(dataset, out.getvalue(), "figures.xlsx")


def test_a_zip_bomb_xlsx_is_refused_from_its_directory(dataset):
    # 50 MB of zeros compress to about 50 KB: a ratio no real workbook has.
    bomb = rewrite_part(xlsx_bytes([LAUNCH_HEADER]), "xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    assert len(bomb) < 200 * 1024

    assert "compressed suspiciously tightly (a zip bomb?)" in refusal(dataset, bomb, "bomb.xlsx")


def test_an_xlsx_with_an_absurd_uncompressed_size_is_refused(dataset, settings):
    settings.STATISTICS_IMPORT_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    big = rewrite_part(xlsx_bytes([LAUNCH_HEADER]), "xl/worksheets/sheet1.xml", os.urandom(2 * 1024 * 1024))

    assert "would unpack to 2.0 MB, more than the 1.0 MB limit" in refusal(dataset, big, "big.xlsx")


def test_an_xlsx_with_an_absurd_number_of_entries_is_refused(dataset):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes([LAUNCH_HEADER]))) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            target.writestr(entry.filename, source.read(entry.filename))
        for n in range(2000):
            target.writestr(f"xl/junk/{n}.bin", b"x")

    assert "holds 2,0" in refusal(dataset, out.getvalue(), "many.xlsx")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!-- padding that pushes the declarations past the first kilobytes: %s -->
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">
<si><t>&lol9;</t></si></sst>"""


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/styles.xml"])
def test_an_xml_entity_attack_in_an_xlsx_part_is_refused(dataset, part):
    workbook = xlsx_bytes([LAUNCH_HEADER, ["Armenia", 1, "", "reported", "x"]])
    attack = rewrite_part(workbook, part, BILLION_LAUGHS % (b" " * 8000))

    assert "XML declarations that spreadsheets never use" in refusal(dataset, attack, "laughs.xlsx")


def test_openpyxl_parses_workbooks_through_defusedxml():
    # The second line of defence behind our own DOCTYPE check.
    assert openpyxl.DEFUSEDXML is True


@pytest.mark.parametrize("kind", ["csv", "xlsx-text", "xlsx-number"])
def test_numbers_with_huge_exponents_are_a_row_error(dataset, kind):
    if kind == "csv":
        content, name = csv_bytes("country,value\nArmenia,1e999999\n"), "huge.csv"
    else:
        value = "1e999999" if kind == "xlsx-text" else 1e300
        content, name = xlsx_bytes([["country", "value"], ["Armenia", value]]), "huge.xlsx"

    assert "Row 2, column “value”:" in refusal(dataset, content, name)
    assert "too large to be a count" in refusal(dataset, content, name)
