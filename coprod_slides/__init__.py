"""coprod-slides: YAML deck specs → designed, editable PowerPoint decks about co-production."""

from .xmlescape import install_saxutils_stand_in as _install_saxutils_stand_in

__version__ = "0.1.0"

# python-pptx imports xml.sax.saxutils for escape() only; the real module costs ~30 ms (urllib).
_install_saxutils_stand_in()
