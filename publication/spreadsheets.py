"""CSV that opens safely in a spreadsheet, streamed row by row."""

import csv
import re

from django.http import HttpResponse, StreamingHttpResponse

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

# Where a spreadsheet may cut a cell into several: the list separators of the usual locales
# (comma, semicolon), tabs and line breaks. A formula character right after one of them
# (spaces allowed) would start a new cell.
_FORMULA_AFTER_SEPARATOR = re.compile(r"([,;\t\r\n]\s*)(?=[=+\-@])")


def spreadsheet_safe(value):
    """Text that a spreadsheet would take for a formula gets an apostrophe: at the start of
    the cell and after every separator a spreadsheet might split the cell on."""
    if not isinstance(value, str):
        return value
    value = _FORMULA_AFTER_SEPARATOR.sub(r"\1'", value)
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer."""

    def write(self, value):
        return value


def csv_lines(header, rows):
    """The lines of a UTF-8 CSV (a BOM first, so spreadsheets read accents right), each cell
    made formula-safe, one row at a time."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header)
    for row in rows:
        yield writer.writerow([spreadsheet_safe(value) for value in row])


def _as_download(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def streaming_csv_response(filename, header, rows):
    """A CSV download streamed as ``rows`` are read: memory stays flat however many rows."""
    response = StreamingHttpResponse(csv_lines(header, rows), content_type=CSV_CONTENT_TYPE)
    return _as_download(response, filename)


def csv_response(filename, header, rows):
    """A CSV download built in memory (small lists); large ones use streaming_csv_response."""
    response = HttpResponse("".join(csv_lines(header, rows)), content_type=CSV_CONTENT_TYPE)
    return _as_download(response, filename)
