"""The core of reflect: everything but the user interface.

Nothing under this package may import Textual: the command line
(``reflect note``, ``export``, ``check``...) uses it directly and must start fast.
"""
