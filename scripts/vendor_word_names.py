#!/usr/bin/env python3
"""Write reflect/core/textchecks/data/word_names.txt: first names that are also everyday words (run by hand).

A sentence that starts with a first name alone ("Kai loves football.") names
a person; one that starts with "Will", "May", "Grace" or "Mark" usually does
not. The name check tells them apart with this list: the first names it knows
(the vendored ``first_names.txt`` and the built-in ``checks.yaml``) whose
lower-case form is an ordinary English word in SCOWL, Kevin Atkinson's
maintained spell-checker word lists, at size 50 (the common words; the size
Debian's ``wbritish`` package ships). A bigger size takes in too many names
as words ("ben", "charlie"); a smaller one misses "grace" and "mark".

SCOWL is needed only to run this script, never at run time:

    apt-get install wbritish && python scripts/vendor_word_names.py [/usr/share/dict/british-english]
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "reflect" / "core" / "textchecks" / "data"
OUT = DATA / "word_names.txt"
DEFAULT_LIST = Path("/usr/share/dict/british-english")


def first_names() -> set[str]:
    """Every first name the check knows, lower case."""
    text = (DATA / "first_names.txt").read_text(encoding="utf-8")
    names = {line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")}
    checks = yaml.safe_load((REPO / "checks.yaml").read_text(encoding="utf-8"))
    names |= {str(n).lower() for n in checks["names"]["first_names"]}
    return names


def everyday_words(path: Path) -> set[str]:
    """The words SCOWL writes in lower case (a capitalised entry, "John", is a proper noun there)."""
    words = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return {w for w in words if w and w[0].islower() and "'" not in w}


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_LIST
    both = sorted(first_names() & everyday_words(source))
    header = [
        "# First names that are also everyday English words, one a line, lower case, for reflect's name",
        "# check (reflect/core/textchecks/names.py): such a word alone at the start of a sentence is not",
        "# taken for a name. The first names of first_names.txt and checks.yaml that SCOWL (size 50, British",
        "# spelling, as Debian's wbritish ships it) lists in lower case, by scripts/vendor_word_names.py.",
        "# SCOWL: Copyright 2000-2011 by Kevin Atkinson, and the others named in SCOWL-LICENSE.txt (its",
        "# copyright and permission notices in full); permission to use, copy, modify, distribute and sell",
        "# the lists for any purpose is granted without fee, provided those notices appear in all copies.",
    ]
    OUT.write_text("\n".join(header + both) + "\n", encoding="utf-8")
    print(f"{len(both)} words written to {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
