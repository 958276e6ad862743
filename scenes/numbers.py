"""Numbers as they appear on screen, formatted from data in the course's locale.

Every separator comes from CLDR through Babel: the decimal mark and the grouping of thousands
(``1,234.5`` in English, ``1.234,5`` in Italian and German, ``1'234.5`` in Swiss German), the percent
sign's spacing, and how a list ends (``a, b, and c``; ``a, b e c``). A locale is a language code,
optionally with a region (``de-CH``, ``pt-BR``).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.lists import format_list
from babel.numbers import format_decimal, get_decimal_symbol
from babel.numbers import format_percent as babel_percent

__all__ = [
    "BIDI_MARKS",
    "format_list",
    "format_number",
    "format_percent",
    "format_point",
    "format_tex_number",
    "known_locale",
    "listed",
    "tex_list_separator",
]

MINUS = "−"
# Marks CLDR puts around signs in right-to-left locales; TeX has no use for them.
BIDI_MARKS = "\u200e\u200f\u061c"


@cache
def known_locale(tag: str) -> Locale:
    """The Babel locale of ``tag`` (``it``, ``de-CH``, ``pt_BR``; ``en+long`` is ``en``).

    Raises ``ValueError`` for a tag CLDR does not know.
    """
    plain = tag.split("+", 1)[0].replace("_", "-")
    try:
        return Locale.parse(plain, sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        raise ValueError(f"{tag!r} is not a locale CLDR knows") from None


def _pattern(digits: int) -> str:
    return "#,##0" + ("." + "0" * digits if digits > 0 else "")


def _signs(text: str) -> str:
    """A proper minus sign (U+2212) instead of the hyphen CLDR writes in most locales."""
    return text.replace("-", MINUS)


def format_number(value: float | int | None, digits: int = 2, locale: str = "en", latin: bool = False) -> str:
    """``value`` with ``digits`` decimals (integers as they are) in ``locale``; ``None`` or NaN as an
    em dash. ``latin``: Latin digits whatever the locale's own (for TeX)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, float) and math.isinf(value):
        return "∞" if value > 0 else MINUS + "∞"
    where = known_locale(locale)
    system = "latn" if latin else "default"
    if isinstance(value, int):
        return _signs(format_decimal(value, format="#,##0", locale=where, numbering_system=system))
    rounded = Decimal(f"{value:.{digits}f}")
    if rounded == 0:
        rounded = abs(rounded)  # −0.00 is 0.00
    return _signs(format_decimal(rounded, format=_pattern(digits), locale=where, numbering_system=system,
                                 decimal_quantization=True))


def decimal_mark(locale: str) -> str:
    """The locale's decimal separator."""
    return get_decimal_symbol(known_locale(locale))


def format_point(values: tuple[float, ...] | list[float], digits: int = 2, locale: str = "en") -> str:
    """A point as ``(1.50, −1.00)``; ``(1,50; −1,00)`` where the decimal mark is a comma."""
    separator = "; " if decimal_mark(locale) in (",", "٫") else ", "
    return "(" + separator.join(format_number(float(v), digits, locale) for v in values) + ")"


def format_percent(share: float | None, locale: str = "en") -> str:
    """A share in [0, 1] as a whole percentage in ``locale`` (``58%``, ``58 %``)."""
    if share is None or math.isnan(share):
        return "—"
    # The shortest decimal that is the share (23/40 is 0.575), rounded half up: 58%, never 57%.
    whole = (Decimal(repr(float(share))) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return _signs(babel_percent(whole / 100, locale=known_locale(locale)))


def listed(items: list[str], locale: str = "en") -> str:
    """``items`` as one phrase, ending the locale's way (``a, b, and c``; ``a, b e c``)."""
    return format_list(list(items), locale=known_locale(locale)) if items else ""


def format_tex_number(value: float | int | None, digits: int = 2, locale: str = "en") -> str:
    """Like :func:`format_number`, for MathTex: Latin digits, commas in braces so TeX adds no space
    after them, a thin space where the locale groups with a space."""
    text = format_number(value, digits, locale, latin=True).replace(MINUS, "-")
    if text == "—":
        return r"\text{---}"
    text = "".join(c for c in text if c not in BIDI_MARKS)
    swaps = {",": "{,}", "'": r"\text{'}", "’": r"\text{'}", "\u202f": r"\,", "\xa0": r"\,",
             " ": r"\,", "٫": "{,}", "٬": "{,}", "∞": r"\infty"}
    return "".join(swaps.get(c, c) for c in text)


def tex_list_separator(locale: str = "en") -> str:
    """What separates the items of a tuple in MathTex: a comma, a semicolon with decimal commas."""
    return r";\ " if decimal_mark(locale) in (",", "٫") else r",\ "
