"""Light and dark themes: the system's choice (Qt 6.5+ colour scheme) unless the user picks one.

One stylesheet, `resources/style.qss`, with `$name` placeholders filled from the palette here,
and a matching QPalette so widgets the stylesheet does not name follow too.
"""

from __future__ import annotations

from string import Template

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from ..shipped import resource

SYSTEM, LIGHT, DARK = "system", "light", "dark"
THEMES = (SYSTEM, LIGHT, DARK)

PALETTES = {
    LIGHT: {
        "page": "#fcfcfa",
        "panel": "#ffffff",
        "panel_alt": "#f5f6f7",
        "chrome": "#eceef0",
        "ink": "#1f2328",
        "muted": "#4b5563",
        "rule": "#d0d7de",
        "accent": "#3b82f6",
        "on_accent": "#ffffff",
        "highlight": "#dbeafe",
    },
    DARK: {
        "page": "#1e2024",
        "panel": "#25282d",
        "panel_alt": "#2b2f35",
        "chrome": "#30343a",
        "ink": "#e6e6e3",
        "muted": "#a8b0ba",
        "rule": "#3d434b",
        "accent": "#4c8ef7",
        "on_accent": "#ffffff",
        "highlight": "#2f4a72",
    },
}


def resolve(choice: str) -> str:
    """The theme to show: the user's choice, or the system's colour scheme for "system"."""
    if choice in (LIGHT, DARK):
        return choice
    scheme = QGuiApplication.styleHints().colorScheme()
    return DARK if scheme == Qt.ColorScheme.Dark else LIGHT


def stylesheet(theme: str) -> str:
    template = Template(resource("style.qss").read_text(encoding="utf-8"))
    return template.substitute(PALETTES[theme])


def palette(theme: str) -> QPalette:
    colors = PALETTES[theme]
    result = QPalette()
    roles = {
        QPalette.ColorRole.Window: "chrome",
        QPalette.ColorRole.WindowText: "ink",
        QPalette.ColorRole.Base: "panel",
        QPalette.ColorRole.AlternateBase: "panel_alt",
        QPalette.ColorRole.Text: "ink",
        QPalette.ColorRole.Button: "chrome",
        QPalette.ColorRole.ButtonText: "ink",
        QPalette.ColorRole.ToolTipBase: "panel",
        QPalette.ColorRole.ToolTipText: "ink",
        QPalette.ColorRole.PlaceholderText: "muted",
        QPalette.ColorRole.Highlight: "accent",
        QPalette.ColorRole.HighlightedText: "on_accent",
    }
    for role, name in roles.items():
        result.setColor(role, QColor(colors[name]))
    return result


def apply_theme(app: QApplication, choice: str = SYSTEM) -> str:
    """Style the whole application; returns the theme shown (light or dark)."""
    theme = resolve(choice)
    # The same theme again would change nothing but restyle every widget (~15 ms at start-up,
    # where the app is styled before the window exists and the window restores the user's choice).
    if app.property("annotatorTheme") != theme:
        app.setPalette(palette(theme))
        app.setStyleSheet(stylesheet(theme))
        app.setProperty("annotatorTheme", theme)
    return theme
