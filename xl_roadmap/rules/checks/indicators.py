"""Rules for the «Показатели» sheet: codes against the catalogue, duplicates, arithmetic, units, norms."""

from __future__ import annotations

from xl_roadmap.core import indicators as ind
from xl_roadmap.core.analysis import IndicatorResult
from xl_roadmap.core.chronology import impossible
from xl_roadmap.core.values import clean_text
from xl_roadmap.rules.registry import Context, rule

_SHARE_KINDS = ("share",)
_DIRECTION_TEXT = {"higher": "чем больше, тем лучше", "lower": "чем меньше, тем лучше"}


def _coded(ctx: Context) -> list[IndicatorResult]:
    return [r for r in ctx.analysis.indicators if r.code]


def _norm_name(text: str) -> str:
    return " ".join(clean_text(text).lower().replace("ё", "е").split())


def _suggest(ctx: Context, result: IndicatorResult) -> str:
    """The catalogue entry whose code alias or name matches what the row says, as a hint."""
    code = _norm_name(result.code)
    name = _norm_name(result.row.text("name"))
    for entry in ctx.analysis.edition.indicators:
        aliases = {_norm_name(a) for a in entry.aliases}
        if code in aliases or (name and (name == _norm_name(entry.name) or name in aliases)):
            return f" Возможно, имелся в виду {entry.code} «{entry.name}»."
    return ""


@rule
def unknown_codes(ctx: Context):
    for r in _coded(ctx):
        if r.entry is None:
            cell = r.row["code"]
            yield ctx.make.make("indicator-code-unknown", cell.sheet, cell.address, r.code,
                                edition=ctx.analysis.edition.id, suggestion=_suggest(ctx, r))


@rule
def loose_codes(ctx: Context):
    for r in _coded(ctx):
        typed = r.row.text("code")
        if r.entry is not None and typed != r.entry.code:
            cell = r.row["code"]
            yield ctx.make.make("indicator-code-loose", cell.sheet, cell.address, typed, code=r.entry.code,
                                name=r.entry.name)


@rule
def name_from_catalogue(ctx: Context):
    """A code chosen from the list without its name is no gap: the name is the catalogue's (the analysis, the
    roll-up and the «Проверка» copy use it); one note for the book says where the names came from."""
    named = [r for r in _coded(ctx) if r.name_from_catalogue]
    if not named:
        return
    cell = named[0].row["name"]
    names = "; ".join(dict.fromkeys(f"{r.code} «{r.name}»" for r in named))
    yield ctx.make.make("indicator-name-from-catalogue", cell.sheet, cell.address, None, names=names,
                        edition=ctx.analysis.edition.id)


@rule
def duplicates(ctx: Context):
    # names compared as the analysis has them: an empty name is the catalogue's, no other indicator
    first_by_code: dict[str, IndicatorResult] = {}
    first_by_key: dict[tuple[str, str], IndicatorResult] = {}
    for r in _coded(ctx):
        first = first_by_code.setdefault(r.code, r)
        cell = r.row["code"]
        if first is not r and _norm_name(first.name) != _norm_name(r.name):
            yield ctx.make.make("indicator-code-name-conflict", cell.sheet, cell.address, r.code,
                                name=r.name, row=r.row.row, other_name=first.name, other_row=first.row.row)
            continue
        key = (r.code, clean_text(r.row.text("period")).lower())
        other = first_by_key.setdefault(key, r)
        if other is not r:
            yield ctx.make.make("indicator-duplicate", cell.sheet, cell.address, r.code,
                                period=r.row.text("period"), other_row=other.row.row)


@rule
def arithmetic(ctx: Context):
    for r in _coded(ctx):
        num_cell, den_cell = r.row["numerator"], r.row["denominator"]
        negative = False
        if r.kind != "score":
            for col_id, cell, v in (("numerator", num_cell, r.numerator), ("denominator", den_cell, r.denominator)):
                if v is not None and v < 0:
                    negative = True
                    yield ctx.make.make("negative-count", cell.sheet, cell.address, v,
                                        column=ctx.spec.sheet("indicators").column(col_id).header)
        if negative or r.kind not in _SHARE_KINDS:
            continue
        if r.numerator is not None and r.denominator is not None and r.numerator > r.denominator:
            yield ctx.make.make("numerator-gt-denominator", num_cell.sheet, num_cell.address, r.numerator,
                                numerator=r.numerator, denominator=r.denominator, code=r.code)
        elif r.value is not None and not 0 <= r.value <= 100:
            cell = r.row["value"]
            yield ctx.make.make("share-out-of-range", cell.sheet, cell.address, r.value, code=r.code)


@rule
def share_scale(ctx: Context):
    """A share typed as a fraction (0,48) beside shares typed as 0–100 is almost surely 48 %."""
    shares = [r for r in _coded(ctx) if r.kind in _SHARE_KINDS and r.value is not None]
    if not any(r.value > 1 for r in shares):
        return
    for r in shares:
        if r.computed is None and r.typed is not None and 0 < r.typed < 1:
            cell = r.row["value"]
            yield ctx.make.make("share-as-fraction", cell.sheet, cell.address, r.typed, code=r.code,
                                percent=r.typed * 100)


@rule
def ratio_with_percent(ctx: Context):
    for r in _coded(ctx):
        if r.kind not in ("ratio", "rate"):
            continue
        for col_id in ("value", "numerator", "norm"):
            cell = r.row[col_id]
            if cell.note == "percent_sign":
                yield ctx.make.make("ratio-with-percent", cell.sheet, cell.address, cell.raw, code=r.code,
                                    unit=r.entry.unit)


@rule
def typed_value(ctx: Context):
    tolerance = float(ctx.spec.rule_settings.get("value_tolerance", 1e-6))
    for r in _coded(ctx):
        cell = r.row["value"]
        if r.computed is not None and r.typed is not None:
            if abs(r.computed - r.typed) > tolerance * max(1.0, abs(r.computed)):
                yield ctx.make.make("value-mismatch", cell.sheet, cell.address, r.typed, code=r.code,
                                    computed=round(r.computed, 6))


@rule
def without_data(ctx: Context):
    """A row with a code and no figures is the school saying «no data» for it — what a handed-down book holds
    for every indicator the school does not measure. One note for the book lists them, none per row; the
    roll-up shows «нет данных» for the school. Rows a district enters itself are not the school's to fill."""
    blank = [r for r in _coded(ctx) if r.blank and r.entry is not None and r.entry.aggregation != "district_entered"]
    if not blank:
        return
    cell = blank[0].row["numerator"]
    yield ctx.make.make("indicator-no-data", cell.sheet, cell.address, None, count=len(blank),
                        codes=", ".join(r.code for r in blank))


@rule
def period_from_book(ctx: Context):
    """Figures with «Период данных» empty are of the book's period (core.analysis); one note says so for all."""
    taken = [r for r in _coded(ctx) if r.period_from_book]
    if not taken:
        return
    cell = taken[0].row["period"]
    yield ctx.make.make("indicator-period-from-book", cell.sheet, cell.address, None, count=len(taken),
                        codes=", ".join(r.code for r in taken), period=taken[0].period)


@rule
def impossible_period(ctx: Context):
    """«2025-2024» or «2024-2026 уч. г.» is no period: the roll-up would make it one of its own and the school's
    figures would silently leave the real period's total."""
    book = ctx.analysis.period
    for r in _coded(ctx):
        typed = r.row.text("period")
        problem = impossible(typed, book.school_year if book else False) if typed else None
        if problem is not None:
            cell = r.row["period"]
            yield ctx.make.make("data-period-impossible", cell.sheet, cell.address, typed, code=r.code,
                                problem=ctx.spec.rule_settings["period_problems"][problem])


@rule
def not_summable(ctx: Context):
    """A roll-up sums numerators and denominators: a share given as its value alone (or with half of its
    fraction) counts at the school but falls out of every total above it."""
    for r in _coded(ctx):
        if r.entry is None or r.entry.aggregation != "ratio_of_sums":
            continue
        has_num, has_den = r.numerator is not None, r.denominator is not None
        if (has_num and has_den) or (not has_num and r.typed is None):
            continue              # complete, or no data at all (indicator-no-data says so)
        cell = r.row["denominator" if has_num else "numerator"]
        if has_num and r.entry.kind == "growth":
            # the previous period's value: a consolidation with an archive fills it (rollup.growth)
            yield ctx.make.make("growth-previous-missing", cell.sheet, cell.address, None, code=r.code)
            continue
        missing = "знаменателя" if has_num else "числителя" if has_den else "числителя и знаменателя"
        yield ctx.make.make("indicator-not-summable", cell.sheet, cell.address, None, code=r.code,
                            missing=missing)


@rule
def below_norm(ctx: Context):
    linked = {c for a in ctx.analysis.actions for c in a.codes}
    for r in _coded(ctx):
        if r.status != ind.NOT_ACHIEVED:
            continue
        cell = r.row["value"]
        code = "indicator-below-norm" if r.code in linked else "below-norm-no-action"
        yield ctx.make.make(code, cell.sheet, cell.address, r.value, code=r.code, norm=r.norm,
                            direction=_DIRECTION_TEXT.get(r.entry.direction if r.entry else "", ""))
