"""Operating-system errors told in Russian: the system's own text is English (or the OS language)."""

from __future__ import annotations

import errno

_REASONS = {
    errno.EACCES: "нет прав на запись или файл открыт в другой программе",
    errno.EPERM: "операция запрещена системой",
    errno.EROFS: "диск или папка только для чтения",
    errno.ENOSPC: "на диске не осталось места",
    errno.ENOENT: "такого файла или папки нет",
    errno.EISDIR: "это папка, а не файл",
    errno.ENOTDIR: "часть пути — не папка",
    errno.ENAMETOOLONG: "слишком длинное имя файла",
    errno.EBUSY: "файл занят другой программой",
}
if hasattr(errno, "EDQUOT"):
    _REASONS[errno.EDQUOT] = "исчерпана квота диска"


def os_reason(exc: OSError) -> str:
    """What went wrong, in Russian; the system's code stays in brackets for whoever helps the user."""
    code = errno.errorcode.get(exc.errno or 0, "")
    known = _REASONS.get(exc.errno or 0)
    if known:
        return f"{known} ({code})" if code else known
    return f"ошибка системы {code or type(exc).__name__}"
