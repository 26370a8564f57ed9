import pytest

from cms.spreadsheets import defuse_formula


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Ann Example", "Ann Example"),
        ("", ""),
        (42, 42),
        (None, None),
    ],
)
def test_cells_a_spreadsheet_would_run_become_text(value, expected):
    assert defuse_formula(value) == expected
