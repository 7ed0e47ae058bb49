"""Lines of a PDF into paragraphs (io/pdf_text.py), on lines laid out here: a text area from x=0 to x=100,
characters 5 points wide, lines 12 points apart — each rule of the joint on its own."""

from __future__ import annotations

import pytest

from xl_roadmap.io.pdf_text import Line, Reading, Vocabulary, Word, paragraphs

CHAR = 5.0
RIGHT = 100.0


def line(text: str, row: int, *, x0: float = 0.0, spaced_end: bool = False, page: int = 1) -> Line:
    """``text`` set from ``x0`` on line ``row``; a space character follows every word but the last (and the last
    too with ``spaced_end``)."""
    words, x = [], x0
    parts = text.split(" ")
    for k, part in enumerate(parts):
        width = CHAR * len(part)
        words.append(Word(part, x, x + width, 12.0 * row, 12.0 * row + 10, CHAR,
                          spaced=k < len(parts) - 1 or spaced_end))
        x += width + CHAR
    return Line(words, page)


def read(*lines: Line, known: tuple[str, ...] = (), spaces: bool = False) -> list[str]:
    vocabulary = Vocabulary([[line(word, 0)] for word in known])     # each a one-line block: whole words
    return paragraphs(list(lines), 0.0, RIGHT, 12.0, Reading(vocabulary, spaces))


def test_a_wrapped_line_goes_on_with_a_space():
    # «мероприятия» (55 points) would not fit after «анализ результатов» (90): the line wrapped
    assert read(line("анализ результатов", 0), line("мероприятия года", 1)) == ["анализ результатов мероприятия года"]


def test_a_line_that_would_have_taken_the_next_word_ended_its_paragraph():
    assert read(line("январь 2025", 0), line("февраль 2025", 1)) == ["январь 2025", "февраль 2025"]


def test_a_numbered_item_starts_a_paragraph():
    assert read(line("1. Провести анализ", 0), line("результатов года", 1), line("2. Подготовить", 2)) == \
        ["1. Провести анализ результатов года", "2. Подготовить"]


def test_a_bigger_gap_than_the_line_pitch_ends_a_paragraph():
    assert read(line("Совещание с руководителями", 0), line("школ района", 2)) == \
        ["Совещание с руководителями", "школ района"]


def test_a_word_too_long_for_the_column_is_glued_back():
    # 20 characters fill the 100 points: a fragment alone on its line, no space after it
    head = "аналитическаяаналити"
    assert read(line(head, 0), line("ческая справка", 1)) == [head + "ческая справка"]


def test_two_words_the_document_knows_are_not_glued():
    # «проведения» ends near the edge, but the document writes it and «итогов» as words, never together
    first = "проведенияпроведения"                 # 20 characters: fills the line
    got = read(line(first, 0), line("итогов года", 1), known=(first, "итогов"))
    assert got == [first + " итогов года"]


@pytest.mark.parametrize("known, want", [
    (("мероприятие",), "обязательное мероприятие"),         # the document writes the word without the hyphen
    ((), "обязательное меро-приятие"),                      # nothing tells: the hyphen may be the word's own
])
def test_a_hyphen_at_the_line_end_joins_the_word(known, want):
    assert read(line("обязательное меро-", 0), line("приятие", 1), known=known) == [want]


def test_a_compound_keeps_its_hyphen_and_a_soft_hyphen_goes():
    assert read(line("социально-", 0), line("психологического теста", 1)) == ["социально-психологического теста"]
    assert read(line("обязательное меро\u00ad", 0), line("приятие", 1)) == ["обязательное мероприятие"]


def test_a_sentence_end_before_a_capital_ends_the_paragraph_but_not_after_an_abbreviation():
    full = "провести до 1 июля года."                  # 24 characters: past the edge, so the line was full
    assert read(line(full, 0), line("Ответственный директор", 1)) == [full, "Ответственный директор"]
    assert read(line("в течение 2025 года г.", 0), line("Тверь и район", 1)) == ["в течение 2025 года г. Тверь и район"]


def test_where_wraps_keep_their_space_a_line_without_it_and_with_room_ended():
    # LibreOffice's PDFs: a wrapped line keeps the space it wrapped at when there is room for it
    assert read(line("Сентябрь 2024", 0), line("Сентябрь-ноябрь", 1), spaces=True) == \
        ["Сентябрь 2024", "Сентябрь-ноябрь"]
    assert read(line("Сентябрь 2024", 0, spaced_end=True), line("Сентябрь-ноябрь", 1), spaces=True) == \
        ["Сентябрь 2024 Сентябрь-ноябрь"]
