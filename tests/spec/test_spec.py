"""The spec: schema-checked at load time; a broken spec names its file and JSON path."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tests.support.spec_files import copy_spec, edit_json
from xl_roadmap.spec import SpecError, default_spec, load_spec


@pytest.fixture
def spec_copy(tmp_path) -> Path:
    return copy_spec(tmp_path)


_edit = edit_json


def test_shipped_spec_loads_with_required_editions():
    spec = load_spec()
    assert {"r170_2023", "amur_2022", "botlikh_muko_2022"} <= set(spec.editions)
    assert len(spec.edition("amur_2022").indicators) >= 44
    r170 = spec.edition("r170_2023")
    for code in ("П1", "П2", "П4", "П11", "П20", "П24", "П27"):
        assert r170.get(code) is not None, code
    kinds = {i.kind for e in spec.editions.values() for i in e.indicators}
    assert {"share", "ratio", "count"} <= kinds


def test_catalogue_kind_outside_enum_names_file_and_path(spec_copy):
    _edit(spec_copy / "catalogue.json", lambda d: d["editions"][0]["indicators"][0].update(kind="percent"))
    with pytest.raises(SpecError) as err:
        load_spec(spec_copy)
    assert err.value.path.endswith("catalogue.json")
    assert err.value.json_path == "$.editions[0].indicators[0].kind"
    assert "catalogue.json" in str(err.value) and "$.editions[0].indicators[0].kind" in str(err.value)


def test_workbook_spec_missing_header_names_path(spec_copy):
    _edit(spec_copy / "workbook.json", lambda d: d["sheets"][2]["columns"][1].pop("header"))
    with pytest.raises(SpecError) as err:
        load_spec(spec_copy)
    assert err.value.path.endswith("workbook.json")
    assert err.value.json_path.startswith("$.sheets[2].columns[1]")


def test_invalid_json_names_line(spec_copy):
    (spec_copy / "rules.json").write_text('{"version": "1.0", ', encoding="utf-8")
    with pytest.raises(SpecError) as err:
        load_spec(spec_copy)
    assert err.value.path.endswith("rules.json") and "строка 1" in str(err.value)


def test_duplicate_indicator_code_is_refused(spec_copy):
    def dup(d):
        inds = d["editions"][0]["indicators"]
        inds.append(dict(inds[0]))
    _edit(spec_copy / "catalogue.json", dup)
    with pytest.raises(SpecError) as err:
        load_spec(spec_copy)
    assert "повторяются коды" in str(err.value)


def test_formula_with_unknown_column_is_refused(spec_copy):
    def broken(d):
        for sheet in d["sheets"]:
            for col in sheet.get("columns", []):
                if col.get("formula"):
                    col["formula"] = col["formula"] + "+{no_such_column}"
                    return
    _edit(spec_copy / "workbook.json", broken)
    with pytest.raises(SpecError) as err:
        load_spec(spec_copy)
    assert "no_such_column" in str(err.value)


def test_cli_reports_broken_spec_without_traceback(spec_copy, monkeypatch, capsys):
    import sys

    from xl_roadmap import cli
    from xl_roadmap.spec import loader

    _edit(spec_copy / "catalogue.json", lambda d: d["editions"][0].pop("indicators"))
    monkeypatch.setattr(loader, "SPEC_DIR", spec_copy)
    monkeypatch.setattr(sys, "argv", ["xl-roadmap", "template", "school", "-o", str(spec_copy / "x.xlsx")])
    loader.default_spec.cache_clear()
    try:
        with pytest.raises(SystemExit) as ex:
            cli.run()
    finally:
        loader.default_spec.cache_clear()
    assert ex.value.code == 3
    err = capsys.readouterr().err
    assert "catalogue.json" in err and "$.editions[0]" in err and "Traceback" not in err
    assert not (spec_copy / "x.xlsx").exists()


@pytest.mark.parametrize("typed, meant", [
    ("П1", "П1"), ("п1", "П1"), (" П 1 ", "П1"), ("П-1", "П1"), ("П–1", "П1"), ("P1", "П1"), ("p1", "П1"),
    ("Р1", "П1"), ("П99", None), ("1", None), ("", None)])
def test_a_loosely_typed_code_resolves_to_the_one_entry_it_names(typed, meant):
    entry = default_spec().edition("r170_2023").resolve(typed)
    assert (entry.code if entry else None) == meant


def test_loose_codes_cover_other_prefixes_and_never_guess_between_two_entries():
    spec = default_spec()
    assert spec.edition("botlikh_muko_2022").resolve("m 1.2").code == "М1.2"      # Latin m
    assert spec.edition("strezhevoy_2022").resolve("c3").code == "С3"             # Latin c
    r170 = spec.edition("r170_2023")
    both = dataclasses.replace(r170, indicators=r170.indicators + (
        dataclasses.replace(r170.get("П1"), code="Р1"),))                        # Cyrillic er: same key as П1
    assert both.resolve("П1").code == "П1" and both.resolve("Р1").code == "Р1"   # exact codes still win
    assert both.resolve("p1") is None                                             # ambiguous: no guess


@pytest.mark.parametrize("supersedes, words", [(["no-such-rule"], "нет правила «no-such-rule»"),
                                               (["action-overdue"], "вытесняют друг друга")])
def test_supersedes_must_name_another_rule_and_never_both_ways(spec_copy, supersedes, words):
    """One of two contradicting findings must win: a rule naming no rule, or two rules superseding each other,
    is refused at load time."""
    def edit(d):
        d["rules"]["action-overdue"]["supersedes"] = ["deadline-outside-period"] if "action-overdue" in supersedes \
            else supersedes
    _edit(spec_copy / "rules.json", edit)
    with pytest.raises(SpecError) as err:
        load_spec(spec_copy)
    assert err.value.path.endswith("rules.json") and words in str(err.value)
    assert err.value.json_path.startswith("$.rules.")


def test_a_grouped_line_lists_only_what_its_rule_says(spec_copy):
    """«{code}» in action-no-deadline's grouped line would be «?» in every such line: its message has no code."""
    _edit(spec_copy / "rules.json",
          lambda d: d["rules"]["action-no-deadline"].update(grouped="Без срока: {count} — {code} ({cells})."))
    with pytest.raises(SpecError) as err:
        load_spec(spec_copy)
    assert err.value.json_path == "$.rules.action-no-deadline.grouped" and "нет code" in str(err.value)
    _edit(spec_copy / "rules.json", lambda d: d.pop("grouping"))
    with pytest.raises(SpecError, match="grouping"):
        load_spec(spec_copy)


@pytest.mark.parametrize("edit, where, words", [
    (lambda a: a["buttons"][1].update(sub=a["buttons"][0]["sub"].upper()), "$.addin.buttons[1]", "уже занято"),
    (lambda a: a["buttons"][0].update(group="nowhere"), "$.addin.buttons[0].group", "нет группы"),
    (lambda a: a["buttons"][2].update(function=a["buttons"][0]["function"]), "$.addin.buttons", "одну функцию"),
    (lambda a: a["buttons"][0].update(sub="Ribbon Validate"), "$.addin.buttons[0].sub", "does not match"),
])
def test_addin_ribbon_names_are_checked(spec_copy, edit, where, words):
    """The ribbon's Subs and ids become VBA and customUI names: unique (without regard to case), known groups,
    one function per button, identifiers VBA accepts."""
    _edit(spec_copy / "workbook.json", lambda d: edit(d["addin"]))
    with pytest.raises(SpecError) as err:
        load_spec(spec_copy)
    assert err.value.json_path == where and words in str(err.value)


def test_catalogue_links_name_one_indicator_across_editions_and_only_that():
    spec = default_spec()
    spr = ("r170_2023:П25", "amur_2022:П44", "strezhevoy_2022:С5")     # declared on one side, closed over
    assert all(spec.same_indicator(ref) == spr for ref in spr)
    assert spec.same_indicator("amur_2022:П27") == ("amur_2022:П27",)   # П27 of Р-170 is another indicator
    assert spec.same_indicator("amur_2022:П1") == ("amur_2022:П1",)
    # «edition:code» is that edition's entry, under that name, in a book of any edition
    foreign = spec.edition("r170_2023").resolve("amur_2022:П27")
    assert (foreign.code, foreign.kind, foreign.ref) == ("amur_2022:П27", "share", "amur_2022:П27")
    assert foreign.name == spec.edition("amur_2022").get("П27").name
    assert spec.edition("r170_2023").resolve("amur_2022:П99") is None


@pytest.mark.parametrize("edit, says", [
    (lambda inds: inds["П1"].update(same_as=["amur_2022:П1"]), "различаются kind"),        # a share, a growth rate
    (lambda inds: inds["П1"].update(same_as=["amur_2022:П99"]), "нет такого показателя"),
    (lambda inds: inds["П1"].update(same_as=["r170_2023:П2"]), "нет такого показателя в другой редакции"),
    (lambda inds: inds["П18"].update(same_as=["amur_2022:П44"]), "два показателя одной редакции"),   # П25 too
])
def test_a_link_that_is_not_one_indicator_is_refused(spec_copy, edit, says):
    def linked(d):
        edit({i["code"]: i for i in d["editions"][0]["indicators"]})
    _edit(spec_copy / "catalogue.json", linked)
    with pytest.raises(SpecError) as err:
        load_spec(spec_copy)
    assert err.value.path.endswith("catalogue.json") and says in str(err.value)
