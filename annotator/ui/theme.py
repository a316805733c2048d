"""Light and dark themes: the system's choice (Qt 6.5+ colour scheme) unless the user picks one.

Colours are palettes, not a stylesheet: any application stylesheet, even a one-rule one, sends
every widget through QStyleSheetStyle, ~25-30 ms of a ~250 ms start. The application palette
colours the chrome; palettes for a few classes give the text page and the lists their colours.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

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


ROLE = QPalette.ColorRole
CHROME_ROLES = {
    ROLE.Window: "chrome",
    ROLE.WindowText: "ink",
    ROLE.Base: "panel",
    ROLE.AlternateBase: "panel_alt",
    ROLE.Text: "ink",
    ROLE.Button: "chrome",
    ROLE.ButtonText: "ink",
    ROLE.ToolTipBase: "panel",
    ROLE.ToolTipText: "ink",
    ROLE.PlaceholderText: "muted",
    ROLE.Highlight: "accent",
    ROLE.HighlightedText: "on_accent",
}
# Qt class name -> the roles its widgets (and their children) colour differently from the chrome.
CLASS_ROLES = {
    # The article: a page a shade off white, the selection in the accent colour.
    "DocumentView": {ROLE.Base: "page", ROLE.Text: "ink"},
    # Lists and the guidelines: a selected row stays readable in ink on a light tint.
    "QAbstractItemView": {ROLE.Highlight: "highlight", ROLE.HighlightedText: "ink"},
    "QTextBrowser": {ROLE.Highlight: "highlight", ROLE.HighlightedText: "ink"},
    # Status messages and the counts beside them are secondary.
    "QStatusBar": {ROLE.WindowText: "muted"},
}


def palette(theme: str, roles: dict | None = None) -> QPalette:
    """The chrome's palette for `theme`, with `roles` coloured otherwise."""
    colors = PALETTES[theme]
    result = QPalette()
    for role, name in {**CHROME_ROLES, **(roles or {})}.items():
        result.setColor(role, QColor(colors[name]))
    return result


def mute(widget: QWidget) -> None:
    """Secondary text (a legend, a status line) in the theme's muted colour, following the theme."""
    widget.setForegroundRole(ROLE.PlaceholderText)


def apply_theme(app: QApplication, choice: str = SYSTEM) -> str:
    """Style the whole application; returns the theme shown (light or dark)."""
    theme = resolve(choice)
    # The same theme again would change nothing but restyle every widget (~15 ms at start-up,
    # where the app is styled before the window exists and the window restores the user's choice).
    if app.property("annotatorTheme") != theme:
        app.setPalette(palette(theme))
        for class_name, roles in CLASS_ROLES.items():
            app.setPalette(palette(theme, roles), class_name)
        app.setProperty("annotatorTheme", theme)
        _polish_own_style_sheets(app)
    return theme


def _polish_own_style_sheets(app: QApplication) -> None:
    """A widget with a style sheet of its own (a label button) keeps the palette it was polished
    in until it is polished again."""
    for widget in app.allWidgets():
        if widget.styleSheet():
            widget.style().unpolish(widget)
            widget.style().polish(widget)
