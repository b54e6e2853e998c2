"""Burmese typed in Zawgyi, read as Unicode.

Many phones in Myanmar still type Zawgyi: Burmese in a font encoding of
its own, whose code points Unicode gives other letters. Haki's articles are
Unicode (tests/test_scripts.py), so a search typed in Zawgyi found nothing,
and a report's own words reached the organisation as letters out of order.
Text that Google's detector (myanmartools) finds to be Zawgyi is changed
into Unicode (python-myanmar's converter); any other text is left as it is.
Both load only once Burmese is typed.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from myanmartools import ZawgyiDetector

    from app.core.report import Answers

#: the Myanmar block, where Zawgyi puts its letters too
_MYANMAR = re.compile("[\u1000-\u109f]")
#: how sure the detector must be: it gives about 1.0 for Zawgyi and 0.0 for
#: Unicode on a few words; a mixed or very short text sits between
ZAWGYI_AT = 0.95


@functools.cache
def _detector() -> ZawgyiDetector:
    from myanmartools import ZawgyiDetector

    return ZawgyiDetector()


def as_unicode(text: str) -> str:
    """`text` with Burmese typed in Zawgyi turned into Unicode."""
    if not _MYANMAR.search(text) or _detector().get_zawgyi_probability(text) < ZAWGYI_AT:
        return text
    from myanmar.converter import convert

    return str(convert(text, "zawgyi", "unicode"))


def answers_as_unicode(answers: Answers) -> Answers:
    """A report's typed answers (own words, names, contact) in Unicode."""
    return dataclasses.replace(
        answers,
        words=as_unicode(answers.words),
        recruiter_name=as_unicode(answers.recruiter_name),
        employer_name=as_unicode(answers.employer_name),
        contact=as_unicode(answers.contact),
    )
