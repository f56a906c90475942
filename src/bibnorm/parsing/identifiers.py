"""ORCID iDs and ISSNs in the one spelling the record schema accepts, whatever the input wrote.

Every source meets them written differently (`https://orcid.org/0000-…`, `ORCID: 0000…`,
`0000000218250097`, `1234-567x`, `12345678`); these return the canonical form, or None
for a value that is not one, which the caller then keeps in `extra` with a diagnostic.
"""

from __future__ import annotations

import re

_ORCID = re.compile(r"(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])")
_ORCID_PREFIX = re.compile(r"^(?:orcid:\s*)?(?:https?://)?(?:www\.)?(?:orcid\.org/)?", re.I)
_ISSN = re.compile(r"(\d{4})-?(\d{3}[\dX])")


def normalise_orcid(text: str) -> str | None:
    """`https://orcid.org/0000-0002-1825-0097`, `0000000218250097` -> `0000-0002-1825-0097`."""
    bare = _ORCID_PREFIX.sub("", text.strip()).replace(" ", "").upper()
    match = _ORCID.fullmatch(bare)
    return "-".join(match.groups()) if match else None


def normalise_issn(text: str) -> str | None:
    """`1234-567x`, `1234567X`, ` 1234-5678 ` -> `1234-567X`, `1234-5678`; else None."""
    match = _ISSN.fullmatch(text.strip().replace(" ", "").upper())
    return f"{match.group(1)}-{match.group(2)}" if match else None


def issn_check_digit_is_right(issn: str) -> bool:
    """True when the last character of the normalised ISSN `issn` (`1234-567X`) is the
    check digit of the first seven (weights 8 to 2, modulo 11, 10 written `X`)."""
    digits = issn.replace("-", "")
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:7], range(8, 1, -1), strict=True)
    )
    check = (11 - total % 11) % 11
    return digits[7] == ("X" if check == 10 else str(check))
