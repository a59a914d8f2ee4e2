"""Built-in deck specs (installed as ``coprod_slides.decks``)."""

from pathlib import Path

DECKS_DIR = Path(__file__).resolve().parent
