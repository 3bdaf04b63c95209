"""The look every small dialog shares: a centred box over the dimmed screen.

``DIALOG_CSS.format(name="MyDialog")`` gives a dialog class its CSS; a
dialog adds its own rules after it.
"""

from __future__ import annotations

DIALOG_CSS = """
{name} {{
    align: center middle;
    background: $background 60%;
}}
{name} > Vertical {{
    width: 72;
    max-width: 100%;
    height: auto;
    max-height: 100%;
    border: round $primary;
    background: $surface;
    padding: 0 1;
}}
{name} .modal-title {{ text-style: bold; margin-bottom: 1; }}
{name} .modal-help {{ color: $text-muted; }}
{name} .modal-message {{ color: $warning; height: auto; min-height: 1; }}
{name} .modal-buttons {{ height: auto; margin-top: 1; align-horizontal: right; }}
{name} .modal-buttons Button {{ margin-left: 1; }}
{name} Label {{ margin-top: 1; }}
{name} Input {{ border: none; background: $boost; padding: 0 1; }}
{name} Input:focus {{ background: $boost; text-style: none; outline-left: thick $primary; }}
"""
