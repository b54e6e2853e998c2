"""A PIN that keeps Haki closed to someone who picks up the phone.

Workers whose employer looks through their phone asked for it (other apps
for reporting abuse have one). It is a lock on the screens, not on the
files: the store is not encrypted with it, so someone who can copy the
phone's files is not stopped, and the screens say so. What is kept is a
salted PBKDF2 hash, so the PIN itself is never written down.

Digits come in whatever script the keyboard types them (٤٥٦٧ on an Arabic
keyboard, ४५६७ on a Devanagari one); they count as the same PIN.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata

MIN_DIGITS = 4
MAX_DIGITS = 8
#: PBKDF2 rounds: a PIN of 4 to 8 digits is found by trying them all
#: whatever the count; this only keeps the hash from being a lookup
ROUNDS = 20_000
#: wrong tries in a row before the lock makes the reader wait, and how long
TRIES = 5
WAIT_SECONDS = 30.0
#: wrong tries in a row after which Haki removes what was entered, if the
#: reader chose that (as Tella offers): with the wait above, someone trying
#: PINs needs two and a half minutes to get there, a worker who mistypes
#: twice never does
ERASE_AFTER = 10


def digits_of(text: str) -> str | None:
    """The PIN typed, as ASCII digits, or None if it is not 4 to 8 digits
    (spaces around it are ignored)."""
    text = text.strip()
    if not MIN_DIGITS <= len(text) <= MAX_DIGITS or not all(c.isdecimal() for c in text):
        return None
    return "".join(str(unicodedata.decimal(c)) for c in text)


def pin_record(pin: str, salt: bytes) -> str:
    """What is kept of a PIN (ASCII digits): the method, the rounds, the
    salt and the hash."""
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, ROUNDS)
    return f"pbkdf2_sha256${ROUNDS}${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, record: str) -> bool:
    """Whether `pin` (as typed) is the PIN `record` was made from."""
    digits = digits_of(pin)
    if digits is None:
        return False
    try:
        method, rounds, salt, digest = record.split("$")
        if method != "pbkdf2_sha256":
            return False
        got = hashlib.pbkdf2_hmac("sha256", digits.encode(), bytes.fromhex(salt), int(rounds))
        return hmac.compare_digest(got, bytes.fromhex(digest))
    except ValueError:
        return False


def wait_left(failures: int, last_failure: float, now: float) -> float:
    """Seconds the reader must wait before the next try (0: none)."""
    if failures < TRIES:
        return 0.0
    return max(0.0, last_failure + WAIT_SECONDS - now)
