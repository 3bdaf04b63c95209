"""The group view's pages: plain HTML made here, every answer escaped, nothing loaded from elsewhere.

Three pages, all for the trainer's browser on the trainer's own machine
(:mod:`reflect.tui.serve_group` serves them):

* the group page: per step and prompt, the answers side by side as
  "Participant N", how many answered, and the facilitator notes beside them;
  it reloads itself every few seconds (a meta refresh: no script), unless
  the trainer holds it still;
* one answer, large, to put on the projector for discussion;
* the learning points the group named: one text box, kept in memory until
  the workshop summary is written.

Whatever a participant typed goes through :func:`text`: control characters
and bidi overrides dropped (as in notes), then :func:`html.escape`, so an
answer can never become markup. The pages need no style sheet or font from
outside: the style is inline and the server forbids anything else
(``Content-Security-Policy``).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

if TYPE_CHECKING:
    from reflect.core.room_group import GroupPrompt, GroupView

#: seconds between the group page's reloads
REFRESH = 5
#: the most characters of learning points kept (a generous page of text)
LEARNING_LIMIT = 20_000

STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5em; color: #111; background: #fff; line-height: 1.4 }
header p { margin: .2em 0 } a { color: #0645ad }
h2 { border-bottom: 2px solid #333; margin-top: 1.6em }
.row { display: flex; gap: 1.5em; align-items: flex-start; margin: 1em 0 1.8em }
.answers { flex: 3; display: flex; flex-wrap: wrap; gap: .8em }
.answer { flex: 1 1 14em; border: 1px solid #999; border-radius: 6px; padding: .6em .8em; background: #f7f7f7 }
.answer p { white-space: pre-wrap; margin: .3em 0 }
.who { font-weight: bold; font-size: .9em } .show { font-size: .85em }
aside { flex: 1; border-left: 4px solid #b58900; padding-left: .8em; font-size: .95em; color: #333 }
.count { color: #333; font-size: .95em }
.big { font-size: 2.6em; white-space: pre-wrap; max-width: 30em; margin: 1em auto }
.question { font-size: 1.5em; color: #333 }
textarea { width: 100%; font-size: 1.1em }
"""

#: the headers every group page is sent with: nothing from elsewhere, no caching, no framing
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
    "frame-ancestors 'none'",
    "Cache-Control": "no-store",
}


def text(value: Any) -> str:
    """A stored answer (text, number, list) as safe HTML text."""
    from reflect.core.markdown_safe import as_text, clean

    return html.escape(clean(as_text(value, "\n")))


def page(title: str, body: str, refresh: int = 0) -> str:
    meta = f'<meta http-equiv="refresh" content="{int(refresh)}">' if refresh else ""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">{meta}'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>{body}</body></html>"
    )


def show_link(prompt_id: str, number: int) -> str:
    return "/group/show?" + html.escape(urlencode({"prompt": prompt_id, "n": number}))


def group_page(view: GroupView, learning: str = "", still: bool = False) -> str:
    """The group page: every answered prompt, its answers side by side, the notes beside them."""
    parts = [
        "<header><h1>The room's answers</h1>",
        f"<p>Case: <strong>{text(view.case_label)}</strong> (fictional). "
        f"Participants: {view.participants}; answered at least one prompt: {view.answered}.</p>",
        "<p>Answers are shown under the participant's number, never a name; private reflections are never shown. "
        "Prompts nobody has answered yet are left out.</p>",
        "<p>"
        + (
            '<a href="/group">Reload it every few seconds</a>'
            if still
            else f'This page reloads every {REFRESH} seconds. <a href="/group?still=1">Hold it still</a>'
        )
        + ' · <a href="/group/learning">Learning points the group named</a></p></header>',
    ]
    if learning.strip():
        parts.append(f'<section><h2>Learning points so far</h2><p style="white-space: pre-wrap">{text(learning)}</p>')
        parts.append("</section>")
    if not view.steps:
        parts.append("<p><em>Nobody has answered a prompt yet.</em></p>")
    for step in view.steps:
        parts.append(f"<section><h2>{step.number}. {text(step.title)}</h2>")
        if step.case_note:
            parts.append(f"<aside><strong>This case, this step:</strong> {text(step.case_note)}</aside>")
        for item in step.prompts:
            parts.append(_prompt_row(item, view.participants))
        parts.append("</section>")
    return page(f"reflect: the room's answers ({view.case_label})", "".join(parts), 0 if still else REFRESH)


def _prompt_row(item: GroupPrompt, participants: int) -> str:
    cards = "".join(
        f'<div class="answer"><div class="who">Participant {number}</div><p>{text(value)}</p>'
        f'<a class="show" href="{show_link(item.prompt.id, number)}">Show this one</a></div>'
        for number, value in item.answers
    )
    note = f"<aside><strong>For the facilitator:</strong> {text(item.note)}</aside>" if item.note else ""
    return (
        f"<h3>{text(item.prompt.text)}</h3>"
        f'<p class="count">{len(item.answers)} of {participants} answered.</p>'
        f'<div class="row"><div class="answers">{cards}</div>{note}</div>'
    )


def show_page(item: GroupPrompt | None, number: int) -> str:
    """One answer, large, for the room to discuss (or a line saying it has gone)."""
    back = '<p><a href="/group">Back to all answers</a></p>'
    value = next((v for n, v in item.answers if n == number), None) if item is not None else None
    if item is None or value is None:
        return page("reflect: answer not found", back + "<p>That answer is no longer in the room.</p>")
    body = (
        back
        + f'<p class="question">{text(item.prompt.text)}</p>'
        + f'<div class="big">{text(value)}</div>'
        + f'<p class="question">Participant {number}</p>'
    )
    return page(f"reflect: Participant {number}'s answer", body)


def learning_page(learning: str, saved: bool = False) -> str:
    """The one text box for the learning points the group named (kept in memory for the summary)."""
    body = (
        '<p><a href="/group">Back to all answers</a></p><h1>Learning points the group named</h1>'
        + ("<p><strong>Saved.</strong></p>" if saved else "")
        + "<p>Type the points the group names, one a line. They are kept in memory only, and written into the "
        "workshop summary when the room ends (if it was started with <code>--summary</code>).</p>"
        + '<form method="post" action="/group/learning">'
        + f'<textarea name="points" rows="14" maxlength="{LEARNING_LIMIT}">{html.escape(learning)}</textarea>'
        + '<p><button type="submit">Save</button></p></form>'
    )
    return page("reflect: learning points", body)
