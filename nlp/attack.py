"""The value ``frontline_attacks`` records for each attack on police it reads in a sentence."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token


@dataclass
class Attack:
    """One statement that police were attacked.

    ``sent`` is the sentence; ``trigger`` the attack word ("stabbed", "assault");
    ``patients`` the tokens naming who was attacked; ``officers`` how many officers it
    says were attacked (None when not said); ``specific`` False for generic talk
    ("assaults on officers have risen"); ``repeat`` >1 for "two separate attacks".
    """

    sent: Span
    trigger: Token
    patients: tuple[Token, ...]
    officers: int | None
    specific: bool
    in_title: bool = False
    repeat: int = 1
    rule: str = ""
