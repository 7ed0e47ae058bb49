"""Lists of organisations as Excel saves them (``--expected``, ``hand-down --orgs``): the delimiter, quotes, a
line break inside a quoted name, cp1251 and UTF-8 with a BOM."""

from __future__ import annotations

import pytest

from xl_roadmap.io.expected import read_organisation_rows

ROWS = [("ОО-01", 'МОУ "СОШ № 1"'), ("ОО-02", "МОУ СОШ № 2; корпус 2"), ("ОО-03", "МОУ ООШ\nс. Ивановка"),
        ("ОО-04", "МОУ, СОШ № 4")]


def _excel_csv(delimiter: str) -> str:
    def quoted(text: str) -> str:
        return '"' + text.replace('"', '""') + '"' if any(c in text for c in f'{delimiter}"\n') else text
    return "\r\n".join([f"Код{delimiter}Наименование"] + [f"{c}{delimiter}{quoted(n)}" for c, n in ROWS]) + "\r\n"


@pytest.mark.parametrize("delimiter,encoding", [(";", "cp1251"), (",", "utf-8-sig"), ("\t", "utf-8"),
                                                (";", "utf-8-sig")])
def test_a_list_as_excel_saves_it_gives_each_organisation_once(tmp_path, delimiter, encoding):
    path = tmp_path / "список.csv"
    path.write_bytes(_excel_csv(delimiter).encode(encoding))
    before = path.read_bytes()
    got = [(o.code, o.name) for o in read_organisation_rows(path)]
    assert got == [(c, " ".join(n.split())) for c, n in ROWS] or got == ROWS
    assert path.read_bytes() == before


def test_a_name_with_the_delimiter_left_unquoted_keeps_its_rest(tmp_path):
    """A list typed by hand: «;» inside a name without quotes splits it — the name is the last column, so
    the rest is the name's, not dropped."""
    path = tmp_path / "список.csv"
    path.write_bytes("Код;Наименование\r\nБОТ-02;МКОУ Анснинская СОШ; ЧАСТЬ 2\r\nБОТ-03;МКОУ СОШ\r\n".encode("cp1251"))
    assert [(o.code, o.name) for o in read_organisation_rows(path)] == [("БОТ-02", "МКОУ Анснинская СОШ; ЧАСТЬ 2"),
                                                                       ("БОТ-03", "МКОУ СОШ")]


def test_a_header_without_a_code_column_is_said_not_taken_for_codes(tmp_path):
    from xl_roadmap.io.workbook_file import ReadError

    path = tmp_path / "список.csv"
    path.write_bytes("№;Наименование;ИНН\r\n1;МОУ СОШ № 1;6901\r\n2;МОУ СОШ № 2;6902\r\n".encode("cp1251"))
    with pytest.raises(ReadError) as exc:
        read_organisation_rows(path)
    assert "нет столбца с кодами" in exc.value.reason and "Наименование" in exc.value.reason
