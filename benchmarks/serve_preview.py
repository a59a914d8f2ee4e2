"""Preview refresh time of ``coprod-slides serve`` after typical changes (run by hand).

    python benchmarks/serve_preview.py [--rounds 2]

Starts the app in-process (warm LibreOffice, picture cache), makes the first preview, then
times ``GET /preview`` after each change a facilitator makes: a slide's title, a slide
unticked and ticked again, a slide moved, the organisation, the audience, the language.
Prints every time and the medians. Needs LibreOffice and poppler; python3-uno (Debian) keeps
LibreOffice loaded between previews, without it each preview starts LibreOffice.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time

from coprod_slides.build import builtin_spec
from coprod_slides.web.app import create_app

CHANGES = [
    ("retitle one slide", {"title_group-work": "Your turn"}),
    ("untick a slide", {"untick": "agenda"}),
    ("tick it again", {}),
    ("move a slide up", {"move": "up:levels"}),
    ("move it back", {"move": "down:levels"}),
    ("retitle another", {"title_intro": "What do we mean by co-production?"}),
    ("organisation", {"var_org": "Cyngor Gwynedd"}),
    ("audience: citizens", {"audience": "citizens"}),
    ("language: Welsh", {"audience": "citizens", "language": "cy"}),
    ("back to English", {"audience": "citizens", "language": ""}),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2, help="times through the changes")
    args = parser.parse_args()
    app = create_app(builtin_spec())
    client = app.test_client()
    page = client.get("/").data.decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    start = time.perf_counter()
    assert client.get("/preview").status_code == 200
    print(
        f"first preview (LibreOffice starting, nothing cached): {time.perf_counter() - start:.2f} s"
    )
    times = []
    new_state_times = []  # changes to a deck not previewed before
    seen = set()
    try:
        for round_ in range(args.rounds):
            form = {"csrf": csrf, "slides_shown": "1", "audience": "", "language": ""}
            ticked = set(re.findall(r'name="slide" value="([^"]+)" checked', page))
            for name, change in CHANGES:
                form = {k: v for k, v in form.items() if k != "move"}
                change = dict(change)
                untick = change.pop("untick", None)
                if untick:
                    ticked.discard(untick)
                elif name == "tick it again":
                    ticked.add("agenda")
                form.update(change)
                data = {**form, "slide": sorted(ticked)}
                client.post("/tailor", data=data)
                if "audience" in change:
                    form.pop("slides_shown", None)  # the list changes with the audience
                start = time.perf_counter()
                response = client.get("/preview")
                elapsed = time.perf_counter() - start
                assert response.status_code == 200 and b"/picture/" in response.data, name
                times.append(elapsed)
                state = repr(sorted((k, str(v)) for k, v in data.items() if k != "move"))
                state += repr(
                    sorted(re.findall(r'name="slide" value="([^"]+)"', str(response.data)))
                )
                if state not in seen:
                    new_state_times.append(elapsed)
                    seen.add(state)
                print(f"round {round_ + 1}: {name:<22} {elapsed:.2f} s")
    finally:
        app.extensions["coprod"].close()
    print(
        f"median refresh over all {len(times)} changes: {statistics.median(times):.2f} s "
        f"(min {min(times):.2f}, max {max(times):.2f}); over the {len(new_state_times)} that "
        f"made a deck not previewed before: {statistics.median(new_state_times):.2f} s"
    )


if __name__ == "__main__":
    main()
