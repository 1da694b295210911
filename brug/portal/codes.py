"""Activation codes and PINs: framework-free rules (tests/portal/test_codes.py)."""

from __future__ import annotations

import re
import secrets

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: nothing a parent can misread on a printed sheet.
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 10


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """What the parent typed, without spaces or dashes, in capitals."""
    return re.sub(r"[\s\-]", "", typed or "").upper()


def grouped(code: str) -> str:
    """ACDE-FGHJ-KM: easier to read aloud and to type."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


MIN_PIN = 6


def pin_problem(secret: str) -> str | None:
    """Why a chosen PIN is refused (None: fine). Only applies to all-digit secrets; a
    password goes through Django's password validators instead.

    Refused: shorter than 6 digits, one digit repeated (000000), a run up or down (123456,
    987654), and a repeated pair or triple (121212, 123123).
    """
    if len(secret) < MIN_PIN:
        return "short"
    digits = [int(c) for c in secret]
    steps = {b - a for a, b in zip(digits, digits[1:], strict=False)}
    if len(steps) == 1 and steps <= {-1, 0, 1}:
        return "trivial"
    for size in (2, 3):
        if len(secret) % size == 0 and secret == secret[:size] * (len(secret) // size):
            return "trivial"
    return None
