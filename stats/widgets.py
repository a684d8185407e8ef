"""django-import-export widgets that read cells the way the data desk's spreadsheets hold them.

The library's DecimalWidget rejects "110,000" unless USE_THOUSAND_SEPARATOR is on, which would change
number formatting across the whole site; these widgets parse spreadsheet text themselves and raise
ValueError with a reason in plain words, which the resource reports with the row and the column.
"""

import math
import re
from decimal import Decimal, InvalidOperation

from import_export.widgets import Widget

from stats.countries import country_code
from stats.formats import UncomputedFormula
from stats.models import ObservationStatus, Qualifier

#: Cells that mean "no figure". Dashes of every width, as spreadsheets autocorrect them.
NO_VALUE = {"", "n/a", "na", "n.a.", "-", "–", "—", "..", "…", "none", "no data"}

#: Words and signs before a number, longest first so "more than" wins over "more".
_QUALIFIER_WORDS = {
    "more than": Qualifier.MORE_THAN,
    "over": Qualifier.MORE_THAN,
    "above": Qualifier.MORE_THAN,
    ">": Qualifier.MORE_THAN,
    "at least": Qualifier.AT_LEAST,
    "≥": Qualifier.AT_LEAST,
    ">=": Qualifier.AT_LEAST,
    "fewer than": Qualifier.FEWER_THAN,
    "less than": Qualifier.FEWER_THAN,
    "under": Qualifier.FEWER_THAN,
    "<": Qualifier.FEWER_THAN,
    "about": Qualifier.ABOUT,
    "around": Qualifier.ABOUT,
    "approximately": Qualifier.ABOUT,
    "approx.": Qualifier.ABOUT,
    "approx": Qualifier.ABOUT,
    "roughly": Qualifier.ABOUT,
    "some": Qualifier.ABOUT,
    "circa": Qualifier.ABOUT,
    "ca.": Qualifier.ABOUT,
    "c.": Qualifier.ABOUT,
    "~": Qualifier.ABOUT,
    "≈": Qualifier.ABOUT,
    "exactly": Qualifier.EXACT,
    "exact": Qualifier.EXACT,
}
_QUALIFIER_PREFIX = re.compile(
    r"^(" + "|".join(re.escape(word) for word in sorted(_QUALIFIER_WORDS, key=len, reverse=True)) + r")\s*",
    re.IGNORECASE,
)
#: What the qualifier column may say, and what it means.
QUALIFIER_NAMES = {**_QUALIFIER_WORDS, "": Qualifier.EXACT, "exact": Qualifier.EXACT}

# Spaces that spreadsheets and locales put between thousands: ordinary, no-break, narrow no-break, thin.
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
# The forms a number takes in English and in continental European spreadsheets. A group of thousands
# starts with 1 to 3 digits, the first not 0 ("0,500" and "0.500" can only be a half).
_INTEGER = re.compile(r"^\d+$")
_DECIMAL_POINT = re.compile(r"^\d+\.\d+$")
#: One dot, one group's worth of digits before it and exactly three after: "36.000" is 36 in English and
#: 36,000 in German. ("1234.567" is not a continental group of thousands, so it is a decimal.)
_AMBIGUOUS_POINT = re.compile(r"^[1-9]\d{0,2}\.\d{3}$")
#: "110,000", "1,234,567.5": English grouping, as the launch file writes numbers.
_ENGLISH_GROUPED = re.compile(r"^[1-9]\d{0,2}(,\d{3})+(\.\d+)?$")
#: "1.234.567" (two groups or more), "1.234,5", "1.234.567,5": continental grouping, decimal comma.
_EUROPEAN_GROUPED = re.compile(r"^[1-9]\d{0,2}(\.\d{3}){2,}(,\d+)?$|^[1-9]\d{0,2}(\.\d{3})+,\d+$")
#: "110 000", "1 234,5", "1 234.5": spaces group thousands, either mark is the decimal one.
_SPACE_GROUPED = re.compile(r"^[1-9]\d{0,2}( \d{3})+([.,]\d+)?$")
#: "16,5", "1,2345", "0,500": a comma that cannot be English grouping is a decimal comma.
_DECIMAL_COMMA = re.compile(r"^(\d+),(\d+)$")
_SCIENTIFIC = re.compile(r"^\d+(\.\d+)?[eE][+-]?\d+$")
#: Far above any count of people, far below what would strain Decimal or the database column.
MAX_VALUE = Decimal(10) ** 15


def _collapse_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def refuse_uncomputed_formula(value) -> None:
    """A text column's cell that is a formula without a computed value: say so rather than read "=A1"."""
    if isinstance(value, UncomputedFormula):
        raise ValueError(f"the cell holds a formula ({value}) with no computed value: paste the values instead.")


def split_qualifier(text: str) -> tuple[str | None, str]:
    """("over 48,000") -> ("more than", "48,000"); no leading qualifier -> (None, text)."""
    match = _QUALIFIER_PREFIX.match(text)
    if not match:
        return None, text
    return str(_QUALIFIER_WORDS[match.group(1).lower()]), text[match.end() :].strip()


def parse_value(raw) -> tuple[Decimal | None, str | None]:
    """A cell as the spreadsheet holds it -> (number or None, qualifier it implies or None).

    Raises ValueError naming the text when the cell is neither a number nor a "no value" mark.
    """
    if raw is None:
        return None, None
    if isinstance(raw, UncomputedFormula):
        raise ValueError(f"the cell holds a formula ({raw}), not a number: paste the values instead.")
    if isinstance(raw, bool):
        raise ValueError(f"“{raw}” is not a number.")
    if isinstance(raw, int | float | Decimal):
        return _checked(Decimal(str(raw)) if isinstance(raw, float) else Decimal(raw), str(raw)), None
    text = _collapse_spaces(str(raw))
    if text.lower() in NO_VALUE:
        return None, None
    qualifier, number_text = split_qualifier(text)
    if qualifier is not None and number_text.lower() in NO_VALUE:
        raise ValueError(f"“{text}” has a qualifier but no number.")
    if number_text.startswith("-"):
        raise ValueError(f"“{text}” is negative; counts cannot be below zero.")
    digits = _number_digits(number_text, text)
    # The exponent is checked before the Decimal is used for anything: "1e999999" is a valid Decimal
    # whose integer form would take megabytes to build.
    try:
        number = Decimal(digits)
    except InvalidOperation:
        raise ValueError(f"“{text}” is not a number.") from None
    return _checked(number, text), qualifier


def _number_digits(number_text: str, text: str) -> str:
    """Spreadsheet text -> the digits Decimal reads, whichever of the English or continental conventions
    the text follows; ValueError when it follows neither, or when it could be either and mean different
    numbers ("36.000": 36 or 36,000), because guessing would store a figure a thousand times wrong."""
    if _INTEGER.match(number_text) or _SCIENTIFIC.match(number_text):
        return number_text
    if _AMBIGUOUS_POINT.match(number_text):
        raise ValueError(_ambiguous_point_message(number_text, text))
    if _DECIMAL_POINT.match(number_text):
        return number_text
    if _ENGLISH_GROUPED.match(number_text):
        return number_text.replace(",", "")
    if _EUROPEAN_GROUPED.match(number_text):
        return number_text.replace(".", "").replace(",", ".")
    if _SPACE_GROUPED.match(number_text):
        return number_text.replace(" ", "").replace(",", ".")
    decimal_comma = _DECIMAL_COMMA.match(number_text)
    # "1234,567" is neither English grouping (4 digits before the comma) nor clearly a decimal comma
    # (exactly three digits after it, as a thousands group has): more likely a slip than 1234.567.
    if decimal_comma and not (len(decimal_comma.group(2)) == 3 and decimal_comma.group(1)[0] != "0"):
        return number_text.replace(",", ".")
    raise ValueError(f"“{text}” is not a number (write it like 110000, 110,000 or “about 110,000”).")


def _ambiguous_point_message(number_text: str, text: str) -> str:
    whole, fraction = number_text.split(".")
    thousands = int(whole + fraction)
    decimal = Decimal(number_text)
    if decimal == decimal.to_integral_value():
        decimal_text = f"{decimal.quantize(Decimal(1))}"
    else:
        decimal_text = f"{decimal.normalize():f}"
        # Three decimals are the ambiguous form itself; a fourth digit makes them unmistakable.
        if len(decimal_text.split(".")[1]) == 3:
            decimal_text += "0"
    shown = f"{decimal.normalize():f}"
    return (
        f"“{text}” could be {shown} or {thousands:,}: the dot may mark decimals (English) or thousands "
        f"(as in German, Spanish or Italian spreadsheets). Write {thousands} if you mean {thousands:,}, "
        f"or {decimal_text} if you mean {shown}."
    )


def _checked(number: Decimal, text: str) -> Decimal:
    if not number.is_finite():
        raise ValueError(f"“{text}” is not a number.")
    if number < 0:
        raise ValueError(f"“{text}” is negative; counts cannot be below zero.")
    if number.adjusted() >= MAX_VALUE.adjusted():
        raise ValueError(f"“{text}” is too large to be a count (the limit is {MAX_VALUE:,}).")
    if number != 0 and number.adjusted() < -4:
        raise ValueError(f"“{text}” has more than 4 decimal places.")
    # 80000.0 from an XLSX float is 80000: keep the stored value free of spurious decimals.
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()


class ObservationValueWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        return parse_value(value)[0]

    def render(self, value, obj=None, **kwargs):
        # Numbers stay numbers in XLSX; an integral Decimal becomes an int so it shows without ".0000".
        if value is None:
            return None
        if value == value.to_integral_value():
            return int(value)
        text = f"{value.normalize():f}"
        if not kwargs.get("force_native_type") and _AMBIGUOUS_POINT.match(text):
            # In a CSV, "1.234" would come back refused as 1.234-or-1,234; a fourth decimal settles it.
            return text + "0"
        return float(value)


class QualifierWidget(Widget):
    """The qualifier column, or the one a value such as "over 48,000" carries; both must agree."""

    def __init__(self, value_column: str = "value", **kwargs):
        self.value_column = value_column
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        refuse_uncomputed_formula(value)
        text = _collapse_spaces(str(value)) if value is not None else ""
        column_qualifier = QUALIFIER_NAMES.get(text.lower())
        if column_qualifier is None:
            choices = ", ".join(f"“{q}”" for q in Qualifier.values)
            raise ValueError(f"“{text}” is not a qualifier we know (use {choices}, or leave it empty).")
        implied = None
        if row is not None and self.value_column in row:
            try:
                implied = parse_value(row[self.value_column])[1]
            except ValueError:
                implied = None  # the value column reports its own error
        if implied and text and str(column_qualifier) != implied:
            raise ValueError(
                f"The value says “{implied}” but the qualifier column says “{column_qualifier}”: make them agree."
            )
        return str(implied or column_qualifier)

    def render(self, value, obj=None, **kwargs):
        return value or ""


class StatusWidget(Widget):
    """Status words; an empty status means "reported" when there is a value."""

    NAMES = {
        "reported": ObservationStatus.REPORTED,
        "estimate": ObservationStatus.ESTIMATE,
        "estimated": ObservationStatus.ESTIMATE,
        "not published": ObservationStatus.NOT_PUBLISHED,
        "unpublished": ObservationStatus.NOT_PUBLISHED,
        "not counted": ObservationStatus.NOT_COUNTED,
    }

    def __init__(self, value_column: str = "value", **kwargs):
        self.value_column = value_column
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        refuse_uncomputed_formula(value)
        text = _collapse_spaces(str(value)).lower() if value is not None else ""
        if not text:
            has_value = False
            if row is not None:
                try:
                    has_value = parse_value(row.get(self.value_column))[0] is not None
                except ValueError:
                    has_value = True  # the value column reports its own error
            if has_value:
                return str(ObservationStatus.REPORTED)
            raise ValueError("The status is empty: with no value, say “not published” or “not counted”.")
        if text not in self.NAMES:
            choices = ", ".join(f"“{s}”" for s in ObservationStatus.values)
            raise ValueError(f"“{value}” is not a status we know (use {choices}).")
        return str(self.NAMES[text])

    def render(self, value, obj=None, **kwargs):
        return value or ""


class CountryWidget(Widget):
    """Any name or code ``stats.countries`` knows in; the English short name out."""

    def clean(self, value, row=None, **kwargs):
        refuse_uncomputed_formula(value)
        return country_code(value)

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

#: First characters that make spreadsheet software treat a cell as a formula (or hide one).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")


def escape_formula(text: str) -> str:
    """Prefix a leading ' to cells a spreadsheet would run as a formula (OWASP CSV injection advice)."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def unescape_formula(text: str) -> str:
    """Undo escape_formula, so an exported file imports back unchanged."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS) else text


class SafeTextWidget(Widget):
    """Free text: trimmed, our own export escaping undone on import and applied on export."""

    def __init__(self, max_length: int | None = None, **kwargs):
        self.max_length = max_length
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        refuse_uncomputed_formula(value)
        if value is None:
            return ""
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            value = int(value)  # a period typed as 2023 in a spreadsheet arrives as 2023.0
        text = unescape_formula(str(value).strip())
        # Control characters are invisible in a spreadsheet and PostgreSQL refuses NUL outright.
        text = _CONTROL.sub("", text)
        if self.max_length and len(text) > self.max_length:
            raise ValueError(f"The text is {len(text)} characters long; the limit is {self.max_length}.")
        return text

    def render(self, value, obj=None, **kwargs):
        return escape_formula(str(value)) if value else ""
