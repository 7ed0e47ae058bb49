"""One refusal for every command that writes a new book: a file already there is never replaced unless the user
says --overwrite (it may be a book a school has begun to fill)."""

from __future__ import annotations

from pathlib import Path


def refusal_to_replace(out: Path, overwrite: bool) -> str | None:
    """Why ``out`` is not written (None when it may be)."""
    if out.exists() and not overwrite:
        return (f"файл «{out}» уже есть и не перезаписан (его могли начать заполнять): укажите другое имя или "
                f"добавьте --overwrite")
    return None
