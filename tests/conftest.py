from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support import libreoffice

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def lo_profile(tmp_path_factory) -> Path:
    if libreoffice.soffice() is None:
        if os.environ.get("CI") or os.environ.get("XL_ROADMAP_REQUIRE_LO"):
            pytest.fail("LibreOffice (soffice) не найден: scripts/install-libreoffice.sh должен был его установить")
        pytest.skip("LibreOffice не установлен (scripts/install-libreoffice.sh)")
    return tmp_path_factory.mktemp("lo_profile")


@pytest.fixture
def lo_convert(lo_profile, tmp_path):
    def run(src: Path, fmt: str = "xlsx") -> Path:
        return libreoffice.convert(Path(src), tmp_path / f"lo_{fmt}", fmt, lo_profile)
    return run
