"""Load the declarative spec (JSON + JSON Schema) into typed, read-only objects.

Every JSON file in this folder passes its ``*.schema.json`` sibling before it is used — checked when the package
is tested and stamped, or at load time when the file no longer matches its stamp (spec/schema_check.py); a broken
spec is a :class:`SpecError` naming the file and the JSON path, never a KeyError deep inside the code.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from xl_roadmap.spec.addin import AddinSpec, addin_from_json, addin_problems
from xl_roadmap.spec.catalogue import (
    QUALIFIER,
    Edition,
    Indicator,
    catalogue_links,
    edition_from_json,
)
from xl_roadmap.spec.rule_checks import rule_problems
from xl_roadmap.spec.schema_check import SCHEMA_SUFFIX, first_error, read_stamp, stamped

SPEC_DIR = Path(__file__).resolve().parent


class SpecError(Exception):
    """The spec (a JSON file shipped with the package) is broken."""

    def __init__(self, path: Path | str, json_path: str, message: str):
        self.path = str(path)
        self.json_path = json_path
        self.detail = message
        super().__init__(f"Ошибка в спецификации {self.path}, путь {json_path}: {message}")


def _position(items, item_id: str) -> int:
    """0-based position of the item with ``item_id`` (KeyError when none): specs are small, a scan is enough."""
    for i, item in enumerate(items):
        if item.id == item_id:
            return i
    raise KeyError(item_id)


@dataclass(frozen=True)
class ColumnSpec:
    id: str
    header: str
    type: str
    width: float
    help: str
    required: bool = False
    list: str | None = None
    min: float | None = None
    number_format: str | None = None
    formula: str | None = None
    hidden: bool = False
    fill: str | None = None
    since: str | None = None     # template version that added the column: older books lack it, no finding
    per_period: bool = False     # belongs to one reporting period: next-period leaves it empty

    @property
    def is_input(self) -> bool:
        return self.formula is None and self.fill is None


@dataclass(frozen=True)
class FieldSpec:
    id: str
    label: str
    type: str
    required: bool
    help: str
    locked: bool = False
    list: str | None = None
    since: str | None = None     # template version that added the row: older books lack it, no finding
    per_period: bool = False     # belongs to one reporting period: next-period leaves it empty


@dataclass(frozen=True)
class CheckSpec:
    id: str
    label: str
    formula: str
    advice: str


@dataclass(frozen=True)
class SheetSpec:
    id: str
    name: str
    kind: str
    title: str = ""
    hidden: bool = False
    paragraphs: tuple[str, ...] = ()
    label_column: str = "A"
    value_column: str = "B"
    help_column: str = "C"
    first_row: int = 3
    widths: object = None
    headers: tuple[str, ...] = ()
    column_ids: tuple[str, ...] = ()
    wrapped: tuple[str, ...] = ()        # column_ids whose texts wrap (the «Проверка» sheet)
    data_rows: int = 0
    key: tuple[str, ...] = ()
    catalogue_columns: tuple[str, ...] = ()
    fields: tuple[FieldSpec, ...] = ()
    columns: tuple[ColumnSpec, ...] = ()
    checks: tuple[CheckSpec, ...] = ()

    def column(self, column_id: str) -> ColumnSpec:
        return self.columns[_position(self.columns, column_id)]

    def column_index(self, column_id: str) -> int:
        """0-based position of a column in the template."""
        return _position(self.columns, column_id)

    def field(self, field_id: str) -> FieldSpec:
        return self.fields[_position(self.fields, field_id)]

    def header_column(self, column_id: str) -> int:
        """1-based column of a sheet laid out by ``column_ids`` under ``headers`` (the «Проверка» sheet)."""
        return self.column_ids.index(column_id) + 1


@dataclass(frozen=True)
class RollupColumn:
    id: str
    header: str
    width: float
    wrap: bool = False         # texts wrap, rows as tall as they need (io.xlsx.text_fit)


@dataclass(frozen=True)
class RollupSheetSpec:
    """A sheet the roll-up adds to the school layout (register, matrix, summaries, provenance)."""

    id: str
    name: str
    title: str
    columns: tuple[RollupColumn, ...] = ()
    # the id of the sheet this one stands for one level up (a district's «Исполнение плана» per school, the
    # region's per district): a roll-up holds one of the two, so they share a name
    alternative_to: str = ""

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def widths(self) -> list[float]:
        return [c.width for c in self.columns]

    def index(self, column_id: str) -> int:
        """0-based position of a column."""
        return _position(self.columns, column_id)

    def row(self, values: dict) -> list:
        """A row as a list in column order from a dict keyed by column id (missing ids stay empty)."""
        unknown = set(values) - {c.id for c in self.columns}
        if unknown:
            raise KeyError(f"{self.id}: unknown columns {sorted(unknown)}")
        return [values.get(c.id, "") for c in self.columns]


@dataclass(frozen=True)
class RuleSpec:
    code: str
    severity: str
    title: str
    message: str
    supersedes: tuple[str, ...] = ()      # rules whose finding on the same cell this one replaces
    grouped: str | None = None            # one console line for many findings (rules/grouping.py)


@dataclass(frozen=True)
class WordImportSpec:
    """How a Word table is read (word_import.json): header words per column role (matched at the start of
    a header, lower case, ё as е), the words of level groups and of levels in «Ответственный», the repair
    messages by kind, the «Импорт» sheet."""

    roles: dict[str, tuple[str, ...]]
    levels: dict[str, tuple[str, ...]]
    school_words: tuple[str, ...]
    district_words: tuple[str, ...]
    repairs: dict[str, dict[str, str]]
    refusals: dict[str, str]
    sheet_name: str
    sheet_title: str
    sheet_columns: tuple[RollupColumn, ...]
    # «Наименование основного мероприятия»: words that only name a column, and stems of words that qualify a
    # role word without changing it
    header_fillers: tuple[str, ...] = ()
    header_qualifiers: tuple[str, ...] = ()
    # which short words a piece of a word split by OCR may be joined to (word_import.json → ocr_joins)
    ocr_joins: dict[str, frozenset[str]] = field(default_factory=dict)
    # an approval block («УТВЕРЖДАЮ / директор МБОУ СОШ № 16») names the organisation after the post's words
    approval_marks: tuple[str, ...] = ()
    posts: tuple[str, ...] = ()

    def message(self, kind: str, **tokens) -> str:
        return self.repairs[kind]["message"].format(**tokens)

    def title(self, kind: str) -> str:
        return self.repairs[kind]["title"]


@dataclass(frozen=True)
class Protection:
    """How the written books are protected (workbook.json → protection)."""
    password: str = ""
    permits: tuple[str, ...] = ()
    sheets: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def sheet_permits(self, sheet_id: str) -> tuple[str, ...]:
        """What a protected sheet lets a user do, as XlsxWriter's protect() options."""
        return self.permits + self.sheets.get(sheet_id, ())


@dataclass(frozen=True)
class Spec:
    version: str
    template_version: str
    default_edition: str
    title_row: int
    header_row: int
    help_row: int
    first_data_row: int
    lists: dict[str, tuple[str, ...]]
    sheets: tuple[SheetSpec, ...]
    editions: dict[str, Edition] = field(default_factory=dict)
    catalogue_version: str = ""
    rules: dict[str, RuleSpec] = field(default_factory=dict)
    rule_settings: dict = field(default_factory=dict)
    grouping: dict[str, Any] = field(default_factory=dict)   # many findings of a rule → one console line
    # list id → term id → text, for the lists the code refers to by id (see spec/vocabulary.py)
    terms: dict[str, dict[str, str]] = field(default_factory=dict)
    severities: dict[str, str] = field(default_factory=dict)     # severity id → text, most severe first
    book_statuses: dict[str, str] = field(default_factory=dict)
    # a school's cell on «Исполнение плана» beyond the action's own status (workbook.json → rollup.plan_statuses)
    plan_statuses: dict[str, str] = field(default_factory=dict)
    received_from: dict[str, str] = field(default_factory=dict)     # where a book's received-at comes from
    rollup_sheets: tuple[RollupSheetSpec, ...] = ()
    word_import: WordImportSpec | None = None
    # what a write that would pass one of Excel's limits says (workbook.json → output_limits; io/xlsx/limits)
    output_limits: dict[str, Any] = field(default_factory=dict)
    protection: Protection = field(default_factory=Protection)
    # what the add-in's ribbon says (workbook.json → excel_messages; excel/addin.py)
    excel_messages: dict[str, str] = field(default_factory=dict)
    # what next-period writes into the new book (workbook.json → next_period; app/next_period)
    next_period: dict[str, str] = field(default_factory=dict)
    addin: AddinSpec | None = None
    # the roll-up's words built by the code (workbook.json → rollup_texts; rollup/)
    rollup_texts: dict[str, str] = field(default_factory=dict)

    def excel_message(self, key: str, **tokens) -> str:
        return self.excel_messages[key].format(**tokens)

    def rollup_text(self, key: str, **tokens) -> str:
        text = self.rollup_texts[key]
        return text.format(**tokens) if tokens else text
    # Russian names of a parsed deadline's kind and periodicity (workbook.json → deadline_words; cli deadline)
    deadline_words: dict[str, dict[str, str]] = field(default_factory=dict)
    # the archive of consolidations: file name, messages, the trend workbook's words (workbook.json → archive)
    archive: dict[str, Any] = field(default_factory=dict)
    # «edition:code» → every entry that is the same indicator (catalogue «same_as», closed), catalogue order
    links: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def same_indicator(self, ref: str) -> tuple[str, ...]:
        """The «edition:code» names of one indicator across the catalogue's editions (itself alone when no
        other edition is declared the same)."""
        return self.links.get(ref, (ref,))

    def entry(self, ref: str) -> Indicator | None:
        """The catalogue entry an «edition:code» name means."""
        edition_id, _, code = ref.partition(QUALIFIER)
        edition = self.editions.get(edition_id)
        return edition.get(code) if edition is not None else None

    def sheet(self, sheet_id: str) -> SheetSpec:
        return self.sheets[_position(self.sheets, sheet_id)]

    def edition(self, edition_id: str | None = None) -> Edition:
        return self.editions[edition_id or self.default_edition]

    def rollup_sheet(self, sheet_id: str) -> RollupSheetSpec:
        return self.rollup_sheets[_position(self.rollup_sheets, sheet_id)]


def _load_checked(name: str, spec_dir: Path, stamp: dict[str, str]) -> dict:
    path = spec_dir / f"{name}.json"
    schema_path = spec_dir / f"{name}{SCHEMA_SUFFIX}"
    raw, schema_raw = _read_bytes(path), _read_bytes(schema_path)
    data = _parse_json(path, raw)
    if not stamped(stamp, name, raw, schema_raw):
        error = first_error(data, _parse_json(schema_path, schema_raw))
        if error:
            raise SpecError(path, *error)
    return data


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise SpecError(path, "$", "файл не найден") from None


def _parse_json(path: Path, raw: bytes) -> dict:
    try:
        return json.loads(raw.decode("utf-8"))
    except json.JSONDecodeError as exc:
        raise SpecError(path, "$", f"неверный JSON (строка {exc.lineno}, позиция {exc.colno}): {exc.msg}") from None


def _sheet_from_json(raw: dict) -> SheetSpec:
    data = dict(raw)
    data["paragraphs"] = tuple(data.get("paragraphs", ()))
    data["headers"] = tuple(data.get("headers", ()))
    data["column_ids"] = tuple(data.get("column_ids", ()))
    data["wrapped"] = tuple(data.get("wrapped", ()))
    data["key"] = tuple(data.get("key", ()))
    data["catalogue_columns"] = tuple(data.get("catalogue_columns", ()))
    data["fields"] = tuple(FieldSpec(**f) for f in data.get("fields", ()))
    data["columns"] = tuple(ColumnSpec(**c) for c in data.get("columns", ()))
    data["checks"] = tuple(CheckSpec(**c) for c in data.get("checks", ()))
    return SheetSpec(**data)


_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def _cross_check(spec: Spec, path: Path) -> None:
    """Checks JSON Schema cannot express: unique ids, known lists, formulas naming real columns."""
    seen_sheets: set[str] = set()
    for si, sheet in enumerate(spec.sheets):
        where = f"$.sheets[{si}]"
        if sheet.id in seen_sheets:
            raise SpecError(path, where + ".id", f"лист '{sheet.id}' объявлен дважды")
        seen_sheets.add(sheet.id)
        ids = [c.id for c in sheet.columns] + [f.id for f in sheet.fields]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise SpecError(path, where, f"повторяются идентификаторы столбцов: {sorted(dup)}")
        for ci, col in enumerate(sheet.columns):
            if col.list and col.list not in spec.lists and col.list != "catalogue_codes":
                raise SpecError(path, f"{where}.columns[{ci}].list", f"неизвестный список '{col.list}'")
        for fi, fld in enumerate(sheet.fields):
            if fld.list and fld.list not in spec.lists:
                raise SpecError(path, f"{where}.fields[{fi}].list", f"неизвестный список '{fld.list}'")
    for sheet_id in spec.protection.sheets:
        if sheet_id not in seen_sheets:
            raise SpecError(path, f"$.protection.sheets.{sheet_id}", f"нет листа '{sheet_id}'")
    for si, sheet in enumerate(spec.sheets):
        formulas = [(f"$.sheets[{si}].columns[{ci}].formula", c.formula) for ci, c in enumerate(sheet.columns) if c.formula]
        formulas += [(f"$.sheets[{si}].checks[{ci}].formula", c.formula) for ci, c in enumerate(sheet.checks)]
        for json_path, formula in formulas:
            for token in _PLACEHOLDER.findall(formula):
                if not _placeholder_known(spec, sheet, token):
                    raise SpecError(path, json_path, f"формула ссылается на неизвестный столбец '{{{token}}}'")


def _cross_check_rollup(spec: Spec, path: Path) -> None:
    """The roll-up's sheets must not collide with the school sheets or with each other (Excel refuses) — but for
    a sheet and its ``alternative_to`` one level up, which no roll-up holds both of."""
    seen = {s.name.lower() for s in spec.sheets}
    ids: set[str] = set()
    for i, sheet in enumerate(spec.rollup_sheets):
        if sheet.alternative_to and (sheet.alternative_to not in ids or sheet.name.lower() !=
                                     spec.rollup_sheet(sheet.alternative_to).name.lower()):
            raise SpecError(path, f"$.rollup.sheets[{i}].alternative_to",
                            f"«{sheet.alternative_to}» — не объявленный выше лист с тем же названием")
        if (sheet.name.lower() in seen and not sheet.alternative_to) or sheet.id in ids:
            raise SpecError(path, f"$.rollup.sheets[{i}]", f"лист «{sheet.name}» ({sheet.id}) объявлен дважды")
        seen.add(sheet.name.lower())
        ids.add(sheet.id)
        col_ids = [c.id for c in sheet.columns]
        if len(set(col_ids)) != len(col_ids):
            raise SpecError(path, f"$.rollup.sheets[{i}].columns", "повторяются идентификаторы столбцов")


def _placeholder_known(spec: Spec, sheet: SheetSpec, token: str) -> bool:
    if token.startswith("lookup:"):
        return token[7:] in spec.sheet("lists").catalogue_columns
    if token.startswith("@"):
        sheet_id, _, col_id = token[1:].partition(".")
        try:
            spec.sheet(sheet_id).column(col_id)
        except KeyError:
            return False
        return True
    if token == "org_required_empty":
        return True
    return any(c.id == token for c in sheet.columns)


def _rollup_sheet_from_json(raw: dict) -> RollupSheetSpec:
    return RollupSheetSpec(id=raw["id"], name=raw["name"], title=raw["title"],
                           columns=tuple(RollupColumn(**c) for c in raw["columns"]),
                           alternative_to=raw.get("alternative_to", ""))


def _word_import_from_json(raw: dict) -> WordImportSpec:
    return WordImportSpec(
        roles={k: tuple(v) for k, v in raw["columns"].items()}, levels={k: tuple(v) for k, v in raw["levels"].items()},
        school_words=tuple(raw["school_words"]), district_words=tuple(raw["district_words"]),
        repairs={k: dict(v) for k, v in raw["repairs"].items()}, refusals=dict(raw["refusals"]), sheet_name=raw["sheet"]["name"],
        sheet_title=raw["sheet"]["title"], sheet_columns=tuple(RollupColumn(**c) for c in raw["sheet"]["columns"]),
        header_fillers=tuple(raw["header_fillers"]), header_qualifiers=tuple(raw["header_qualifiers"]),
        ocr_joins={k: frozenset(v) for k, v in raw["ocr_joins"].items()},
        approval_marks=tuple(raw["requisites"]["approval_marks"]), posts=tuple(raw["requisites"]["posts"]))


def _addin_from_json(raw: dict, path: Path) -> AddinSpec:
    addin = addin_from_json(raw)
    for json_path, message in addin_problems(addin):
        raise SpecError(path, json_path, message)
    return addin


def load_spec(spec_dir: Path | str | None = None) -> Spec:
    """Load and check the whole spec. ``spec_dir`` lets tests point at a deliberately broken copy."""
    directory = Path(spec_dir) if spec_dir is not None else SPEC_DIR
    stamp = read_stamp(directory)
    wb = _load_checked("workbook", directory, stamp)
    cat = _load_checked("catalogue", directory, stamp)
    rules = _load_checked("rules", directory, stamp)
    word = _load_checked("word_import", directory, stamp)
    layout = wb["layout"]
    spec = Spec(
        version=wb["version"],
        template_version=wb["template_version"],
        default_edition=wb["default_edition"],
        title_row=layout["title_row"],
        header_row=layout["header_row"],
        help_row=layout["help_row"],
        first_data_row=layout["first_data_row"],
        lists={k: tuple(v.values()) if isinstance(v, dict) else tuple(v) for k, v in wb["lists"].items()},
        terms={k: dict(v) for k, v in wb["lists"].items() if isinstance(v, dict)},
        sheets=tuple(_sheet_from_json(s) for s in wb["sheets"]),
        editions={e["id"]: edition_from_json(e) for e in cat["editions"]},
        catalogue_version=cat["version"],
        rules={code: RuleSpec(code=code, severity=rules["severities"][r["severity"]], title=r["title"],
                              message=r["message"], supersedes=tuple(r.get("supersedes", ())),
                              grouped=r.get("grouped"))
               for code, r in rules["rules"].items()},
        rule_settings=dict(rules["settings"]),
        grouping=dict(rules["grouping"]),
        severities=dict(rules["severities"]),
        book_statuses=dict(wb["rollup"]["book_statuses"]),
        plan_statuses=dict(wb["rollup"]["plan_statuses"]),
        received_from=dict(wb["rollup"]["received_from"]),
        rollup_sheets=tuple(_rollup_sheet_from_json(s) for s in wb["rollup"]["sheets"]),
        word_import=_word_import_from_json(word),
        output_limits=dict(wb["output_limits"]),
        protection=Protection(password=wb["protection"]["password"], permits=tuple(wb["protection"]["permits"]),
                              sheets={k: tuple(v) for k, v in wb["protection"]["sheets"].items()}),
        excel_messages=dict(wb["excel_messages"]),
        rollup_texts={k: v for k, v in wb["rollup_texts"].items() if k != "description"},
        next_period=dict(wb.get("next_period", {})),
        addin=_addin_from_json(wb["addin"], directory / "workbook.json"),
        archive=dict(wb["archive"]),
        deadline_words={k: dict(v) for k, v in wb.get("deadline_words", {}).items()},
    )
    _cross_check(spec, directory / "workbook.json")
    for json_path, message in rule_problems(spec.rules, spec.rule_settings):
        raise SpecError(directory / "rules.json", json_path, message)
    _cross_check_rollup(spec, directory / "workbook.json")
    for ei, edition in enumerate(cat["editions"]):
        codes = [i["code"] for i in edition["indicators"]]
        dup = sorted(c for c, n in Counter(codes).items() if n > 1)
        if dup:
            raise SpecError(directory / "catalogue.json", f"$.editions[{ei}].indicators", f"повторяются коды: {dup}")
    if spec.default_edition not in spec.editions:
        raise SpecError(directory / "workbook.json", "$.default_edition", f"нет редакции '{spec.default_edition}' в каталоге")
    for edition in spec.editions.values():
        object.__setattr__(edition, "_catalogue", spec.editions)
    links, problems = catalogue_links(spec.editions)
    for json_path, message in problems:
        raise SpecError(directory / "catalogue.json", json_path, message)
    spec.links.update(links)
    return spec


@lru_cache(maxsize=1)
def default_spec() -> Spec:
    return load_spec()
