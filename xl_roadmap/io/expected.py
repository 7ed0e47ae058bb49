"""The list of organisations a district expects (``--expected ORGS.csv|xlsx``): code and name per row."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from xl_roadmap.rollup.consolidation import ExpectedOrg
from xl_roadmap.core.values import clean_text
from xl_roadmap.io.os_errors import os_reason
from xl_roadmap.io.workbook_file import (
    ReadError,
    check_container,
    not_a_regular_file,
    open_grids,
    read_organisation,
)

_CODE_HEADERS = ("код", "код оо", "код организации", "код оу", "code")
# the first found wins: a short name before a full one («Краткое наименование» is what books carry too)
_NAME_HEADERS = ("наименование", "название", "организация", "наименование оо", "краткое наименование",
                 "сокращённое наименование", "сокращенное наименование", "полное наименование",
                 "наименование организации", "наименование образовательной организации", "name")
_HEADER_ROWS = 5      # a list made in Excel often has a title row or two above its header


def read_expected(path: Path | str) -> list[ExpectedOrg]:
    return [org for org in read_organisation_rows(path) if org.code]


def read_organisation_rows(path: Path | str) -> list[ExpectedOrg]:
    """Every row of the list, a row without a code included (code ""), so a caller can say it skipped it."""
    path = Path(path)
    delimiter = ""
    if path.suffix.lower() == ".csv":
        rows, delimiter = _csv_rows(path)
    else:
        check_container(path)
        refuse_roadmap_book(path)
        try:
            # through the reader's checks (far-apart cells, an .xlsb's records, an .ods's repeats …): a list is
            # a workbook a person attaches, as hostile as any
            with open_grids(path) as grids:
                rows = grids.rows(grids.sheet_names[0]) if grids.sheet_names else []
        except ReadError as exc:
            raise ReadError(path, f"список организаций не прочитан: {exc.reason}") from None
    rows = [[clean_text(v) for v in r] for r in rows if any(clean_text(v) for v in r)]
    if not rows:
        raise ReadError(path, "список организаций пуст")
    code_i = name_i = None
    for h_row, row in enumerate(rows[:_HEADER_ROWS]):
        head = [h.lower().rstrip(" *:") for h in row]
        code_i = next((i for i, h in enumerate(head) if h in _CODE_HEADERS), None)
        if code_i is not None:
            names = [(_NAME_HEADERS.index(h), i) for i, h in enumerate(head) if h in _NAME_HEADERS]
            name_i = min(names)[1] if names else None
            body = rows[h_row + 1:]
            break
    width = None
    if code_i is None:
        named = next((row for row in rows[:_HEADER_ROWS]
                      if any(v.lower().rstrip(" *:") in _NAME_HEADERS for v in row)), None)
        if named is not None:    # a header row without a code column: its names would become codes
            raise ReadError(path, f"в списке есть строка заголовков («{'; '.join(v for v in named if v)}»), но нет "
                                  f"столбца с кодами организаций — назовите его «Код» (или «Код ОО»)")
        code_i, name_i, body = 0, 1, rows       # no header row: first column code, second name
    else:
        width = len(head)
    out = []
    for r in body:
        code = r[code_i] if code_i < len(r) else ""
        name = r[name_i] if name_i is not None and name_i < len(r) else ""
        if delimiter and name_i is not None and name_i == (width or 2) - 1 and len(r) > name_i + 1:
            # a name holding the delimiter without quotes («МКОУ СОШ; корпус 2») is split by it: the name is the
            # last column, so what follows it is the rest of the name
            name = f"{delimiter} ".join(v for v in r[name_i:] if v) if delimiter != "\t" else " ".join(r[name_i:])
        out.append(ExpectedOrg(code=code, name=name))
    return out


def refuse_roadmap_book(path: Path) -> None:
    """ReadError when the file is a roadmap workbook (a school's book, a plan, a roll-up): its first sheet is
    the «Инструкция», whose lines would be taken for organisations. Told by the «Сведения» form with the
    template's version, found as the reader finds it."""
    try:
        form = read_organisation(path)
    except ReadError:
        return          # not a workbook the reader opens: the list reader says what is wrong with it
    version = form.get("template_version")
    if version is None or version.empty:
        return
    raise ReadError(path, f"это книга дорожной карты (лист «{version.sheet}», версия шаблона {version.value}), а "
                          f"не список организаций: укажите файл .csv или .xlsx со столбцами «Код» и «Наименование»")


def _csv_rows(path: Path) -> tuple[list[list[str]], str]:
    strange = not_a_regular_file(path)
    if strange:
        raise ReadError(path, strange)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReadError(path, f"файл не открывается: {os_reason(exc)}") from None
    for enc in ("utf-8-sig", "cp1251"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ReadError(path, "неизвестная кодировка CSV (ожидается UTF-8 или Windows-1251)")
    return _split(text)


_DELIMITERS = (";", ",", "\t")      # a Russian Excel saves «;», others «,»; a copy from a sheet has tabs


def _split(text: str) -> tuple[list[list[str]], str]:
    """The rows as Excel wrote them: fields in quotes may hold the delimiter, doubled quotes and line breaks
    (Alt+Enter). The delimiter is the one under which the header row names a code column; failing that, the
    one that splits the most rows into two or more fields (csv.Sniffer guesses wrong on short lists whose
    names hold «;» or «,» inside quotes)."""
    best, best_score = None, None
    for delimiter in _DELIMITERS:
        rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
        heads = [[clean_text(v).lower().rstrip(" *:") for v in r] for r in rows[:_HEADER_ROWS]]
        if any(h in _CODE_HEADERS for head in heads for h in head):
            return rows, delimiter
        score = sum(1 for r in rows if sum(1 for v in r if clean_text(v)) >= 2)
        if best_score is None or score > best_score:
            best, best_score = (rows, delimiter), score
    return best or ([], "")
