"""A word that wraps onto a new line is in view at once, even when the answer box is at its full height.

The box grows with the text up to a limit, then scrolls. TextArea scrolled to
the cursor before the new wrapped line counted in the scroll range, so the
line being typed sat just below the box until the next key (issue 21).
"""

from __future__ import annotations

from textual.app import App, ComposeResult

from reflect.core.framework import Prompt
from reflect.tui.widgets.editors import ROWS_MAX, TextAnswer


class OneAnswer(App[None]):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        prompt = Prompt(id="p.text", step="p", kind="text", text="A question", modes=("preparation",))
        yield TextAnswer(prompt, self.text)


def _caret_in_view(box: TextAnswer) -> bool:
    row = box.wrapped_document.location_to_offset(box.cursor_location).y
    top = box.scroll_offset.y
    return top <= row < top + box.scrollable_content_region.height


async def test_the_line_being_typed_is_always_in_view():
    app = OneAnswer("word " * 120)  # more than the box shows at its full height, at this width
    async with app.run_test(size=(40, 40)) as pilot:
        box = app.query_one(TextAnswer)
        box.focus()
        await pilot.pause()
        assert box.wrapped_document.height > ROWS_MAX
        out_of_view = []
        for i, ch in enumerate("more words to type " * 8):
            await pilot.press("space" if ch == " " else ch)
            await pilot.pause()  # the frame the key's change is painted in (without it, the check can beat it)
            if not _caret_in_view(box):
                out_of_view.append(i)
        assert out_of_view == []
