"""A schema and package check for the decks the tests build (no ../shared needed)."""

from .validate import check_package

__all__ = ["check_package"]
