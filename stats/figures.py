"""Figures: loading them for pages in a fixed number of queries, and rendering them on the server.

A figure is drawn as an SVG chart (horizontal bars or dots on sticks) followed by an HTML data table, so it
reads without JavaScript, in feed readers and on paper. The newsroom's rules for honest numbers live here:

- values are written for readers ("110,000") with the source's qualifier ("about 110,000");
- a country without a figure is listed as "no data" with the source's reason, and never drawn as a zero bar;
- the source's own overall figure ("about 650,000") is shown as the source's, never replaced by a sum of rows;
- what a chart shows, its CSV/JSON downloads and the screen-reader description draft all come from one
  :func:`figure_content`, so a download is exactly what the reader saw.

Nothing is cached: a figure is computed from the observations each time, so it changes everywhere the moment
the data desk imports new figures.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django_countries.fields import Country

from articles.sanitize import safe_web_url
from stats.models import VALUE_STATUSES, Dataset, Figure, Observation, ObservationStatus, Qualifier
from stats.widgets import escape_formula

# Chart geometry, in CSS pixels. Horizontal positions are percentages of the chart's width (the SVG has no
# viewBox), so text keeps its size on a phone and a wide screen alike while the bars stretch to fit.
ROW_HEIGHT = 48
LABEL_BASELINE = 17  # country name, on its own line above the bar, so long names never squeeze the bars
BAR_TOP = 23
BAR_HEIGHT = 18
VALUE_BASELINE = 37
NO_DATA_HEADING_HEIGHT = 34
NO_DATA_ROW_HEIGHT = 24
#: A bar at least this long carries its value inside; a shorter one has it just after its end. At 0.5 the
#: longest label ("more than 1,000,000") fits either way on a 343-pixel-wide phone column.
VALUE_INSIDE_FROM = 0.5
#: Dots are placed on this share of the width, so the largest one is not cut in half by the edge.
LOLLIPOP_SCALE = 0.96
#: The shortest visible bar for a value above zero, in percent of the width.
MIN_BAR_PERCENT = 0.4

BAR_COLOUR = "#1f4f8a"  # site.css --bar, 8.0:1 on white
HIGHLIGHT_COLOUR = "#a3201c"  # site.css --bar-highlight, 6.9:1 on white
INK = "#1a1a1a"
INK_MUTED = "#4a4a4a"  # 8.9:1 on white


def figures_by_slug(slugs: Iterable[str], *, published_only: bool = True) -> dict[str, Figure]:
    """Figures by slug with their dataset and every observation loaded: two queries, however many figures.

    Figures loaded here render with :func:`render_figure` without touching the database again.
    """
    queryset = Figure.objects.published() if published_only else Figure.objects.all()
    figures = queryset.filter(slug__in=set(slugs)).select_related("dataset")
    figures = figures.prefetch_related(Prefetch("dataset__observations", queryset=Observation.objects.all()))
    return {figure.slug: figure for figure in figures}


def format_number(value: Decimal) -> str:
    """110000 -> "110,000"; 12.5000 -> "12.5"."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def format_value(value: Decimal | None, qualifier: str = "") -> str:
    """The value as readers see it, with the source's qualifier: "about 110,000", "more than 48,000"."""
    if value is None:
        return "no data"
    number = format_number(value)
    if qualifier and qualifier != Qualifier.EXACT:
        return f"{qualifier} {number}"
    return number


def headline_text(dataset: Dataset) -> str:
    """The source's overall figure ("about 650,000"), or "" when the source gives none."""
    if dataset.headline_value is None:
        return ""
    return format_value(dataset.headline_value, dataset.headline_qualifier)


@dataclass
class FigureRow:
    """One country as the figure shows it."""

    country: Country
    value: Decimal | None
    qualifier: str
    status: str
    note: str = ""
    source_name: str = ""
    source_url: str = ""
    highlighted: bool = False
    display: str = ""
    #: The bar's length as a share of the longest bar, 0 to 1.
    share: float = 0.0
    note_number: int | None = None
    # Chart layout, filled in by _lay_out_chart.
    y: int = 0
    percent: str = "0%"
    value_inside: bool = False
    # Looked up once: django-countries translates the name on every access, which adds up over 250 rows.
    name: str = field(init=False)
    flag: str = field(init=False)

    def __post_init__(self):
        self.name = str(self.country.name or self.country.code or "Unknown country")
        self.flag = self.country.unicode_flag

    @property
    def code(self) -> str:
        return self.country.code

    @property
    def has_value(self) -> bool:
        return self.value is not None

    @property
    def value_number(self) -> str:
        return format_number(self.value) if self.value is not None else ""

    @property
    def source_href(self) -> str:
        return safe_web_url(self.source_url)

    @property
    def is_estimate(self) -> bool:
        return self.status == ObservationStatus.ESTIMATE

    @property
    def tooltip(self) -> str:
        text = f"{self.name}: {self.display}"
        if not self.has_value or self.is_estimate:
            text += f" ({self.status})"
        return f"{text}. {self.note}" if self.note else text


@dataclass
class FigureNote:
    number: int
    text: str
    source_name: str = ""
    source_url: str = ""

    @property
    def source_href(self) -> str:
        return safe_web_url(self.source_url)


@dataclass
class FigureContent:
    """Everything a figure shows, in the order it shows it. Computed in Python from loaded rows: no queries."""

    figure: Figure
    dataset: Dataset
    rows: list[FigureRow]
    no_data: list[FigureRow]
    #: Countries in the figure's selection that have no figure, whether or not the figure lists them.
    no_data_total: int
    notes: list[FigureNote] = field(default_factory=list)
    #: The observations' period when the dataset is a time series ("2024-Q2"); empty otherwise.
    period: str = ""
    chart_height: int = 0
    no_data_heading_y: int = 0

    @property
    def shown(self) -> list[FigureRow]:
        return self.rows + self.no_data

    @property
    def country_total(self) -> int:
        return len(self.rows) + self.no_data_total

    @property
    def headline(self) -> str:
        return headline_text(self.dataset)

    @property
    def source_href(self) -> str:
        return safe_web_url(self.dataset.source_url)


def _row(observation: Observation, highlighted: set[str]) -> FigureRow:
    has_value = observation.value is not None and observation.status in VALUE_STATUSES
    value = observation.value if has_value else None
    qualifier = (observation.qualifier or Qualifier.EXACT) if has_value else ""
    return FigureRow(
        country=observation.country,
        value=value,
        qualifier=qualifier,
        status=observation.status,
        note=observation.note,
        source_name=observation.source_name,
        source_url=observation.source_url,
        highlighted=observation.country.code in highlighted,
        display=format_value(value, qualifier),
    )


def _sort_key(figure: Figure):
    by_name = lambda row: (row.name.casefold(), row.code)  # noqa: E731
    if figure.sort == Figure.Sort.NAME:
        return by_name
    if figure.sort == Figure.Sort.VALUE_ASC:
        return lambda row: (row.value, *by_name(row))
    return lambda row: (-row.value, *by_name(row))


def _code(country: Country | str) -> str:
    return country.code if isinstance(country, Country) else str(country)


def figure_content(figure: Figure) -> FigureContent:
    """What the figure shows: its selected countries with values, sorted, and the ones without, by name.

    Reads ``figure.dataset.observations.all()``: no query when the figure came from :func:`figures_by_slug`.
    """
    dataset = figure.dataset
    highlighted = {_code(country) for country in figure.highlighted}
    observations = list(dataset.observations.all())
    # A time series holds one row per country per period; a figure draws one period, the latest, so that no
    # country appears twice. Single-period datasets leave the period empty and keep every row.
    period = max((observation.period for observation in observations), default="")
    all_rows = [_row(observation, highlighted) for observation in observations if observation.period == period]

    if figure.selection == Figure.Selection.CHOSEN and figure.countries:
        chosen = [_code(country) for country in figure.countries]
        by_code = {row.code: row for row in all_rows}
        selected = []
        for code in chosen:
            if code in by_code:
                selected.append(by_code[code])
            else:
                # A chosen country the dataset does not cover is listed, honestly, as having no data.
                country = Country(code)
                selected.append(
                    FigureRow(
                        country=country,
                        value=None,
                        qualifier="",
                        status="not in the dataset",
                        highlighted=code in highlighted,
                        display="no data",
                    )
                )
    else:
        selected = all_rows

    with_value = [row for row in selected if row.has_value]
    without_value = sorted((row for row in selected if not row.has_value), key=lambda r: (r.name.casefold(), r.code))
    if figure.selection == Figure.Selection.TOP and figure.top_n:
        ranked = sorted(with_value, key=lambda r: (-r.value, r.name.casefold(), r.code))
        if len(ranked) > figure.top_n:
            # A country level with the last one shown is shown too: a top 2 of 110,000, 80,000 and 80,000 that
            # kept one of the two 80,000s would claim a difference the data does not have.
            cutoff = ranked[figure.top_n - 1].value
            ranked = [row for row in ranked if row.value >= cutoff]
        with_value = ranked
    with_value.sort(key=_sort_key(figure))

    largest = max((row.value for row in with_value), default=Decimal(0))
    for row in with_value:
        row.share = float(row.value / largest) if largest else 0.0

    content = FigureContent(
        figure=figure,
        dataset=dataset,
        rows=with_value,
        no_data=without_value if figure.show_no_data else [],
        no_data_total=len(without_value),
        period=period,
    )
    _number_notes(content)
    _lay_out_chart(content)
    return content


def _number_notes(content: FigureContent) -> None:
    """Per-country notes become numbered footnotes; countries sharing a note share its number."""
    numbers: dict[tuple[str, str, str], int] = {}
    for row in content.shown:
        key = (row.note.strip(), row.source_name.strip(), row.source_url.strip())
        if not any(key):
            continue
        if key not in numbers:
            numbers[key] = len(numbers) + 1
            content.notes.append(FigureNote(numbers[key], *key))
        row.note_number = numbers[key]


def _lay_out_chart(content: FigureContent) -> None:
    y = 0
    for row in content.rows:
        row.y = y
        percent = row.share * 100
        if row.value and percent < MIN_BAR_PERCENT:
            percent = MIN_BAR_PERCENT
        if content.figure.kind == Figure.Kind.LOLLIPOP:
            # The dot is drawn centred on the value: keep room for it at the right edge.
            percent = percent * LOLLIPOP_SCALE
        row.percent = f"{percent:.2f}%"
        row.value_inside = row.share >= VALUE_INSIDE_FROM
        y += ROW_HEIGHT
    if content.no_data:
        content.no_data_heading_y = y + (20 if content.rows else 16)
        y += NO_DATA_HEADING_HEIGHT
        for row in content.no_data:
            row.y = y
            y += NO_DATA_ROW_HEIGHT
    content.chart_height = y + 6


def render_figure(figure: Figure, *, embedded: bool = False) -> SafeString:
    """The figure as HTML: SVG chart (unless it is a table figure), data table, source line.

    ``embedded`` is for a figure placed inside another page (an article body): it then links to its own
    page and its downloads. Makes no queries if the figure was loaded by :func:`figures_by_slug`.
    """
    content = figure_content(figure)
    figure_urls = {}
    if figure.slug and figure.pk:
        figure_urls = {
            "page": reverse("statistics:figure-detail", kwargs={"slug": figure.slug}),
            "csv": reverse("statistics:figure-csv", kwargs={"slug": figure.slug}),
            "json": reverse("statistics:figure-json", kwargs={"slug": figure.slug}),
        }
    context = {
        "figure": figure,
        "dataset": content.dataset,
        "content": content,
        "embedded": embedded,
        "dom_id": f"figure-{figure.slug}" if figure.slug else f"dataset-{content.dataset.slug}-{figure.kind}",
        "description": figure.description.strip() or describe_figure(figure, content=content),
        "urls": figure_urls,
        "chart": {
            "row_height": ROW_HEIGHT,
            "label_baseline": LABEL_BASELINE,
            "bar_top": BAR_TOP,
            "bar_height": BAR_HEIGHT,
            "bar_middle": BAR_TOP + BAR_HEIGHT // 2,
            "value_baseline": VALUE_BASELINE,
            "bar_colour": BAR_COLOUR,
            "highlight_colour": HIGHLIGHT_COLOUR,
            "ink": INK,
            "ink_muted": INK_MUTED,
        },
    }
    return render_to_string("stats/includes/figure.html", context)


def describe_figure(figure: Figure, *, content: FigureContent | None = None) -> str:
    """A draft of the screen-reader description, computed from the data the figure shows.

    e.g. "Armenia highest at about 110,000, Spain lowest at about 16,000; 6 of 13 countries published no data."
    Editors read and improve it; publishing needs a description an editor has saved.
    """
    content = content or figure_content(figure)
    parts = []
    by_value = sorted(content.rows, key=lambda r: (-r.value, r.name.casefold()))
    if by_value:
        top = [row for row in by_value if row.value == by_value[0].value]
        parts.append(f"{_names(top)} highest at {top[0].display}{' each' if len(top) > 1 else ''}")
        bottom = [row for row in by_value if row.value == by_value[-1].value]
        if len(by_value) > len(top):
            parts.append(f"{_names(bottom)} lowest at {bottom[0].display}{' each' if len(bottom) > 1 else ''}")
    sentence = ", ".join(parts)
    total = content.country_total
    if content.no_data_total:
        missing = f"{content.no_data_total} of {total} {_countries(total)} published no data"
        sentence = f"{sentence}; {missing}" if sentence else missing[0].upper() + missing[1:]
    elif not by_value:
        sentence = "No countries shown"
    text = sentence + "."
    headline = content.headline
    if headline:
        text += f" {content.dataset.source_name}'s overall figure: {headline} {content.dataset.unit}."
    return re.sub(r"\s+", " ", text).strip()


NUMBER_IN_TEXT = re.compile(
    r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\w|[.,]\d)"  # "110,000", "6", "12.5"; not "v2" or "1,2"
)


def description_mismatches(figure: Figure, *, content: FigureContent | None = None) -> list[str]:
    """Numbers the saved description mentions that the figure no longer shows, e.g. after an import.

    The description is written by an editor and does not follow the data by itself; this lets the admin
    warn that it needs a look. Years (1900-2100 written without a comma) are not checked.
    """
    content = content or figure_content(figure)
    known = {row.value for row in content.rows}
    known |= {Decimal(count) for count in (len(content.rows), content.no_data_total, content.country_total)}
    if content.dataset.headline_value is not None:
        known.add(content.dataset.headline_value)
    if figure.top_n:
        known.add(Decimal(figure.top_n))
    mismatches = []
    for match in NUMBER_IN_TEXT.finditer(figure.description):
        text = match.group()
        number = Decimal(text.replace(",", ""))
        if "," not in text and 1900 <= number <= 2100:
            continue
        if number not in known and text not in mismatches:
            mismatches.append(text)
    return mismatches


def _names(rows: list[FigureRow]) -> str:
    names = [row.name for row in rows]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _countries(count: int) -> str:
    return "country" if count == 1 else "countries"


def dataset_figure(dataset: Dataset, *, kind: str = Figure.Kind.BAR) -> Figure:
    """An unsaved figure of the whole dataset, for its page when the desk has made none (and for its table)."""
    figure = Figure(
        title=dataset.title,
        slug="",
        dataset=dataset,
        kind=kind,
        selection=Figure.Selection.ALL,
        sort=Figure.Sort.VALUE_DESC,
        show_no_data=True,
    )
    figure.dataset = dataset
    return figure


# --- Downloads: exactly what a figure shows ------------------------------------------------------------------

DOWNLOAD_COLUMNS = [
    "country",
    "country_code",
    "value",
    "qualifier",
    "value_as_shown",
    "status",
    "note",
    "source",
    "source_url",
    "highlighted",
]


def csv_safe(cell: object) -> str:
    """The cell as text, with a leading apostrophe when a spreadsheet would run it as a formula."""
    return escape_formula("" if cell is None else str(cell))


def _json_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def download_rows(content: FigureContent) -> list[dict]:
    """One dict per country the figure shows, in the order it shows them (charted rows, then "no data")."""
    dataset = content.dataset
    return [
        {
            "country": row.name,
            "country_code": row.code,
            "value": _json_number(row.value),
            "qualifier": row.qualifier,
            "value_as_shown": row.display,
            "status": row.status,
            "note": row.note,
            "source": row.source_name or dataset.source_name,
            "source_url": safe_web_url(row.source_url or dataset.source_url),
            "highlighted": row.highlighted,
        }
        for row in content.shown
    ]


def download_csv_rows(content: FigureContent) -> list[list[str]]:
    """Header and rows for the CSV download, every cell formula-escaped."""
    rows = [DOWNLOAD_COLUMNS]
    for record in download_rows(content):
        values = [record[column] for column in DOWNLOAD_COLUMNS]
        rows.append([csv_safe("yes" if value is True else "no" if value is False else value) for value in values])
    return rows


def dataset_metadata(dataset: Dataset, *, url: str = "") -> dict:
    return {
        "title": dataset.title,
        "slug": dataset.slug,
        "url": url,
        "description": dataset.description,
        "unit": dataset.unit,
        "source": {"name": dataset.source_name, "url": safe_web_url(dataset.source_url)},
        "methodology": dataset.methodology,
        "period": dataset.period,
        "as_of": dataset.as_of.isoformat() if dataset.as_of else None,
        "headline": (
            {
                "value": _json_number(dataset.headline_value),
                "qualifier": dataset.headline_qualifier,
                "value_as_shown": headline_text(dataset),
                "note": dataset.headline_note,
                "is_sum_of_rows": False,
            }
            if dataset.headline_value is not None
            else None
        ),
        "updated_at": dataset.updated_at.isoformat() if dataset.updated_at else None,
    }
