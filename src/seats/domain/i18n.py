"""Sentences a family reads, kept translatable without Django (SPEC 4: English and Spanish).

The domain writes its messages in English, but a Spanish-speaking parent must read the same
reason in Spanish. So a rule does not return a finished sentence: it returns a ``Text``, an
English template with named ``%(name)s`` placeholders plus the values to put in them. The
English message (``str(text)``) stays what the API and the logs have always shown; the web layer
translates the template with gettext and fills in the same values.

``gettext_noop`` only marks a literal for translators: makemessages (xgettext) extracts every
``gettext_noop("...")`` call by name, and the function returns its argument untouched, so the
domain keeps no dependency on Django or on the active language.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Placeholder values, in order: (name, value already written as people write it).
Params = tuple[tuple[str, str], ...]


def gettext_noop(text: str) -> str:
    """Mark ``text`` for the translation catalogue; translation happens where it is shown."""
    return text


def fill(template: str, params: Params) -> str:
    """``template`` with its placeholders filled (no params: the template as written, so a
    literal ``%`` in a sentence without placeholders is never misread as a format)."""
    return template % dict(params) if params else template


@dataclass(frozen=True, slots=True)
class Text:
    """A translatable sentence: the English template and its already formatted values."""

    template: str
    params: Params = ()

    def __str__(self) -> str:
        return fill(self.template, self.params)


def text(template: str, **params: str | int) -> Text:
    """A ``Text``; numbers become their usual digits (decimals must be formatted by the caller,
    e.g. with ``eligibility.num``, so that 6 never reads 6.00)."""
    return Text(template, tuple((name, str(value)) for name, value in params.items()))
