"""The bounded shared-strings table of constant-memory workbooks (io.xlsx.shared_strings): texts numbered
once, uses counted, inline once the budget of texts or characters is spent — read back whole either way."""

from __future__ import annotations

import zipfile

from python_calamine import CalamineWorkbook
from xlsxwriter.sharedstrings import SharedStringTable

from xl_roadmap.io.xlsx.book import LiteralTextWorksheet, ProtectedWorkbook
from xl_roadmap.io.xlsx.shared_strings import LocalStrings, SharedStrings


def test_a_text_is_numbered_once_and_every_use_counted():
    table = SharedStringTable()
    shared = SharedStrings(table, max_strings=10, max_characters=100)
    assert shared.index("выполнено") == 0
    assert shared.index("в работе", references=3) == 1
    assert shared.index("выполнено", references=2) == 0
    assert (table.unique_count, table.count) == (2, 6)


def test_past_the_budget_a_new_text_is_inline_and_a_known_one_still_shared():
    table = SharedStringTable()
    shared = SharedStrings(table, max_strings=2, max_characters=12)
    assert shared.index("абвгд") == 0
    assert shared.index("x" * 8) is None            # 5 + 8 characters > 12
    assert shared.index("еж") == 1
    assert shared.index("з") is None                # two texts: the table is full
    assert shared.index("абвгд") == 0
    assert table.string_table == {"абвгд": 0, "еж": 1}


def test_local_strings_number_in_order_of_appearance_and_survive_pickling():
    import pickle

    local = LocalStrings()
    assert [local.number(t) for t in ["б", "а", "б", "в", "а", "б"]] == [0, 1, 0, 2, 1, 0]
    back = pickle.loads(pickle.dumps(local))
    assert (back.texts, back.references) == (["б", "а", "в"], [3, 2, 1])
    assert back.number("а") == 1 and back.number("г") == 3


def test_a_constant_memory_sheet_reads_back_whole_shared_and_inline(tmp_path):
    path = tmp_path / "book.xlsx"
    wb = ProtectedWorkbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
    ws = wb.add_worksheet("Лист", LiteralTextWorksheet)
    ws.shared_strings = SharedStrings(wb.str_table, max_strings=3)
    fmt = wb.add_format({"num_format": "@"})
    texts = [["один", "два", "  с пробелом "], ["один", "четыре", "=1+1"], ["<r>x</r>", "два", "пять\x01"]]
    for r, row in enumerate(texts):
        for c, text in enumerate(row):
            ws.write_string(r, c, text, fmt)
    wb.close()
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert sheet.count('t="s"') == 5 and sheet.count('t="inlineStr"') == 4     # 3 texts shared, then inline
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Лист").to_python()
    assert rows == [["один", "два", "  с пробелом "], ["один", "четыре", "=1+1"], ["<r>x</r>", "два", "пять\x01"]]
