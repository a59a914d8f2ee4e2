"""coprod-slides: YAML deck specs → designed, editable PowerPoint decks about co-production."""

__version__ = "0.1.0"
