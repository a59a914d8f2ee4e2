"""The message scan (tests/message_scan.py) catches what it is there to catch."""

from __future__ import annotations

import pytest

from coprod_slides.errors import SpecError

from .message_scan import leaks


@pytest.mark.parametrize(
    "message",
    [
        'brand.pptx: not a PowerPoint template (KeyError: "no relationship")',
        "file '<_io.BytesIO object at 0x7ffbefc8f1a0>' is not a PowerPoint file",
        "theme1.xml: XMLSyntaxError: Detected an entity reference loop",
        "brand.pptx: damaged zip: BadZipFile: Bad CRC-32",
        "deck.yaml: ValueError: could not convert string to float",
        "Traceback (most recent call last):",
    ],
)
def test_internals_are_caught(message):
    assert leaks(message)


@pytest.mark.parametrize(
    "message",
    [
        "deck.yaml:4:15: slide 1, duration: expected a finite number, got .nan (not a number)",
        "brand.pptx: this file is encrypted (password-protected); open it in PowerPoint",
        "image 'loop.png' cannot be read (a symlink loop); check the path",
        "the error in your value: 'Errors happen' is not a colour",
    ],
)
def test_plain_messages_pass(message):
    assert not leaks(message)


def test_a_leaking_message_is_recorded():
    """SpecErrors made during a test are what the scan reads after it."""
    from . import message_scan

    before = len(message_scan._messages)
    SpecError("deck.yaml: something went wrong")
    assert message_scan._messages[before:] == ["deck.yaml: something went wrong"]
