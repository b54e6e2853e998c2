"""English for the staff's command-line tools: "1 report", "2 reports"."""

from __future__ import annotations


def counted(n: int, noun: str) -> str:
    """`n` and the noun, plural unless n is 1 (nouns that add an s)."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
