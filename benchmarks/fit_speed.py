"""Text fitting: the time of one fit_text of a six-bullet box (was a timed unit test).

    python benchmarks/fit_speed.py --reps 7

Each rep times 50 fits of six bullets into a 560 × 330 pt box (Arial, 36 down to 10 pt)
after one warm-up fit (font and word caches); prints the minimum, median and maximum
per-fit time in milliseconds over the reps. About 0.5 ms a fit on a quiet laptop.
"""

from __future__ import annotations

import argparse
import statistics
import time

from coprod_slides.layout.fit import Box, fit_text, parse_inline

WORDS = "Services fit people's real lives better when they help design"
FITS_PER_REP = 50


def per_fit_ms(reps: int) -> list[float]:
    paras = [parse_inline(f"{WORDS} ({i + 1})", bullet=True) for i in range(6)]
    box = Box(560, 330)
    fit_text(paras, box, "Arial", 36, 10)  # warm the font and word caches
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        for _ in range(FITS_PER_REP):
            fit_text(paras, box, "Arial", 36, 10)
        times.append((time.perf_counter() - start) / FITS_PER_REP * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=7)
    times = per_fit_ms(parser.parse_args().reps)
    print(
        f"fit_text, six bullets: min {min(times):.3f} ms, median "
        f"{statistics.median(times):.3f} ms, max {max(times):.3f} ms per fit"
    )


if __name__ == "__main__":
    main()
