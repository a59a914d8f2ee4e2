"""A LibreOffice conversion worker, run by a Python that has LibreOffice's ``uno`` module.

Standalone on purpose (no coprod_slides imports): it runs under the system Python
(``python3-uno`` on Debian/Ubuntu) or LibreOffice's bundled one, not the tool's.

    python3 office_worker.py PIPE_NAME

connects to ``soffice --accept=pipe,name=PIPE_NAME;urp;`` (waiting for it to start), then
reads one request a line from stdin, ``<deck path>\\t<pdf path>``, converts the deck to PDF
and answers one line: ``ok`` or ``error: <reason>``. The office stays loaded between decks,
which saves its start-up (seconds) on every preview.
"""

from __future__ import annotations

import sys
import time

import uno


def connect(pipe: str, timeout: float = 60.0):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + timeout
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return context.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", context
            )
        except Exception:  # noqa: BLE001 - NoConnectException until the office is up
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def prop(name: str, value):
    from com.sun.star.beans import PropertyValue  # lazy: exists once uno's import hook is in

    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def convert(desktop, deck: str, pdf: str) -> None:
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(deck), "_blank", 0, (prop("Hidden", True), prop("ReadOnly", True))
    )
    if doc is None:
        raise RuntimeError("LibreOffice could not open the deck")
    try:
        doc.storeToURL(uno.systemPathToFileUrl(pdf), (prop("FilterName", "impress_pdf_Export"),))
    finally:
        doc.close(True)


def main() -> None:
    desktop = connect(sys.argv[1])
    print("ready", flush=True)
    for line in sys.stdin:
        deck, _, pdf = line.rstrip("\n").partition("\t")
        try:
            convert(desktop, deck, pdf)
            print("ok", flush=True)
        except Exception as exc:  # noqa: BLE001 - reported to the server, which carries on
            print(f"error: {type(exc).__name__}: {exc}".replace("\n", " "), flush=True)


if __name__ == "__main__":
    main()
