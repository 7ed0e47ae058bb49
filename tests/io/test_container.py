"""The zip container is judged by its declared sizes before calamine or python-docx inflates a member: a bomb
is refused before anything is inflated, with a Russian reason, a big honest roll-up is not."""

from __future__ import annotations

import zipfile

import pytest

from tests.support.cli import invoke
from xl_roadmap.io.container import WORKBOOK_LIMITS, zip_members
from xl_roadmap.io.workbook_file import ReadError, read_workbook


def _bomb(path, member: str, megabytes: int):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open(member, "w") as fh:
            block = b"<si><t>0</t></si>" * 65536
            for _ in range(megabytes * 1024 * 1024 // len(block)):
                fh.write(block)
    return path


def test_a_shared_strings_bomb_is_refused_at_once(tmp_path):
    bomb = _bomb(tmp_path / "школа.xlsx", "xl/sharedStrings.xml", 64)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(ReadError) as exc:
        read_workbook(bomb)
    assert "zip-бомб" in exc.value.reason and "sharedStrings" in exc.value.reason
    r = invoke("validate", str(bomb))
    assert r.exit_code == 2 and "zip-бомб" in r.output


def test_declared_sizes_over_the_limits_are_refused(tmp_path, monkeypatch):
    path = _bomb(tmp_path / "big.xlsx", "xl/worksheets/sheet1.xml", 3)
    import xl_roadmap.io.container as container

    monkeypatch.setattr(container, "WORKBOOK_LIMITS", container.Limits(
        member_bytes=2 * 1024 * 1024, total_bytes=10 * 1024 * 1024, ratio=10_000, what="книга Excel", what_accusative="книгу Excel"))
    with pytest.raises(ReadError, match="распаковывается в .* МБ .* не похоже на книгу Excel"):
        zip_members(path, container.WORKBOOK_LIMITS)
    monkeypatch.setattr(container, "WORKBOOK_LIMITS", container.Limits(
        member_bytes=10 * 1024 * 1024, total_bytes=2 * 1024 * 1024, ratio=10_000, what="книга Excel", what_accusative="книгу Excel"))
    with pytest.raises(ReadError, match="в распакованном виде"):
        zip_members(path, container.WORKBOOK_LIMITS)


def test_the_real_limits_let_a_region_sized_rollup_through():
    # a 1,000-school district roll-up: a ~400 MB sheet compressed ~12 times
    assert WORKBOOK_LIMITS.member_bytes >= 400 * 1024 * 1024 and WORKBOOK_LIMITS.ratio >= 12
