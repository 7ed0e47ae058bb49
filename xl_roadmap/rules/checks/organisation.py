"""Rules for the «Сведения» sheet: required details, template version, edition, period."""

from __future__ import annotations

from datetime import date

from xl_roadmap.rules.registry import Context, rule


def _version_tuple(text: str) -> tuple[int, ...] | None:
    try:
        return tuple(int(p) for p in text.split("."))
    except ValueError:
        return None


@rule
def required_fields(ctx: Context):
    form = ctx.spec.sheet("organisation")
    for fld in form.fields:
        cell = ctx.data.organisation.get(fld.id)
        if fld.required and cell is not None and cell.empty:
            yield ctx.make.make("org-required-empty", cell.sheet, cell.address, None, label=fld.label)


@rule
def template_version(ctx: Context):
    cell = ctx.data.organisation.get("template_version")
    if cell is None or cell.empty:
        return
    seen = ctx.data.org_text("template_version")
    current = ctx.spec.template_version
    got, want = _version_tuple(seen), _version_tuple(current)
    if got is None or got > want:
        yield ctx.make.make("template-version-unknown", cell.sheet, cell.address, seen, current=current)
    elif got[:1] < want[:1]:
        # a minor version only adds optional columns (ColumnSpec.since): such a book is read whole
        yield ctx.make.make("template-version-old", cell.sheet, cell.address, seen, current=current)


@rule
def edition(ctx: Context):
    cell = ctx.data.organisation.get("edition")
    if cell is None or cell.empty or ctx.analysis.edition_known:
        return
    yield ctx.make.make("edition-unknown", cell.sheet, cell.address, ctx.data.org_text("edition"),
                        known=", ".join(ctx.spec.editions), used=ctx.analysis.edition.id)


@rule
def period(ctx: Context):
    cell = ctx.data.organisation.get("period")
    if cell is None or cell.empty or ctx.analysis.period is not None:
        return
    yield ctx.make.make("period-invalid", cell.sheet, cell.address, ctx.data.org_text("period"))


@rule
def document_date(ctx: Context):
    cell = ctx.data.organisation.get("doc_date")
    if cell is None or not isinstance(cell.value, date):
        return
    if cell.value > ctx.analysis.as_of:
        yield ctx.make.make("doc-date-future", cell.sheet, cell.address, cell.value, as_of=ctx.analysis.as_of)
