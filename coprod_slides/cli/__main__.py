"""``python -m coprod_slides.cli``."""

from .app import main

main()
