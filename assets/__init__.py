"""Bundled fonts, templates and images (installed as ``coprod_slides.assets``)."""

from pathlib import Path

ASSETS_DIR = Path(__file__).resolve().parent
FONTS_DIR = ASSETS_DIR / "fonts"
TEMPLATES_DIR = ASSETS_DIR / "templates"
