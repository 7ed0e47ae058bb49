"""workbook.json → addin as typed data: the ribbon tab of the add-in, its buttons, their VBA Subs and Python
functions (the loader checks the JSON Schema first, then :func:`addin_problems`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AddinButton:
    """A ribbon button of the add-in: its VBA Sub (``Public Sub {sub}(control As IRibbonControl)``) runs
    ``function`` of the add-in's Python module through RunPython."""

    id: str
    label: str
    sub: str
    function: str
    needs_book: bool         # works on the active workbook, which must be one of ours
    group: str
    image: str               # an Office icon (imageMso)
    screentip: str


@dataclass(frozen=True)
class AddinGroup:
    id: str
    label: str


@dataclass(frozen=True)
class AddinSpec:
    """workbook.json → addin: the ribbon tab of xl-roadmap.xlam, read by the ribbon XML, the VBA check and the
    Python door alike."""

    file: str
    module: str              # the VBA module of the ribbon Subs (macros/{module}.bas)
    python_module: str
    tab_id: str
    tab_label: str
    sheet_name: str
    sheet_lines: tuple[str, ...]
    groups: tuple[AddinGroup, ...]
    buttons: tuple[AddinButton, ...]

    def command(self, button: AddinButton) -> str:
        """The Python statement the button's Sub hands to RunPython."""
        return f"import {self.python_module} as a; a.{button.function}()"

    def button(self, button_id: str) -> AddinButton:
        return next(b for b in self.buttons if b.id == button_id)


def addin_from_json(raw: dict) -> AddinSpec:
    return AddinSpec(
        file=raw["file"], module=raw["module"], python_module=raw["python_module"], tab_id=raw["tab"]["id"],
        tab_label=raw["tab"]["label"], sheet_name=raw["sheet"]["name"], sheet_lines=tuple(raw["sheet"]["lines"]),
        groups=tuple(AddinGroup(**g) for g in raw["groups"]), buttons=tuple(AddinButton(**b) for b in raw["buttons"]))


def addin_problems(addin: AddinSpec) -> list[tuple[str, str]]:
    """What JSON Schema cannot check, as (JSON path, Russian message): known groups, unique names."""
    problems = []
    groups = {g.id for g in addin.groups}
    # ids name ribbon controls and Subs name VBA procedures: both must be unique (VBA and Excel compare them
    # without regard to case)
    taken = [addin.tab_id, addin.module] + [g.id for g in addin.groups]
    for i, button in enumerate(addin.buttons):
        where = f"$.addin.buttons[{i}]"
        if button.group not in groups:
            problems.append((f"{where}.group", f"нет группы «{button.group}» в addin.groups"))
        for name in (button.id, button.sub):
            if name.lower() in {x.lower() for x in taken}:
                problems.append((where, f"имя «{name}» уже занято на ленте или в модуле VBA"))
            taken.append(name)
    functions = [b.function for b in addin.buttons]
    if len(set(functions)) != len(functions):
        problems.append(("$.addin.buttons", "две кнопки вызывают одну функцию Python"))
    return problems
