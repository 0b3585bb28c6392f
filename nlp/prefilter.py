"""A cheap test that skips the model for articles that cannot report an attack on police.

An article can only be relevant if it names police (officer, PC, constable...) and
uses some word of violence or injury. Both are checked with regular expressions
over the raw text, which is far cheaper than tagging and parsing.
"""

from __future__ import annotations

import re

_POLICE = re.compile(
    r"\b(?:police|officers?|pcs?|constables?|sergeants?|sgt|policem[ae]n|policewom[ae]n"
    r"|cops?|coppers?|detectives?|inspectors?|pcsos?|constabulary|scotland yard|psni"
    r"|(?:dog )?handlers?)\b",
    re.I,
)
_MET = re.compile(r"\bMet\b")
""""The Met", "Met officers": case-sensitive, so the verb "met" does not count."""
_VIOLENCE = re.compile(
    r"\b(?:attack|assault|stab|slash|shot|shoot|gun|punch|kick|spat|spit|bit(?:ten|e)?|ram|dragg"
    r"|hit|struck|strik|injur|hurt|wound|kill|murder|died|dead|death|pelt|headbutt|strangl|threw"
    r"|thrown|hurl|machete|knife|knives|blade|sword|violen|riot|disorder|ambush|knock"
    r"|batter|beat|mow|run over|petrol|acid|firework|brick|bottle|hospital|harm|reversed"
    r"|drove|driven|glass|cough|maul|throttl|chok|burn|scald|set upon|bomb|flare|dog|syringe"
    r"|needle|threat|lunge|swung|swing|hammer|bat\b|fire)",
    re.I,
)


def may_be_relevant(text: str) -> bool:
    """False only when ``text`` cannot report an attack on police (no police or no violence)."""
    police = _POLICE.search(text) or _MET.search(text)
    return bool(police) and bool(_VIOLENCE.search(text))
