"""The rule for people's names and the names of files people send.

A name is stored the way it is shown on every page, letter and email, so it must show what it
says: normalized to NFC, with ordinary single spaces, and without characters that are invisible
or that turn the text around (a right-to-left override makes "Kim‮nosrep" read "Kimperson").
Letters of any script are welcome; the name in Latin letters is the one printed in the passport,
so it takes Latin letters only (accented ones too), spaces, hyphens, apostrophes and full stops.
Case is never changed here.

Blank input gives "": whether a name is required is for the caller to say.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Characters that change the direction in which the text around them is shown.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

# Characters that show nothing although they are not format characters (those, category Cf,
# are refused as a whole): zero-width ones, Hangul fillers, the blank braille pattern, the
# combining grapheme joiner and the Khmer inherent vowels.
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u034f\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5\u180e")

# Unicode categories never allowed: controls, format characters, surrogates, private use.
FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co"})

# Besides letters, what a name in Latin letters may hold: space, hyphen (ASCII and U+2010),
# apostrophe (ASCII, the typographic one phones type, and the modifier letters used in Uzbek
# and other Latin alphabets) and full stop.
LATIN_PUNCTUATION = frozenset(" -\u2010'\u2019\u02bb\u02bc.")

# Accents on one Latin letter that have no precomposed form (Vietnamese has at most two).
MAX_MARKS_PER_LETTER = 2

# Characters that no file name on a recipient's disk may hold.
FILE_NAME_UNSAFE = frozenset('<>:"/\\|?*')


def _is_hidden(char: str) -> bool:
    return char in BIDI_CONTROLS or char in INVISIBLE or unicodedata.category(char) in FORBIDDEN_CATEGORIES


def _collapse(value: str) -> str:
    """NFC, then every run of white space (tabs and line breaks too) becomes one space."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def hidden_characters(value: str) -> list[str]:
    """The invisible, control and direction characters in value, in order, each once."""
    return list(dict.fromkeys(char for char in value if _is_hidden(char)))


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


def clean_name(value: str, *, max_length: int = 200) -> str:
    """A person's name in any script, normalized; raises a translated ValidationError."""
    name = _collapse(value or "")
    if not name:
        return ""
    hidden = hidden_characters(name)
    if hidden:
        visible = "".join(char for char in name if not _is_hidden(char))
        raise ValidationError(
            _("The name “%(name)s” contains an invisible or text-direction character (%(code)s). Type the name again without it.")
            % {"name": visible, "code": ", ".join(_code(char) for char in hidden)},
            code="invisible",
        )
    if not any(unicodedata.category(char).startswith("L") for char in name):
        raise ValidationError(_("“%(name)s” is not a name: write at least one letter.") % {"name": name}, code="no_letter")
    if len(name) > max_length:
        raise ValidationError(_("A name may have at most %(limit)d characters.") % {"limit": max_length}, code="too_long")
    return name


def is_latin_letter(char: str) -> bool:
    return unicodedata.category(char).startswith("L") and unicodedata.name(char, "").startswith("LATIN ")


def clean_latin_name(value: str, *, max_length: int = 200) -> str:
    """A name as the passport prints it in Latin letters; raises a translated ValidationError.

    Full-width letters typed with an East Asian keyboard (Ｓａｔｏ) become ordinary ones first
    (NFKC); letters of other scripts, even ones that look Latin (Cyrillic а), digits and
    other signs are refused. An accent that has no precomposed letter stays as a combining mark
    after its letter, at most two on one letter."""
    # Hidden characters are judged as typed, before NFKC turns some into others.
    name = _collapse(unicodedata.normalize("NFKC", clean_name(value, max_length=max_length)))
    if not name:
        return ""
    previous, marks = "", 0
    for char in name:
        is_mark = unicodedata.category(char) == "Mn"
        marks = marks + 1 if is_mark else 0
        mark_on_letter = is_mark and marks <= MAX_MARKS_PER_LETTER and is_latin_letter(previous or " ")
        if not (is_latin_letter(char) or char in LATIN_PUNCTUATION or mark_on_letter):
            raise ValidationError(
                _(
                    "Write the name in Latin letters as in the passport: letters, spaces, hyphens, apostrophes "
                    "and full stops only (“%(char)s”, %(code)s, cannot be used)."
                )
                % {"char": char, "code": _code(char)},
                code="not_latin",
            )
        if not is_mark:
            previous = char
    if not any(is_latin_letter(char) for char in name):
        raise ValidationError(_("“%(name)s” is not a name: write at least one letter.") % {"name": name}, code="no_letter")
    if len(name) > max_length:
        raise ValidationError(_("A name may have at most %(limit)d characters.") % {"limit": max_length}, code="too_long")
    return name


def clean_file_name(value: str, *, fallback: str = "document", max_length: int = 255) -> str:
    """A file name safe to show and to offer as a download name: hidden characters dropped,
    white space collapsed, characters that file systems refuse replaced by "_". Never refuses."""
    name = _collapse("".join(char for char in (value or "") if not _is_hidden(char)))
    name = "".join("_" if char in FILE_NAME_UNSAFE else char for char in name).strip(" .")
    if not name:
        return fallback
    if len(name) > max_length:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) < 10:
            name = f"{stem[: max_length - len(extension) - 1]}.{extension}"
        else:
            name = name[:max_length]
    return name
