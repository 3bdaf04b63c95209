#!/usr/bin/env python3
"""Write reflect/core/textchecks/data/first_names.txt from Faker's first-name lists (run by hand).

The name check needs to know common first names in the languages of the
families a UK practitioner works with, so that "Sam said" or "Jo's mum" is
seen as a name. Faker (MIT licence, maintained) keeps such lists per locale;
this script takes the first names of the locales below, keeps those written
in Latin letters, and writes one name a line with the licence at the top.
Faker is needed only to run this script, never at run time:

    pip install faker && python scripts/vendor_first_names.py
"""

from __future__ import annotations

import importlib
import unicodedata
from pathlib import Path

import faker

LOCALES = [
    "en_GB", "en_US", "en_IE", "ga_IE", "en_NG", "yo_NG", "ig_NG", "ha_NG", "tw_GH", "en_KE", "sw",
    "en_PK", "en_IN", "hi_IN", "bn_BD", "ar_AA", "tr_TR", "pl_PL", "ro_RO", "lt_LT", "lv_LV", "cs_CZ",
    "sk_SK", "hu_HU", "bg_BG", "pt_PT", "pt_BR", "es_ES", "it_IT", "fr_FR", "de_DE", "nl_NL", "vi_VN",
    "fa_IR", "sq_AL", "hr_HR", "sl_SI", "uk_UA", "el_GR", "zu_ZA",
]  # fmt: skip
OUT = Path(__file__).resolve().parents[1] / "reflect" / "core" / "textchecks" / "data" / "first_names.txt"


def latin(name: str) -> bool:
    return all(ch.isalpha() and "LATIN" in unicodedata.name(ch, "") or ch in "'-’" for ch in name)


def main() -> None:
    names: set[str] = set()
    for locale in LOCALES:
        try:
            module = importlib.import_module(f"faker.providers.person.{locale}")
        except ImportError:
            continue
        provider = module.Provider
        for attr in ("first_names", "first_names_female", "first_names_male", "first_names_nonbinary"):
            value = getattr(provider, attr, None) or ()
            for name in value:
                name = unicodedata.normalize("NFC", str(name).strip())
                if 2 <= len(name) <= 20 and " " not in name and latin(name) and name[0].isupper():
                    names.add(name)
    header = [
        "# First names, one a line, for reflect's name check (reflect/core/textchecks/names.py).",
        f"# Taken from Faker {faker.VERSION} (https://github.com/joke2k/faker), providers/person/<locale>,",
        "# locales: " + ", ".join(LOCALES),
        "# by scripts/vendor_first_names.py. Faker is under the MIT licence:",
        "#   Copyright (c) 2012 Daniele Faraglia. Permission is hereby granted, free of charge, to any",
        "#   person obtaining a copy of this software and associated documentation files, to deal in the",
        "#   Software without restriction, subject to the copyright notice and this permission notice",
        "#   being included in all copies or substantial portions of the Software (full text: FAKER-LICENSE.txt).",
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(header + sorted(names, key=lambda n: (n.casefold(), n))) + "\n", encoding="utf-8")
    print(f"{len(names)} names -> {OUT}")


if __name__ == "__main__":
    main()
