"""Page furniture that text extraction leaves in an article: other stories' headlines
("Read more: Officer stabbed in Leeds"), newsletter and social prompts, adverts,
datelines and bylines (whose date is the page's, not the attack's).

Such a paragraph is about something else, so the pipeline must not read an attack, place
or date out of it. :func:`mask_boilerplate` blanks it with spaces of the same length, so
that evidence offsets still point into the article's text.
"""

from __future__ import annotations

import re

_FURNITURE = re.compile(
    r"^\W*(?:read more|more on this story|related(?: articles| stories| content)?|also read"
    r"|most read|trending|recommended|you may also like|don't miss|dont miss|more stories"
    r"|more from|top stories|latest news|watch|listen|sign up|subscribe|get the latest"
    r"|follow us|join us|join our|click here|share (?:this|on)|advertisement|copyright"
    r"|all rights reserved|want (?:the|more)|got a story|comments?|more:)\b",
    re.I,
)


_STAMP = re.compile(
    r"^\W*(?:(?:first |last )?(?:published|updated|posted|modified)(?: on| at)?|by [A-Z][\w'-]+"
    r"(?: [A-Z][\w'-]+){0,3}(?:,| -|$))",
    re.I,
)
"""A dateline or byline: "Published 10:42, 5 June 2023", "Updated: 3 hours ago",
"By Jane Smith, Crime Reporter"."""


def is_boilerplate(paragraph: str) -> bool:
    """Is ``paragraph`` page furniture rather than the article's own text? A dateline or
    byline counts only when short (a sentence that starts "Updated figures show..." is
    text)."""
    text = paragraph.strip()
    if _FURNITURE.match(text):
        return True
    return bool(_STAMP.match(text)) and len(text.split()) <= 12


LIST_LINE_WORDS = 20
"""Lines up to this many words under a furniture heading ("Related Articles", "Most read")
are the headlines it lists; a longer line is the article again."""


def mask_boilerplate(text: str) -> str:
    """``text`` with every furniture line (see :func:`is_boilerplate`) replaced by spaces,
    and the short lines listed under a furniture heading ("Related Articles" then other
    stories' headlines); line breaks and the length are kept. Lines, not blank-line
    paragraphs: many pages' text comes out one paragraph a line."""
    out, listing = [], False
    for line in text.split("\n"):
        words = len(line.split())
        if is_boilerplate(line):
            listing = words <= 4  # a heading such as "Related Articles" lists what follows
            out.append(" " * len(line))
        elif listing and 0 < words <= LIST_LINE_WORDS:
            out.append(" " * len(line))
        else:
            listing = listing and words == 0  # blank lines between listed headlines
            out.append(line)
    return "\n".join(out)
