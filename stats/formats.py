"""File formats for the data desk's imports, hardened against files made to hurt.

Every reader refuses with ImportFileError (a ValueError whose message is meant for the person who
uploaded the file) rather than crashing: a renamed binary, a zip bomb (checked from the archive's
directory *before* openpyxl or odfpy inflate anything), XML with a DOCTYPE (entity expansion attacks;
openpyxl also parses through defusedxml), and more rows than the configured limit.

django-import-export 4.x reads ODS as text, which fails on a real upload: BinaryODS reads it as bytes.
CSV is read as bytes too, so that the Windows encodings and ``;`` separators of European spreadsheets
can be recognised here instead of failing in a text decoder.
"""

import csv
import io
import itertools
import re
import zipfile

import tablib
from django.conf import settings
from import_export.formats import base_formats


class ImportFileError(ValueError):
    """The file cannot be imported; the message says why in words for the person who sent it."""


def max_rows() -> int:
    return getattr(settings, "STATISTICS_IMPORT_MAX_ROWS", 100_000)


def max_uncompressed_bytes() -> int:
    return getattr(settings, "STATISTICS_IMPORT_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024)


def max_zip_entries() -> int:
    return getattr(settings, "STATISTICS_IMPORT_MAX_ZIP_ENTRIES", 1000)


#: A real spreadsheet compresses 5-20×; bombs compress thousands of times.
MAX_COMPRESSION_RATIO = 200
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def _too_many_rows() -> ImportFileError:
    return ImportFileError(f"The file has more than {max_rows():,} rows; split it into smaller files.")


def _new_dataset(headers: list, rows) -> tablib.Dataset:
    """A tablib Dataset from an iterator of rows, refusing beyond the row limit."""
    limit = max_rows()
    headers = ["" if header is None else str(header) for header in headers]
    while headers and headers[-1] == "":
        headers.pop()  # trailing empty header cells, as spreadsheets leave them
    width = len(headers)
    if not width:
        raise ImportFileError("The first row is empty: it must name the columns.")
    data = []
    row_numbers = []
    for number, row in enumerate(rows, start=2):
        values = list(row)
        if all(value is None or (isinstance(value, str) and not value.strip()) for value in values):
            continue  # blank lines carry nothing and are not errors
        if any(value not in (None, "") for value in values[width:]):
            raise ImportFileError(f"Row {number} has more cells than there are column names in the first row.")
        values = (values + [None] * width)[:width]
        data.append(values)
        row_numbers.append(number)
        if len(data) > limit:
            raise _too_many_rows()
    dataset = tablib.Dataset(*data, headers=headers)
    # Blank lines are skipped, so the n-th data row is not always spreadsheet row n + 1: errors quote these.
    dataset.source_row_numbers = row_numbers
    return dataset


def check_zip_archive(data: bytes, *, kind: str, required: str) -> zipfile.ZipFile:
    """Open a zip-based spreadsheet only after its directory says it is safe to inflate."""
    if not data.startswith(b"PK\x03\x04"):
        raise ImportFileError(
            f"This is not an {kind} file: its content is not a spreadsheet (was another kind of file renamed?)."
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportFileError(f"This {kind} file is damaged and cannot be opened.") from None
    if len(entries) > max_zip_entries():
        raise ImportFileError(
            f"This {kind} file holds {len(entries):,} parts, more than a spreadsheet ever needs; it was refused."
        )
    total = sum(entry.file_size for entry in entries)
    if total > max_uncompressed_bytes():
        raise ImportFileError(
            f"This {kind} file would unpack to {human_size(total)}, more than the "
            f"{human_size(max_uncompressed_bytes())} limit; it was refused."
        )
    for entry in entries:
        if entry.compress_size and entry.file_size / entry.compress_size > MAX_COMPRESSION_RATIO:
            raise ImportFileError(f"This {kind} file is compressed suspiciously tightly (a zip bomb?); it was refused.")
    if required not in archive.namelist():
        raise ImportFileError(f"This is not an {kind} file: it is a zip archive without a spreadsheet inside.")
    for entry in entries:
        if entry.filename.endswith((".xml", ".rels")) and _declares_doctype(archive, entry):
            raise ImportFileError(
                f"This {kind} file contains XML declarations that spreadsheets never use "
                "(a document type or entities); it was refused."
            )
    return archive


def _part_contains(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, pattern: re.Pattern) -> bool:
    """Whether ``pattern`` (at most 16 bytes long) occurs anywhere in a zip part, read in 1 MiB chunks.

    Sizes were checked before, so reading a part once is bounded.
    """
    tail = b""
    with archive.open(entry) as part:
        while chunk := part.read(1024 * 1024):
            if pattern.search(tail + chunk):
                return True
            tail = chunk[-16:]
    return False


def _declares_doctype(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    """Whether an XML part declares a DOCTYPE or entities anywhere (a long comment can push one past any
    fixed prefix)."""
    return _part_contains(archive, entry, _DOCTYPE)


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    return f"{size / 1024 / 1024:,.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:,.0f} KB"


class SpreadsheetCSV(base_formats.CSV):
    """CSV in UTF-8 (with or without BOM), UTF-16 or Windows-1252, separated by ``,``, ``;`` or tabs."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    @staticmethod
    def decode(data: bytes) -> str:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        if b"\0" in data[:4096]:
            raise ImportFileError("This is not a CSV file: it holds binary data (was another kind of file renamed?).")
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Excel on Windows saves "CSV" in the machine's code page; for Western Europe that is 1252.
            try:
                return data.decode("cp1252")
            except UnicodeDecodeError:
                raise ImportFileError(
                    "The file's characters are neither UTF-8 nor Windows-1252: save it as “CSV UTF-8”."
                ) from None

    def create_dataset(self, in_stream, **kwargs):
        text = self.decode(in_stream) if isinstance(in_stream, bytes) else in_stream
        if text.startswith("\ufeff"):
            text = text[1:]
        first_line = text.split("\n", 1)[0]
        delimiter = max((";", ",", "\t"), key=first_line.count)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            headers = next(reader, None)
            if headers is None:
                raise ImportFileError("The file is empty.")
            return _new_dataset(headers, reader)
        except csv.Error as error:
            raise ImportFileError(f"The CSV file is malformed: {error}.") from None


class UncomputedFormula(str):
    """An XLSX cell that holds a formula but no value computed for it (a file written by a program, not
    saved by Excel): the widgets refuse it as a formula instead of reading it as an empty cell."""


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _has_formulas(archive: zipfile.ZipFile) -> bool:
    """Whether any worksheet holds a formula; sizes were checked, so reading the parts once is bounded."""
    return any(
        _part_contains(archive, entry, _FORMULA_TAG)
        for entry in archive.infolist()
        if entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml")
    )


def _mark_uncomputed_formulas(values_rows, formula_rows):
    """The computed values, with cells that are empty only because their formula was never computed
    replaced by UncomputedFormula("=..."): read from a second, formula-keeping pass over the same sheet."""
    for values, formulas in zip(values_rows, formula_rows, strict=False):
        yield [
            UncomputedFormula(formula)
            if value is None and isinstance(formula, str) and formula.startswith("=")
            else value
            for value, formula in itertools.zip_longest(values, formulas)
        ]


class SafeXLSX(base_formats.XLSX):
    """XLSX, first (or only) sheet, after zip-bomb and XML checks; openpyxl parses through defusedxml."""

    def create_dataset(self, in_stream):
        import openpyxl

        archive = check_zip_archive(in_stream, kind="XLSX", required="xl/workbook.xml")
        # Formula cells are read as the value the spreadsheet computed (data_only). A formula that was never
        # computed reads as empty, and would be reported as a missing value: only when the sheets hold
        # formulas at all is the sheet read a second time, keeping formulas, to tell the two apart.
        has_formulas = _has_formulas(archive)
        archive.close()
        try:
            book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
            formula_book = (
                openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=False) if has_formulas else None
            )
        except Exception:  # openpyxl raises a dozen kinds for a broken workbook; each means the same here
            raise ImportFileError("This XLSX file is damaged or not a workbook Excel can open.") from None
        try:
            sheet = book.worksheets[0]
            rows = sheet.iter_rows(values_only=True)
            if formula_book is not None:
                rows = _mark_uncomputed_formulas(rows, formula_book.worksheets[0].iter_rows(values_only=True))
            headers = next(rows, None)
            if headers is None:
                raise ImportFileError(f"The sheet “{sheet.title}” is empty.")
            dataset = _new_dataset(list(headers), rows)
        except ImportFileError:
            raise
        except Exception:
            raise ImportFileError("This XLSX file's sheet could not be read; it may be damaged.") from None
        finally:
            book.close()
            if formula_book is not None:
                formula_book.close()
        if len(book.sheetnames) > 1:
            dataset.import_notice = (
                f"The workbook has {len(book.sheetnames)} sheets; only the first, “{book.sheetnames[0]}”, was read."
            )
        return dataset


class BinaryODS(base_formats.ODS):
    """OpenDocument spreadsheets read as the binary files they are; first sheet only."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        from odf import opendocument
        from tablib.formats._ods import ODSFormat

        check_zip_archive(in_stream, kind="ODS", required="content.xml").close()
        try:
            document = opendocument.load(io.BytesIO(in_stream))
        except Exception:
            raise ImportFileError("This ODS file is damaged or not a spreadsheet LibreOffice can open.") from None
        sheets = [node for node in document.spreadsheet.childNodes if node.qname[1] == "table"]
        if not sheets:
            raise ImportFileError("This ODS file has no sheet.")

        def cells(row):
            for cell in row.childNodes:
                if cell.qname[1] not in ("table-cell", "covered-table-cell"):
                    continue
                value = ODSFormat.read_cell(cell)
                value = None if value == "" else value
                repeat = int(cell.getAttribute("numbercolumnsrepeated") or 1)
                # Spreadsheets pad rows with one empty cell "repeated" 16,000 times: never expand those.
                yield from [value] * min(repeat, 1000)

        def rows():
            for row in sheets[0].childNodes:
                if row.qname[1] != "table-row":
                    continue
                values = list(cells(row))
                repeat = int(row.getAttribute("numberrowsrepeated") or 1)
                if all(value is None for value in values):
                    continue  # trailing empty rows, often "repeated" a million times
                if repeat > max_rows():
                    raise _too_many_rows()
                for _ in range(repeat):
                    yield values

        iterator = rows()
        headers = next(iterator, None)
        if headers is None:
            raise ImportFileError("The first sheet is empty.")
        dataset = _new_dataset(headers, iterator)
        if len(sheets) > 1:
            name = sheets[0].getAttribute("name")
            dataset.import_notice = f"The spreadsheet has {len(sheets)} sheets; only the first, “{name}”, was read."
        return dataset


#: Formats the data desk imports and exports, in the order the admin offers them.
IMPORT_FORMATS = [SpreadsheetCSV, SafeXLSX, BinaryODS]
EXPORT_FORMATS = [base_formats.CSV, base_formats.XLSX]


def format_for_file_name(file_name: str):
    """The format class for a file name's extension (the command line has no format menu)."""
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    for format_class in IMPORT_FORMATS:
        if format_class().get_extension() == extension:
            return format_class
    known = ", ".join(f".{f().get_extension()}" for f in IMPORT_FORMATS)
    raise ImportFileError(f"Files ending in “.{extension}” cannot be imported; use {known}.")
