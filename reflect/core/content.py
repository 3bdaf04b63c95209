"""Find the built-in content (principles, prompts, templates, checks, demo).

In an installed wheel the content ships inside the package as ``_content``;
in an editable checkout it sits at the repository root. Both are looked for.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import reflect


@lru_cache(maxsize=1)
def content_root() -> Path:
    """The folder holding the built-in ``principles.yaml`` and friends."""
    package = Path(reflect.__file__).resolve().parent
    shipped = package / "_content"
    if (shipped / "principles.yaml").is_file():
        return shipped
    return package.parent
