"""A figure drawn on the server: honest numbers, the right countries in the right order, nothing unescaped."""

from decimal import Decimal

import pytest

from stats.figures import figure_content, figures_by_slug, format_value, render_figure
from stats.models import Figure, Observation
from tests.figures.conftest import SVG, bar_labels, drawn_groups, svg_of, table_of, table_rows, text_of
from tests.stats_factories import DatasetFactory, FigureFactory, ObservationFactory

pytestmark = pytest.mark.django_db


def loaded(figure: Figure) -> Figure:
    return figures_by_slug([figure.slug], published_only=False)[figure.slug]


@pytest.fixture
def small_dataset():
    dataset = DatasetFactory(title="Small", headline_value=None)
    ObservationFactory(dataset=dataset, country="AM", value=Decimal(110_000), qualifier="about")
    ObservationFactory(dataset=dataset, country="US", value=Decimal(48_000), qualifier="more than")
    ObservationFactory(dataset=dataset, country="DE", value=Decimal(36_000), qualifier="exact")
    ObservationFactory(dataset=dataset, country="ES", value=Decimal("16000.5"), qualifier="at least")
    ObservationFactory(
        dataset=dataset, country="PT", value=None, qualifier="", status="not published", note="No figures since 2022"
    )
    ObservationFactory(dataset=dataset, country="CY", value=None, qualifier="", status="not counted")
    return dataset


def test_values_are_written_for_readers_with_the_sources_qualifier():
    assert format_value(Decimal("110000.0000"), "about") == "about 110,000"
    assert format_value(Decimal(48_000), "more than") == "more than 48,000"
    assert format_value(Decimal(36_000), "exact") == "36,000"
    assert format_value(Decimal("1234567.5000"), "") == "1,234,567.5"
    assert format_value(None, "about") == "no data"


def test_launch_figure_shows_qualified_values_in_chart_and_table(launch):
    _, figure = launch
    html = render_figure(loaded(figure))
    chart = text_of(svg_of(html))
    table = text_of(table_of(html))
    for shown in ("about 110,000", "more than 48,000", "about 16,000"):
        assert shown in chart
        assert shown in table
    assert "110000" not in chart


def test_countries_without_data_are_listed_with_their_reason_and_never_drawn(small_dataset):
    figure = FigureFactory(dataset=small_dataset)
    html = render_figure(loaded(figure))
    svg = svg_of(html)
    assert bar_labels(svg) == ["Armenia", "United States of America", "Germany", "Spain"]
    assert len(list(svg.iter(f"{SVG}rect"))) == 4
    chart = text_of(svg)
    assert "No data (2 countries)" in chart
    assert "Portugal: no data, not published" in chart
    assert "Cyprus: no data, not counted" in chart
    rows = table_rows(table_of(html))
    assert rows["Portugal note 1"] == "no data (not published)"
    assert rows["Cyprus"] == "no data (not counted)"
    assert "No figures since 2022" in html


def test_no_data_countries_can_be_left_out_of_the_figure_but_still_count_in_the_description(small_dataset):
    figure = FigureFactory(dataset=small_dataset, show_no_data=False, description="", status=Figure.Status.DRAFT)
    html = render_figure(loaded(figure))
    assert "Portugal" not in html
    assert "2 of 6 countries published no data" in text_of(svg_of(html).find(f"{SVG}desc"))


def test_sort_orders(small_dataset):
    figure = FigureFactory(dataset=small_dataset, sort=Figure.Sort.VALUE_ASC)
    assert bar_labels(svg_of(render_figure(loaded(figure)))) == [
        "Spain",
        "Germany",
        "United States of America",
        "Armenia",
    ]
    figure.sort = Figure.Sort.NAME
    figure.save()
    assert bar_labels(svg_of(render_figure(loaded(figure)))) == [
        "Armenia",
        "Germany",
        "Spain",
        "United States of America",
    ]


def test_equal_values_are_ordered_by_country_name(launch):
    _, figure = launch
    labels = bar_labels(svg_of(render_figure(loaded(figure))))
    assert labels[:4] == ["Armenia", "Israel", "Kazakhstan", "Georgia"]


def test_top_n_shows_the_largest_values_in_the_chosen_order(small_dataset):
    figure = FigureFactory(dataset=small_dataset, selection=Figure.Selection.TOP, top_n=2, sort=Figure.Sort.NAME)
    html = render_figure(loaded(figure))
    assert bar_labels(svg_of(html)) == ["Armenia", "United States of America"]
    assert "Germany" not in html


def test_top_n_keeps_countries_level_with_the_last_one(launch):
    dataset, _ = launch
    figure = FigureFactory(dataset=dataset, selection=Figure.Selection.TOP, top_n=2)
    assert bar_labels(svg_of(render_figure(loaded(figure)))) == ["Armenia", "Israel", "Kazakhstan"]


def test_estimates_are_marked_in_the_table(small_dataset):
    Observation.objects.filter(dataset=small_dataset, country="DE").update(status="estimate")
    html = render_figure(loaded(FigureFactory(dataset=small_dataset)))
    assert table_rows(table_of(html))["Germany"] == "36,000 (estimate)"


def test_chosen_countries_only_and_a_chosen_country_missing_from_the_dataset_is_no_data(small_dataset):
    figure = FigureFactory(dataset=small_dataset, selection=Figure.Selection.CHOSEN, countries=["DE", "ES", "PT", "FR"])
    html = render_figure(loaded(figure))
    assert bar_labels(svg_of(html)) == ["Germany", "Spain"]
    chart = text_of(svg_of(html))
    assert "Portugal: no data, not published" in chart
    assert "France: no data, not in the dataset" in chart
    assert "Armenia" not in html


def test_highlighted_countries_are_drawn_in_the_highlight_colour_and_bold(small_dataset):
    figure = FigureFactory(dataset=small_dataset, highlighted=["DE"])
    svg = svg_of(render_figure(loaded(figure)))
    fills = {bar_labels_of(group): group.find(f"{SVG}rect").get("fill") for group in drawn_groups(svg)}
    assert fills["Germany"] == "#a3201c"
    assert fills["Armenia"] == "#1f4f8a"
    germany = next(g for g in drawn_groups(svg) if bar_labels_of(g) == "Germany")
    assert "is-highlighted" in germany.get("class")
    assert germany.find(f"{SVG}text").get("font-weight") == "700"


def bar_labels_of(group) -> str:
    label = group.find(f"{SVG}text")
    return label[0].tail.strip()


def test_bars_are_proportional_to_the_values_and_start_at_zero(small_dataset):
    figure = FigureFactory(dataset=small_dataset)
    svg = svg_of(render_figure(loaded(figure)))
    widths = {bar_labels_of(g): g.find(f"{SVG}rect").get("width") for g in drawn_groups(svg)}
    assert widths["Armenia"] == "100.00%"
    assert widths["Germany"] == "32.73%"  # 36,000 / 110,000
    assert {g.find(f"{SVG}rect").get("x") for g in drawn_groups(svg)} == {"0"}


def test_the_sources_headline_figure_is_shown_as_the_sources_not_the_sum_of_rows(launch):
    dataset, figure = launch
    html = render_figure(loaded(figure))
    assert "Overall figure from The Bell:" in html
    assert "about 650,000 people" in html
    row_sum = sum(o.value for o in dataset.observations.with_value())
    assert f"{int(row_sum):,}" == "444,000"
    # The figure's own notes mention the sum in words; the chart never presents it as the total.
    assert "444,000" not in text_of(svg_of(html))
    assert "Overall figure from The Bell: about 444,000" not in html


def test_source_line_links_to_the_source_and_gives_the_as_of_date(launch):
    _, figure = launch
    html = render_figure(loaded(figure))
    assert 'Source: <a href="https://thebell.io/">The Bell</a>' in html
    assert '<time datetime="2024-07-17">17 July 2024</time>' in html


def test_per_country_notes_become_shared_numbered_footnotes(launch):
    _, figure = launch
    content = figure_content(loaded(figure))
    visa_free = [row.name for row in content.shown if row.note == "Visa-free for Russian citizens"]
    assert visa_free == ["Armenia", "Kazakhstan", "Georgia"]
    numbers = {row.note_number for row in content.shown if row.note == "Visa-free for Russian citizens"}
    assert len(numbers) == 1
    html = render_figure(loaded(figure))
    number = numbers.pop()
    assert f'<li id="figure-{figure.slug}-note-{number}" value="{number}">Visa-free for Russian citizens</li>' in html
    assert f'href="#figure-{figure.slug}-note-{number}"' in html


def test_chart_is_labelled_for_screen_readers_and_flags_are_hidden_from_them(launch):
    _, figure = launch
    html = render_figure(loaded(figure))
    svg = svg_of(html)
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.find(f"{SVG}title").get("id") == title_id
    assert svg.find(f"{SVG}desc").get("id") == desc_id
    assert text_of(svg.find(f"{SVG}desc")) == figure.description
    assert '<span class="figure__flag" aria-hidden="true">🇦🇲</span> Armenia' in html


def test_chart_stretches_to_the_width_it_is_given(launch):
    """No fixed pixel width: the SVG is as wide as its column, bars in percentages, text at its own size."""
    _, figure = launch
    svg = svg_of(render_figure(loaded(figure)))
    assert svg.get("width") == "100%"
    assert svg.get("viewBox") is None
    assert all(g.find(f"{SVG}rect").get("width").endswith("%") for g in drawn_groups(svg))


def test_table_sits_in_a_collapsible_details_under_a_chart_and_stands_alone_for_a_table_figure(small_dataset):
    bar = FigureFactory(dataset=small_dataset)
    html = render_figure(loaded(bar))
    assert html.index("<svg") < html.index("<details") < html.index("<table")
    assert "<summary>Show the figures as a table (6 countries)</summary>" in html
    table = FigureFactory(dataset=small_dataset, kind=Figure.Kind.TABLE)
    html = render_figure(loaded(table))
    assert "<svg" not in html
    assert "<details" not in html
    assert "about 110,000" in text_of(table_of(html))


def test_lollipop_draws_a_dot_on_a_stick_per_country_and_none_for_no_data(small_dataset):
    figure = FigureFactory(dataset=small_dataset, kind=Figure.Kind.LOLLIPOP)
    svg = svg_of(render_figure(loaded(figure)))
    assert len(list(svg.iter(f"{SVG}circle"))) == 4
    assert len(list(svg.iter(f"{SVG}line"))) == 4
    assert not list(svg.iter(f"{SVG}rect"))
    dots = {bar_labels_of(g): g.find(f"{SVG}circle").get("cx") for g in drawn_groups(svg)}
    assert dots["Armenia"] == "96.00%"  # the largest dot keeps room for its radius at the edge
    assert "Portugal: no data" in text_of(svg)


def test_a_zero_is_drawn_as_zero_but_no_data_is_not(small_dataset):
    ObservationFactory(dataset=small_dataset, country="FR", value=Decimal(0))
    figure = FigureFactory(dataset=small_dataset)
    svg = svg_of(render_figure(loaded(figure)))
    assert "France" in bar_labels(svg)
    assert "Portugal" not in bar_labels(svg)


HOSTILE = '"><svg onload=alert(1)><script>alert(2)</script>'


def test_hostile_titles_and_country_notes_come_out_inert_in_svg_and_table(small_dataset):
    Observation.objects.filter(dataset=small_dataset, country="AM").update(note=HOSTILE, source_name=HOSTILE)
    small_dataset.source_name = HOSTILE
    small_dataset.source_url = "javascript:alert(3)"
    small_dataset.unit = HOSTILE
    small_dataset.save()
    figure = FigureFactory(dataset=small_dataset, title=HOSTILE, subtitle=HOSTILE, description=HOSTILE, notes=HOSTILE)
    html = render_figure(loaded(figure))
    assert "<script" not in html
    assert "<svg onload" not in html
    assert 'href="javascript:' not in html
    svg = svg_of(html)  # still well-formed: nothing broke out of an attribute or element
    assert text_of(svg.find(f"{SVG}title")) == HOSTILE
    assert HOSTILE in text_of(svg)  # the note, as text in the country's tooltip
    assert svg.findall(f".//{SVG}svg") == []
    assert len(list(table_of(html).iter("script"))) == 0
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html


def test_a_time_series_figure_draws_each_country_once_for_the_latest_period():
    dataset = DatasetFactory(title="Residence permits", headline_value=None)
    for period, armenia, georgia in (("2022", 60_000, 50_000), ("2023", 90_000, 70_000), ("2024", 110_000, 74_000)):
        ObservationFactory(dataset=dataset, country="AM", period=period, value=Decimal(armenia))
        ObservationFactory(dataset=dataset, country="GE", period=period, value=Decimal(georgia))
    html = render_figure(loaded(FigureFactory(dataset=dataset)))
    svg = svg_of(html)
    assert bar_labels(svg) == ["Armenia", "Georgia"]
    chart = text_of(svg)
    assert "110,000" in chart and "74,000" in chart
    assert "90,000" not in chart and "60,000" not in chart
    assert "Figures for 2024" in html
