"""Characters a deck cannot or should not hold, and the one policy for them.

- **XML-illegal characters.** XML 1.0 (and so every part of a .pptx) cannot hold C0 control
  characters other than tab, newline and carriage return, lone surrogates, or U+FFFE/U+FFFF;
  a deck containing one does not open. YAML's reader refuses most of them when written raw,
  but double-quoted escapes (``"\\x01"``, ``"\\ud800"``) and ``--var`` values can still
  produce them.
- **Bidi controls.** Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) make
  text display in a different order from how it is written (the "Trojan Source" trick), and
  the renderer sets each paragraph's direction itself. The left-to-right and right-to-left
  marks (U+200E, U+200F) stay allowed: they give a neutral character a direction.

Policy: such text is *refused where it enters* — spec YAML (``specvalues/yamlload.py``, with the
value's ``file:line:col``), ``--var`` values (``variables.py``) and translations
(``i18n/translate.py``) — with one line naming the character. As a last line of defence for
decks built through the Python API, the text writer (``render/text.py``) drops XML-illegal
characters instead of failing, so a written deck is always well-formed XML.
"""

from __future__ import annotations

import re
import unicodedata

XML_ILLEGAL = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]")
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def char_name(char: str) -> str:
    """``U+202E (RIGHT-TO-LEFT OVERRIDE)``; ``U+0001`` for characters without a name."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot go into a deck as written (None when it can)."""
    found = XML_ILLEGAL.search(text)
    if found:
        char = found.group(0)
        what = (
            "a lone surrogate"
            if "\ud800" <= char <= "\udfff"
            else "the non-character"
            if char in "\ufffe\uffff"
            else "the control character"
        )
        return f"text contains {what} {char_name(char)}, which a .pptx file cannot hold; remove it"
    found = BIDI_CONTROLS.search(text)
    if found:
        return (
            f"text contains the bidi control character {char_name(found.group(0))}, "
            "which shows text in a different order from how it is written; remove it "
            "(the deck sets each paragraph's direction; U+200F RIGHT-TO-LEFT MARK gives "
            "a single character a direction)"
        )
    return None


def xml_safe(text: str) -> str:
    """``text`` without the characters XML cannot hold (the writer's last line of defence)."""
    return XML_ILLEGAL.sub("", text) if XML_ILLEGAL.search(text) else text
