"""Numbers as they appear on screen, formatted from data in the course's language."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["TEX_LIST_SEPARATOR", "format_number", "format_percent", "format_point", "format_tex_number"]

DECIMAL_MARK = {"en": ".", "it": ","}
# With a decimal comma, the items of a tuple are separated by semicolons: (1,50; −1,00).
TEX_LIST_SEPARATOR = {"en": r",\ ", "it": r";\ "}


def format_number(value: float | int | None, digits: int = 2, language: str = "en") -> str:
    """``value`` with ``digits`` decimals (integers as they are); ``None`` or NaN as an em dash."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, float) and math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if isinstance(value, int):
        text = f"{value:d}"
    else:
        text = f"{value:.{digits}f}"
        if text.startswith("-") and float(text) == 0.0:
            text = text[1:]
    return text.replace("-", "−").replace(".", DECIMAL_MARK.get(language, "."))


def format_point(values: tuple[float, ...] | list[float], digits: int = 2, language: str = "en") -> str:
    """A point as ``(1.50, −1.00)``; ``(1,50; −1,00)`` where the decimal mark is a comma."""
    separator = "; " if DECIMAL_MARK.get(language, ".") == "," else ", "
    return "(" + separator.join(format_number(float(v), digits, language) for v in values) + ")"


def format_percent(share: float | None, language: str = "en") -> str:
    """A share in [0, 1] as a whole percentage (written alike in English and Italian)."""
    if share is None or math.isnan(share):
        return "—"
    # The shortest decimal that is the share (23/40 is 0.575), rounded half up: 58%, never 57%.
    whole = (Decimal(repr(float(share))) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{int(whole):d}%"


def format_tex_number(value: float | int | None, digits: int = 2, language: str = "en") -> str:
    """Like :func:`format_number`, for MathTex: a decimal comma in braces so TeX adds no space."""
    text = format_number(value, digits, language).replace("−", "-")
    if text == "—":
        return r"\text{---}"
    return text.replace(",", "{,}").replace("∞", r"\infty")
