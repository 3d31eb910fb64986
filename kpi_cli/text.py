"""Text normalisation for matching what people type against codes and labels."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"[\s\u3000_\-]+")


def normalize_label(text: object) -> str:
    """Fold full-width to half-width (NFKC), case, spaces, '_' and '-': '％ Calls_30S ' → '%calls30s'."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text)).casefold().strip()
    return _SPACE.sub("", s)
