"""Pure decisions about notes: which names a note mentions."""

from __future__ import annotations

import re
from collections.abc import Iterable


def names_mentioned(text: str, names: Iterable[str]) -> list[str]:
    """The names (of people or organisations present) that the text contains, ignoring case, as whole words:
    "Snap" matches "snap said" but not "snapshot". Longest first, each once, in the spelling given."""
    found: dict[str, str] = {}
    for name in sorted({n.strip() for n in names if n and len(n.strip()) > 1}, key=len, reverse=True):
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags=re.IGNORECASE):
            found.setdefault(name.lower(), name)
    return sorted(found.values(), key=str.lower)
