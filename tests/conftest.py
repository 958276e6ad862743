"""Shared test set-up: frame tests that really run on Debian's cairo, with the default course."""

from __future__ import annotations

import manim.utils.testing.frames_comparison as frames_comparison_module
import pytest

from scenes.course import COURSE_ENV

# Debian 12 ships cairo 1.16; manim skips frame tests below 1.18. Control data here is generated on
# this machine type, so lower the bar and let every frame test run.
frames_comparison_module.MIN_CAIRO_VERSION = 0


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--set_test", action="store_true", default=False, help="write frame control data"
    )
    parser.addoption("--show_diff", action="store_true", default=False, help="show frame diffs")


@pytest.fixture(autouse=True)
def _default_course(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scenes given no course use the default one, whatever the environment says."""
    monkeypatch.delenv(COURSE_ENV, raising=False)
