import re

from django.core.exceptions import ValidationError

ORCID_PATTERN = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")


def orcid_checksum(base_digits: str) -> str:
    """ISO 7064 MOD 11-2 check character of the first 15 digits of an ORCID iD."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def validate_orcid(value: str) -> None:
    if not ORCID_PATTERN.match(value):
        raise ValidationError(
            "An ORCID iD looks like 0000-0002-1825-0097 (four groups of four digits).",
            code="orcid_format",
        )
    digits = value.replace("-", "")
    if orcid_checksum(digits[:15]) != digits[15]:
        raise ValidationError(
            "This ORCID iD's last digit does not match its checksum; please check for a typo.",
            code="orcid_checksum",
        )


# Characters that change how a name reads without being seen: bidi embeddings, overrides,
# isolates and marks (a right-to-left override turns "Ada Author" into a stranger), the zero-
# width space, word joiner and invisible operators, the byte-order mark, the soft hyphen and
# the Mongolian vowel separator. The zero-width joiner and non-joiner stay allowed: Persian,
# Indic scripts and emoji need them inside names.
_INVISIBLE = re.compile(
    "[\u00ad\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def invisible_characters(value: str) -> list[str]:
    """The invisible or direction-changing characters in `value`, as "U+202E"."""
    return sorted({f"U+{ord(char):04X}" for char in _INVISIBLE.findall(value or "")})


def validate_visible_name(value: str) -> None:
    """Names and affiliations are shown to others: every character in them must be seen."""
    found = invisible_characters(value)
    if found:
        raise ValidationError(
            "A name or affiliation cannot contain invisible or direction-changing characters "
            f"({', '.join(found)}); please type it without them.",
            code="invisible_characters",
        )
