"""Text from untrusted markup made safe to store: plain text, no control characters."""

from __future__ import annotations

import html
import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?(</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]{0,2000}>")


def strip_controls(value: str | None) -> str:
    """``value`` without NUL, other C0 controls (tab and newlines kept) and non-characters."""
    return _CONTROL.sub("", value or "")


def plain_text(value: str | None) -> str:
    """``value`` as one line of plain text: no tags or scripts, no entities, no controls."""
    if not value:
        return ""
    text = _SCRIPT_OR_STYLE.sub(" ", value)
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = strip_controls(text)
    return " ".join(text.split())


def plain_lines(value: str | None) -> str:
    """Multi-line text with controls removed, spaces collapsed and blank lines dropped."""
    lines = (" ".join(line.split()) for line in strip_controls(value).splitlines())
    return "\n".join(line for line in lines if line)
