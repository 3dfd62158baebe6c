"""Who a debtor is: the 统一社会信用代码 (GB 32100-2015), the ID-card number (GB 11643-1999)
and a name normalised so that one company written two ways is seen as one."""

from __future__ import annotations

import re
import unicodedata

CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015: no I, O, Z, S, V
CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
# the usual suffixes of a Chinese company name, longest first
SUFFIXES = ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "集团公司", "公司",
            "co.,ltd.", "co.,ltd", "co.ltd.", "co.ltd", "ltd.", "ltd", "inc.", "inc")


def credit_code_problem(code: str) -> str | None:
    """Why a 统一社会信用代码 is not valid (length, characters, check digit), or None."""
    text = code.strip().upper()
    if len(text) != 18:
        return f"has {len(text)} characters, not 18"
    bad = sorted({c for c in text if c not in CODE_CHARS})
    if bad:
        return f"has characters outside GB 32100-2015: {''.join(bad)}"
    total = sum(CODE_CHARS.index(c) * w for c, w in zip(text, CODE_WEIGHTS))
    expected = CODE_CHARS[(31 - total % 31) % 31]
    if text[17] != expected:
        return f"check digit is {text[17]}, expected {expected}"
    return None


def id_number_problem(number: str) -> str | None:
    """Why an 18-digit resident ID-card number is not valid, or None (the number is never shown)."""
    text = number.strip().upper()
    if not re.fullmatch(r"[0-9]{17}[0-9X]", text):
        return "is not 17 digits and a check character"
    total = sum(int(c) * w for c, w in zip(text, ID_WEIGHTS))
    if text[17] != ID_CHECK[total % 11]:
        return "has a wrong check character"
    return None


def normal_name(name: str) -> str:
    """Full-width folded to half-width, spaces and brackets dropped, the usual suffix removed."""
    text = unicodedata.normalize("NFKC", name).lower()
    text = re.sub(r"[\s()\[\]（）【】]", "", text)
    for suffix in SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text
