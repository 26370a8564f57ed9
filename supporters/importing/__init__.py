"""Import a list of organisations: a CSV file or a plain list of names.

Lists of supporters arrive from old websites, spreadsheets and emails. The
import reads them (`read_rows`), then adds each organisation through
`organisation_create` so it gets its first history row like any other
(`organisations_import`). An organisation already listed, under any spelling
`names.normalise_name` treats as the same or with the same website domain, is
never listed twice: the import only fills in fields the listing has blank.

A row that cannot be imported as it stands (an invalid website, an unknown
country or category, an overlong name) is skipped with its reason rather than
imported without that field, so that nothing is half-imported; fix the file and
run it again, and what was imported the first time is reported as already listed.
"""

from .apply import IMPORT_STATUSES, IMPORTED_FIELDS, ImportReport, organisations_import
from .reading import OPTIONAL_COLUMNS, ImportFileError, ImportRow, read_rows

__all__ = [
    "IMPORTED_FIELDS",
    "IMPORT_STATUSES",
    "OPTIONAL_COLUMNS",
    "ImportFileError",
    "ImportReport",
    "ImportRow",
    "organisations_import",
    "read_rows",
]
