"""Fault tests: the real-window fixtures, and the kill helpers every crash test shares."""

from __future__ import annotations

# tests/ is the import root of the test packages: the real-window fixtures come from tests/ui.
from killing import integrity_ok, run_until_marker  # noqa: F401
from ui.conftest import project, settings, window  # noqa: F401
