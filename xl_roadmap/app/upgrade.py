"""Use case «Обновить шаблон»: a book made with an older template version → a new book of the current template
with every value carried, and the list of what moved, what the new template adds and what it cannot hold.

The input is only read; the new book is written atomically beside nothing it could replace unless asked.
Outcome: 0 — written, every value carried; 1 — written, some values could not be carried (listed: they stay
in the old book); 2 — nothing written, with a Russian reason naming the file.

A book of the current template is rewritten too when it is macro-enabled and its xlwings module is another
version than the one a build now embeds (an .xlsm made by another xl-roadmap): its buttons call that version's
DLL or AppleScript, so they fail here, and the copy gets the installed one (``excel doctor BOOK`` sends here).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xl_roadmap.app.new_book import (
    edition_of,
    refusal_for_book,
    refusal_for_rollup,
    refusal_for_target,
    write_book,
)
from xl_roadmap.core.carry import Left, Placed
from xl_roadmap.core.grid_reader import GridReader
from xl_roadmap.core.upgrade import Added, upgraded, version_tuple
from xl_roadmap.core.values import display
from xl_roadmap.io.atomic import OutputError
from xl_roadmap.io.vba.embedded import xlwings_module_version
from xl_roadmap.io.vba.project import VbaBuildError, xlwings_vba_version
from xl_roadmap.io.workbook_file import ReadError, open_grids
from xl_roadmap.spec import Spec, default_spec

SHOWN = 20        # moved values listed in the terminal and the message box (all of them in --json)


@dataclass
class UpgradeOutcome:
    source: str
    output: str | None = None
    from_version: str = ""
    to_version: str = ""
    carried: int = 0
    moved: list[Placed] = field(default_factory=list)
    added: list[Added] = field(default_factory=list)
    left: list[Left] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    reason: str | None = None
    current: bool = False           # the book already is of the current template: nothing to do
    modules: tuple[str, str] | None = None    # (the book's xlwings module, the installed one) when they differ

    @property
    def exit_code(self) -> int:
        if self.current:
            return 0
        if self.output is None:
            return 2
        return 1 if self.left else 0

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source, "output": self.output, "reason": self.reason,
            "from_version": self.from_version, "to_version": self.to_version, "carried": self.carried,
            "moved": [{"from": f"{p.sheet}!{p.cell}", "to": f"{p.new_sheet}!{p.new_cell}", "value": display(p.value)}
                      for p in self.moved],
            "added": [{"sheet": a.sheet, "label": a.label, "place": a.place, "since": a.since} for a in self.added],
            "sheets_carried_as_values": self.sheets,
            "not_carried": [{"where": f"{x.sheet}!{x.cell}", "value": display(x.value), "why": x.why}
                            for x in self.left],
        }

    def lines(self) -> list[str]:
        """What a person reads after the upgrade (terminal and message box)."""
        if self.current:
            return [f"{self.source}: книга уже сделана по текущему шаблону {self.to_version} — обновлять нечего."]
        if self.output is None:
            return [f"{self.source}: книга не обновлена — {self.reason}"]
        if self.from_version == self.to_version and self.modules:
            head = (f"Книга переписана: {self.output} (шаблон {self.to_version}; модуль xlwings {self.modules[0]} → "
                    f"{self.modules[1]}, кнопки книги работают с установленным xlwings).")
        else:
            head = f"Книга обновлена: {self.output} (шаблон {self.from_version} → {self.to_version})."
        out = [head,
               f"Перенесено значений: {self.carried}, из них на другое место: {len(self.moved)}."]
        for p in self.moved[:SHOWN]:
            out.append(f"  {p.sheet}!{p.cell} → {p.new_sheet}!{p.new_cell}: «{display(p.value)}»")
        if len(self.moved) > SHOWN:
            out.append(f"  … и ещё {len(self.moved) - SHOWN} (все — в выводе --json)")
        if self.sheets:
            out.append("Листы книги, перенесённые значениями (без форматов и ссылок): "
                       + ", ".join(f"«{s}»" for s in self.sheets) + ".")
        if self.added:
            out.append("В новом шаблоне появились:")
            out += [f"  «{a.label}» — лист «{a.sheet}», {a.place} (версия {a.since})" for a in self.added]
        if self.left:
            out.append(f"Не перенесено: {len(self.left)} — эти значения остались только в исходной книге:")
            out += [f"  {x.sheet}!{x.cell} «{display(x.value)}»: {x.why}" for x in self.left[:SHOWN]]
            if len(self.left) > SHOWN:
                out.append(f"  … и ещё {len(self.left) - SHOWN} (все — в выводе --json)")
        return out


def upgrade_file(source: Path | str, out: Path | str, *, overwrite: bool = False,
                 spec: Spec | None = None) -> UpgradeOutcome:
    spec = spec or default_spec()
    source, out = Path(source), Path(out)
    refusal = refusal_for_target(source, out, overwrite)
    if refusal is not None:
        return UpgradeOutcome(source=str(source), reason=refusal, to_version=spec.template_version)
    try:
        # only a macro-enabled copy gets a module; to an .xlsx the template alone decides
        modules = _other_xlwings_module(source) if out.suffix.lower() == ".xlsm" else None
        with open_grids(source) as grids:
            return upgrade_grids(grids, str(source), out, spec, modules=modules)
    except ReadError as exc:
        return UpgradeOutcome(source=str(source), reason=exc.reason, to_version=spec.template_version)


def _other_xlwings_module(book: Path) -> tuple[str, str] | None:
    """(the book's xlwings module version, the one a build embeds now) when they differ; None otherwise."""
    try:
        embedded, now = xlwings_module_version(book), xlwings_vba_version()
    except VbaBuildError:           # no xlwings here to compare with: the template decides alone
        return None
    return (embedded, now) if embedded and now and embedded != now else None


def upgrade_grids(grids, name: str, out: Path, spec: Spec | None = None, *,
                  modules: tuple[str, str] | None = None) -> UpgradeOutcome:
    """The book seen as grids (a file, or a book open in Excel) → the upgraded book at ``out``. ``modules``: the
    book's xlwings module and the installed one, when they differ (a book of the current template is then
    rewritten as well)."""
    spec = spec or default_spec()
    outcome = UpgradeOutcome(source=name, to_version=spec.template_version, modules=modules)
    data = GridReader(spec).read_grids(grids, name, "")
    outcome.reason = refusal_for_book(data, spec) or refusal_for_rollup(data, spec, "rollup_upgrade")
    if outcome.reason is not None:
        return outcome
    outcome.from_version = data.org_text("template_version")
    version, current = version_tuple(outcome.from_version), version_tuple(spec.template_version)
    if version is None or version > current:
        outcome.reason = (f"версия шаблона книги «{outcome.from_version}» новее этой программы (шаблон "
                          f"{spec.template_version}) или не версия: обновите xl-roadmap")
        return outcome
    if version == current and modules is None:
        outcome.current = True
        return outcome
    result = upgraded(data, grids, version, spec)
    edition = data.organisation.get("edition")
    if edition is not None and not edition.empty and data.org_text("edition") not in spec.editions:
        result.left.append(Left(edition.sheet, edition.address, edition.value,
                                f"редакция каталога неизвестна этой программе; в новой книге — {spec.default_edition}"))
    try:
        write_book(out, result.content, edition_of(data, spec), spec)
    except OutputError as exc:
        outcome.reason = str(exc)
        return outcome
    outcome.output = str(out)
    outcome.carried = len(result.placed)
    outcome.moved, outcome.added, outcome.left, outcome.sheets = result.moved, result.added, result.left, result.sheets
    return outcome
