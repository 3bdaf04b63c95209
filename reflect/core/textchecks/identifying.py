"""Identifying details found by pattern: phone, email, postcode, NHS and NI numbers, dates of birth, addresses.

The patterns are data (``identifying:`` in ``checks.yaml``). A pattern may
name a group ``hit`` to report only part of its match ("born on <hit>"), and
may ask for a validator, because a regular expression alone cannot tell a
phone number from any other run of digits, or a real NHS number from ten
random ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from reflect.core.textchecks.regex import LazyRegex
from reflect.core.textchecks.spans import IDENTIFYING, Hit

_NOT_DIGIT = re.compile(r"\D")
_DIGIT = re.compile(r"\d")


def nhs_checksum(text: str) -> bool:
    """Ten digits whose last is the modulus-11 check digit of the other nine."""
    digits = [int(ch) for ch in text if ch.isdigit()]
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    total = sum(d * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == digits[9]


def uk_phone(text: str) -> bool:
    """A UK number: 0 or +44, then a landline or mobile prefix, and the right length."""
    digits = _NOT_DIGIT.sub("", text)
    if text.lstrip().startswith("+"):
        if not digits.startswith("44"):
            return False
        national = digits[2:]
        if national.startswith("0"):
            national = national[1:]
        return len(national) in (9, 10) and national[0] in "123578"
    return digits.startswith("0") and len(digits) in (10, 11) and digits[1] in "123578"


def possible_phone(text: str) -> bool:
    """A possible phone number in any country (UK when it has no +), by Google's libphonenumber.

    "Possible" rather than "valid": a number in a range not yet given out
    (such as Ofcom's drama numbers) still identifies someone once it is.
    The library is imported here, on the first digits that look like a
    number, so a note without any pays nothing for it.
    """
    import phonenumbers
    from phonenumbers import PhoneNumberType

    _SERVICE_LINES = {
        PhoneNumberType.TOLL_FREE,
        PhoneNumberType.PREMIUM_RATE,
        PhoneNumberType.SHARED_COST,
        PhoneNumberType.UAN,
    }

    digits = _NOT_DIGIT.sub("", text)
    if len(set(digits)) <= 1:
        return False
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        return False
    if not phonenumbers.is_possible_number(number):
        return False
    # a freephone, premium, shared-cost or non-geographic service line (Childline's 0800 1111, a
    # council's 0300 number) names an organisation, not a person
    return not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in _SERVICE_LINES


#: the names ``validate:`` accepts in ``checks.yaml``
VALIDATORS: dict[str, Callable[[str], bool]] = {
    "nhs-checksum": nhs_checksum,
    "uk-phone": uk_phone,
    "phone": possible_phone,
}


class IdentifyingPattern(NamedTuple):
    """One ``identifying:`` entry, ready to run.

    A named tuple rather than a frozen dataclass: as immutable, and defining
    it costs a fifth as much, which every ``reflect note`` pays at start-up.
    """

    kind: str
    regex: LazyRegex
    validate: str | None
    suggestion: str
    reason: str
    needs: tuple[str, ...] = ()  # one must be in the text, or the pattern is not even compiled
    ignore_case: bool = True

    def may_match(self, text: str, folded: str) -> bool:
        """Could the pattern match? ("0-9": any digit; otherwise a literal, in any case if the pattern ignores it)."""
        if not self.needs:
            return True
        for need in self.needs:
            if need == "0-9":
                if _DIGIT.search(text):
                    return True
            elif need in text or (self.ignore_case and need.lower() in folded):
                return True
        return False

    def find(self, text: str) -> Iterator[Hit]:
        has_hit = "hit" in self.regex.get().groupindex
        valid = VALIDATORS[self.validate] if self.validate else None
        for match in self.regex.finditer(text):
            start, end = match.span("hit") if has_hit and match.group("hit") is not None else match.span()
            if start == end:
                continue
            if valid is not None and not valid(match.group(0)):
                continue
            yield Hit(start, end, self.kind, IDENTIFYING, self.suggestion, self.reason)


class IdentifyingDetector:
    """Every identifying pattern, in the order the files list them (the first to claim a span keeps it)."""

    __slots__ = ("patterns",)

    def __init__(self, patterns: tuple[IdentifyingPattern, ...]) -> None:
        self.patterns = patterns

    def find(self, text: str) -> Iterator[Hit]:
        folded = text.lower()
        for pattern in self.patterns:
            if pattern.may_match(text, folded):
                yield from pattern.find(text)
