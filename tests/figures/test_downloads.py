"""'Get the data': CSV and JSON of exactly what a figure shows, and of the whole dataset."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from stats.figures import csv_safe
from stats.models import Figure, Observation
from tests.stats_factories import DatasetFactory, FigureFactory, ObservationFactory

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[dict]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheets read UTF-8 right only with the byte-order mark
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_figure_csv_lists_the_shown_countries_in_the_shown_order_with_values_as_shown(client, launch):
    _, figure = launch
    response = client.get(reverse("statistics:figure-csv", kwargs={"slug": figure.slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{figure.slug}.csv"'
    rows = read_csv(response)
    assert [row["country"] for row in rows][:5] == [
        "Armenia",
        "Israel",
        "Kazakhstan",
        "Georgia",
        "United States of America",
    ]
    assert rows[0] == {
        "country": "Armenia",
        "country_code": "AM",
        "value": "110000",
        "qualifier": "about",
        "value_as_shown": "about 110,000",
        "status": "reported",
        "note": "Visa-free for Russian citizens",
        "source": "The Bell",
        "source_url": "https://thebell.io/",
        "highlighted": "yes",
    }
    portugal = next(row for row in rows if row["country"] == "Portugal")
    assert (portugal["value"], portugal["value_as_shown"], portugal["status"]) == ("", "no data", "not published")
    assert len(rows) == 13


def test_figure_downloads_follow_its_selection(client, launch):
    dataset, _ = launch
    top = FigureFactory(dataset=dataset, selection=Figure.Selection.TOP, top_n=3, show_no_data=False)
    rows = read_csv(client.get(reverse("statistics:figure-csv", kwargs={"slug": top.slug})))
    assert [row["country"] for row in rows] == ["Armenia", "Israel", "Kazakhstan"]
    data = client.get(reverse("statistics:figure-json", kwargs={"slug": top.slug})).json()
    assert [row["country"] for row in data["countries"]] == ["Armenia", "Israel", "Kazakhstan"]


def test_figure_json_carries_the_figure_the_source_and_the_headline_as_the_sources(client, launch):
    _, figure = launch
    response = client.get(reverse("statistics:figure-json", kwargs={"slug": figure.slug}))
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert data["title"] == figure.title
    assert data["url"] == f"http://testserver/figures/{figure.slug}/"
    assert data["dataset"]["source"] == {"name": "The Bell", "url": "https://thebell.io/"}
    assert data["dataset"]["as_of"] == "2024-07-17"
    assert data["dataset"]["headline"] == {
        "value": 650000,
        "qualifier": "about",
        "value_as_shown": "about 650,000",
        "note": "The source's estimate of all who left and have not returned; not the sum of the rows.",
        "is_sum_of_rows": False,
    }
    united_states = next(row for row in data["countries"] if row["country_code"] == "US")
    assert united_states["value"] == 48000
    assert united_states["qualifier"] == "more than"
    cyprus = next(row for row in data["countries"] if row["country_code"] == "CY")
    assert cyprus["value"] is None
    assert cyprus["status"] == "not counted"


def test_whole_dataset_downloads_have_every_country(client, launch):
    dataset, _ = launch
    rows = read_csv(client.get(reverse("statistics:dataset-csv", kwargs={"slug": dataset.slug})))
    assert len(rows) == Observation.objects.filter(dataset=dataset).count() == 13
    data = client.get(reverse("statistics:dataset-json", kwargs={"slug": dataset.slug})).json()
    assert len(data["countries"]) == 13
    assert data["dataset"]["title"] == dataset.title
    assert data["dataset"]["methodology"].startswith("The Bell compiled")


def test_downloads_follow_the_data_at_once(client, launch):
    """No stale copy: an import that changes a value shows in the next download."""
    dataset, figure = launch
    url = reverse("statistics:figure-json", kwargs={"slug": figure.slug})
    assert client.get(url).json()["countries"][0]["value"] == 110000
    Observation.objects.filter(dataset=dataset, country="AM").update(value=Decimal(120_000))
    assert client.get(url).json()["countries"][0]["value_as_shown"] == "about 120,000"


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tx"])
def test_cells_a_spreadsheet_would_run_as_formulas_are_escaped(cell):
    assert csv_safe(cell) == "'" + cell


def test_formula_escaping_in_the_downloaded_csv(client):
    dataset = DatasetFactory(source_name="=cmd|' /C calc'!A0")
    ObservationFactory(dataset=dataset, country="AM", note="=1+2")
    ObservationFactory(dataset=dataset, country="GE", note="@SUM(A1:A9)", value=Decimal(5))
    ObservationFactory(dataset=dataset, country="KZ", note="-3", value=Decimal(7))
    ObservationFactory(dataset=dataset, country="IL", note="fine = ok", value=Decimal(9))
    rows = read_csv(client.get(reverse("statistics:dataset-csv", kwargs={"slug": dataset.slug})))
    notes = {row["country_code"]: row["note"] for row in rows}
    assert notes == {"AM": "'=1+2", "GE": "'@SUM(A1:A9)", "KZ": "'-3", "IL": "fine = ok"}
    assert {row["source"] for row in rows} == {"'=cmd|' /C calc'!A0"}
    assert rows[0]["value"] == "1000"


def test_draft_figures_have_no_public_downloads(client, launch):
    dataset, _ = launch
    draft = FigureFactory(dataset=dataset, status=Figure.Status.DRAFT)
    assert client.get(reverse("statistics:figure-csv", kwargs={"slug": draft.slug})).status_code == 404
    assert client.get(reverse("statistics:figure-json", kwargs={"slug": draft.slug})).status_code == 404


def test_figure_json_is_valid_json_with_unicode_names(client):
    dataset = DatasetFactory()
    ObservationFactory(dataset=dataset, country="CI", value=Decimal(3))  # Côte d'Ivoire
    figure = FigureFactory(dataset=dataset)
    response = client.get(reverse("statistics:figure-json", kwargs={"slug": figure.slug}))
    assert json.loads(response.content)["countries"][0]["country"] == "Côte d'Ivoire"
