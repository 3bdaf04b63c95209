"""reflect: guided reflection on child exploitation and extra-familial harm cases.

The package is split in two so the command line stays fast: ``reflect.core``
(content, store, notes, bundles, text checks; never imports Textual) and
``reflect.tui`` (the Textual app, imported only to open it).
"""

__version__ = "0.1.0"
