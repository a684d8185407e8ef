"""Importing observations: the launch file, every accepted form, clear errors, all-or-nothing, re-imports."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from stats.models import DatasetVersion, Observation
from stats.services import import_observations_from_file
from tests.statistics.conftest import LAUNCH_HEADER, DatasetFactory, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


def run_import(dataset, content: bytes, name: str = "file.csv", **kwargs):
    return import_observations_from_file(dataset=dataset, content=content, file_name=name, **kwargs)


def state(dataset) -> list[tuple]:
    return list(
        Observation.objects.filter(dataset=dataset)
        .order_by("period", "country")
        .values_list("country", "period", "value", "qualifier", "status", "note")
    )


def test_the_launch_csv_imports_through_the_command(dataset, tmp_path, launch_csv, capsys):
    path = tmp_path / "emigres-by-country.csv"
    path.write_bytes(launch_csv)

    call_command("import_statistics", str(path), dataset=dataset.slug)

    out = capsys.readouterr().out
    assert "13 new, 0 updated, 0 unchanged, 0 errors" in out
    armenia = Observation.objects.get(dataset=dataset, country="AM")
    assert (armenia.value, armenia.qualifier, armenia.status) == (Decimal(110000), "about", "reported")
    assert Observation.objects.get(dataset=dataset, country="US").qualifier == "more than"
    portugal = Observation.objects.get(dataset=dataset, country="PT")
    assert (portugal.value, portugal.status) == (None, "not published")
    assert dataset.observations.reported_total() == Decimal(444000)


def test_the_command_dry_run_reports_and_writes_nothing(dataset, tmp_path, launch_csv, capsys):
    path = tmp_path / "launch.csv"
    path.write_bytes(launch_csv)

    call_command("import_statistics", str(path), dataset=dataset.slug, dry_run=True)

    assert "Dry run, nothing written: 13 new" in capsys.readouterr().out
    assert not Observation.objects.exists()


def test_the_command_names_existing_datasets_when_the_slug_is_unknown(dataset, tmp_path, launch_csv):
    path = tmp_path / "launch.csv"
    path.write_bytes(launch_csv)
    with pytest.raises(CommandError, match="Existing datasets: russian-wartime-emigres"):
        call_command("import_statistics", str(path), dataset="no-such-dataset")


def test_the_command_exits_non_zero_with_row_column_and_reason_and_writes_nothing(dataset, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("country,value,qualifier,status,note\nArmenia,110000,about,reported,\nEuro area,5,,reported,\n")

    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_statistics", str(path), dataset=dataset.slug)

    err = capsys.readouterr().err
    assert "bad.csv: Row 3, column “country”: “Euro area” is a group of countries" in err
    assert not Observation.objects.exists()


def test_one_bad_row_among_good_ones_leaves_the_database_unchanged(dataset, launch_csv):
    run_import(dataset, launch_csv)
    before = state(dataset)
    versions = DatasetVersion.objects.count()
    corrected = launch_csv.decode().replace("Armenia,110000", "Armenia,120000").replace("Greece,,", "Greece,lots,")

    report = run_import(dataset, corrected.encode())

    assert not report.ok
    assert [str(p) for p in report.problems] == [
        "Row 14, column “value”: “lots” is not a number (write it like 110000, 110,000 or “about 110,000”)."
    ]
    assert state(dataset) == before
    assert DatasetVersion.objects.count() == versions


def test_reimporting_the_same_file_changes_nothing_and_says_unchanged(dataset, launch_csv):
    run_import(dataset, launch_csv)
    before = state(dataset)
    versions = DatasetVersion.objects.count()

    report = run_import(dataset, launch_csv)

    assert (report.new, report.updated, report.unchanged) == (0, 0, 13)
    assert state(dataset) == before
    # Kept in the history as an import that changed nothing.
    assert DatasetVersion.objects.count() == versions + 1
    assert report.version.changes == []


def test_a_corrected_file_updates_rows_in_place_without_duplicates(dataset, launch_csv):
    run_import(dataset, launch_csv)
    ids = dict(Observation.objects.values_list("country", "pk"))
    corrected = launch_csv.decode().replace("Armenia,110000,about", 'Armenia,"120,000",more than')

    report = run_import(dataset, corrected.encode())

    assert (report.new, report.updated, report.unchanged) == (0, 1, 12)
    assert Observation.objects.count() == 13
    armenia = Observation.objects.get(country="AM")
    assert armenia.pk == ids["AM"]
    assert (armenia.value, armenia.qualifier) == (Decimal(120000), "more than")


def test_the_same_country_twice_in_a_file_is_an_error_naming_both_rows(dataset):
    content = csv_bytes("country,value\nArmenia,1\nGermany,2\nRepublic of Armenia,3\n")

    report = run_import(dataset, content)

    assert [str(p) for p in report.problems] == [
        "Row 4, column “country”: Armenia appears twice: in row 2 and in row 4. Keep one of them."
    ]
    assert not Observation.objects.exists()


def test_unknown_and_missing_columns_are_reported_before_any_row_naming_the_expected_headers(dataset):
    content = csv_bytes("land,amount,status\nNarnia,abc,reported\n")

    report = run_import(dataset, content)

    assert len(report.problems) == 1
    message = report.problems[0].message
    assert "unknown columns “land”, “amount”" in message
    assert "missing columns “country”, “value”" in message
    assert "country, value, qualifier, status, note" in message
    assert "Narnia" not in message


def test_headers_match_whatever_their_case_and_spacing(dataset):
    content = csv_bytes(" Country ,VALUE,  Qualifier,Status  ,note\nArmenia,110000,about,reported,\n")
    assert run_import(dataset, content).new == 1


def test_errors_name_the_row_the_spreadsheet_shows_even_after_blank_lines(dataset):
    content = csv_bytes("country,value\nArmenia,1\n\n\nGermny,2\n")

    report = run_import(dataset, content)

    assert [str(p) for p in report.problems] == [
        "Row 5, column “country”: “Germny” is not a country we know. Did you mean Germany?"
    ]


def test_status_and_value_must_agree(dataset):
    content = csv_bytes("country,value,status\nArmenia,,reported\nGermany,5,not counted\nSpain,,\n")

    problems = [str(p) for p in run_import(dataset, content).problems]

    assert problems == [
        "Row 2, column “value”: A value is required when the status is “reported”.",
        "Row 3, column “value”: Leave the value empty when the status is “not counted”: the source has no figure.",
        "Row 4, column “status”: The status is empty: with no value, say “not published” or “not counted”.",
    ]


@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        ('country,value,note\nTürkiye,"1,000",Ankara\n', "utf-8"),
        ('\ufeffcountry,value,note\nTürkiye,"1,000",Ankara\n', "utf-8"),
        ("country;value;note\r\nTürkiye;1 000;Ankara\r\n", "cp1252"),
        ("country;value;note\r\nTürkiye;1\u00a0000;Ankara\r\n", "cp1252"),
        ("country\tvalue\tnote\r\nTürkiye\t1000\tAnkara\r\n", "utf-16"),
    ],
    ids=["utf8", "utf8-bom", "windows-1252-semicolons", "windows-1252-nbsp", "utf16-tabs"],
)
def test_csv_in_the_encodings_and_separators_european_spreadsheets_produce(dataset, content, encoding):
    report = run_import(dataset, content.encode(encoding))

    assert report.ok, report.problems
    turkey = Observation.objects.get(dataset=dataset, country="TR")
    assert (turkey.value, turkey.note) == (Decimal(1000), "Ankara")


def test_a_european_file_with_a_dot_before_three_digits_is_refused_not_read_as_a_small_number(dataset):
    # The audit's file: Excel in Germany writes 36,000 as "36.000"; it was stored as 36 with "0 errors".
    content = (
        "country;value;qualifier;status;note\r\n"
        "Côte d’Ivoire;1.234;;reported;“quoted” note – dash\r\n"
        "Germany;36.000;about;reported;€ sign\r\n"
    ).encode("cp1252")

    report = run_import(dataset, content)

    assert [str(p) for p in report.problems] == [
        "Row 2, column “value”: “1.234” could be 1.234 or 1,234: the dot may mark decimals (English) or "
        "thousands (as in German, Spanish or Italian spreadsheets). Write 1234 if you mean 1,234, "
        "or 1.2340 if you mean 1.234.",
        "Row 3, column “value”: “36.000” could be 36 or 36,000: the dot may mark decimals (English) or "
        "thousands (as in German, Spanish or Italian spreadsheets). Write 36000 if you mean 36,000, "
        "or 36 if you mean 36.",
    ]
    assert not Observation.objects.exists()


def test_unambiguous_european_numbers_import_as_the_numbers_they_are(dataset):
    content = (
        "country;value;qualifier;status;note\r\n"
        "Germany;36000;about;reported;\r\n"
        "Armenia;1.234.567;;reported;\r\n"
        "Spain;16,5;;reported;\r\n"
        "Israel;1.234.567,5;;reported;\r\n"
        "Georgia;110,000;;reported;\r\n"
    ).encode("cp1252")

    report = run_import(dataset, content)

    assert report.ok, report.problems
    assert dict(Observation.objects.values_list("country", "value")) == {
        "DE": Decimal(36000),
        "AM": Decimal(1234567),
        "ES": Decimal("16.5"),
        "IL": Decimal("1234567.5"),
        "GE": Decimal(110000),
    }


def test_an_ambiguous_number_typed_as_text_in_xlsx_is_refused_but_a_numeric_cell_is_read(dataset):
    content = xlsx_bytes([LAUNCH_HEADER, ["Germany", "36.000", None, None, None], ["Spain", 36.0, None, None, None]])

    report = run_import(dataset, content, "figures.xlsx")

    assert [(p.row, p.column) for p in report.problems] == [(2, "value")]
    assert "could be 36 or 36,000" in report.problems[0].message
    content = xlsx_bytes([LAUNCH_HEADER, ["Spain", 36.0, None, None, None], ["Germany", 36000.0, None, None, None]])
    assert run_import(dataset, content, "figures.xlsx").ok
    assert dict(Observation.objects.values_list("country", "value")) == {"ES": Decimal(36), "DE": Decimal(36000)}


def test_xlsx_floats_and_text_numbers_import_from_the_first_sheet_and_the_others_are_mentioned(dataset):
    content = xlsx_bytes(
        [
            LAUNCH_HEADER,
            ["Kazakhstan", 80000.0, "about", "reported", None],
            ["Israel", "over 48,000", None, None, None],
        ],
        extra_sheets=("Notes",),
    )

    report = run_import(dataset, content, "figures.xlsx")

    assert report.ok, report.problems
    assert "2 sheets; only the first, “Data”, was read" in report.notice
    assert Observation.objects.get(country="KZ").value == Decimal(80000)
    israel = Observation.objects.get(country="IL")
    assert (israel.value, israel.qualifier, israel.status) == (Decimal(48000), "more than", "reported")


def test_ods_imports_as_a_binary_spreadsheet(dataset):
    import tablib

    data = tablib.Dataset(headers=LAUNCH_HEADER)
    data.append(["Armenia", 110000, "about", "reported", "Visa-free"])
    data.append(["Portugal", None, None, "not published", ""])

    report = run_import(dataset, data.export("ods"), "figures.ods")

    assert report.ok, report.problems
    assert Observation.objects.get(country="AM").value == Decimal(110000)
    assert Observation.objects.get(country="PT").status == "not published"


def test_a_time_series_holds_one_row_per_country_per_period(dataset):
    content = csv_bytes("country,period,value\nArmenia,2023,1\nArmenia,2024,2\nArmenia,2024,3\n")

    report = run_import(dataset, content)

    assert [str(p) for p in report.problems] == [
        "Row 4, column “country”: Armenia appears twice for the period “2024”: in row 3 and in row 4. Keep one of them."
    ]


def test_imports_into_one_dataset_leave_other_datasets_alone(dataset, launch_csv):
    other = DatasetFactory()
    run_import(other, csv_bytes("country,value\nArmenia,5\n"))

    run_import(dataset, launch_csv)

    assert Observation.objects.get(dataset=other, country="AM").value == Decimal(5)


def test_the_import_reads_existing_observations_in_one_query_not_one_per_row(dataset, django_assert_max_num_queries):
    from django_countries import countries

    codes = [code for code, _ in countries][:150]
    run_import(dataset, csv_bytes("country,value\n" + "".join(f"{code},1\n" for code in codes)))
    changed = csv_bytes("country,value\n" + "".join(f"{code},2\n" for code in codes))

    # Lock, snapshot, preload, bulk update, version bookkeeping and savepoints: a constant for 150 rows.
    with django_assert_max_num_queries(20):
        report = run_import(dataset, changed)
    assert report.updated == 150


def test_invisible_control_characters_are_removed_from_notes(dataset):
    report = run_import(dataset, csv_bytes("country,value,note\nArmenia,1,Visa\x1b-free\x07\n"))

    assert report.ok, report.problems
    assert Observation.objects.get(country="AM").note == "Visa-free"


def test_an_overlong_note_is_a_row_error_not_a_database_error(dataset):
    report = run_import(dataset, csv_bytes("country,value,note\nArmenia,1," + "x" * 501 + "\n"))

    assert [str(p) for p in report.problems] == [
        "Row 2, column “note”: The text is 501 characters long; the limit is 500."
    ]
