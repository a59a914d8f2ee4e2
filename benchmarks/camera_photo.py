"""Peak memory of loading camera photos (render.images.load_image), run by hand.

    python benchmarks/camera_photo.py

For each size a photo-like JPEG (noise over a gradient, quality 85) is written to a temp
folder; a fresh Python process then imports the renderer, notes its peak RSS, loads the
photo with load_image and reports the increase of the peak, the decoded size and the time.
JPEGs are decoded at a reduced scale (Pillow's draft mode), so memory stays bounded.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

SIZES = [(4000, 3000), (8000, 6000), (12000, 9000), (12648, 9486)]  # 12, 48, 108, 120 MP

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from coprod_slides.render.images import load_image
import PIL.JpegImagePlugin, PIL.PngImagePlugin, PIL.ImageOps  # loaded before the baseline
baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
loaded = load_image(Path(sys.argv[1]), None, "photo.jpg")
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"peak_mib": peak / 1024, "baseline_mib": baseline / 1024,
                  "size": [loaded.width, loaded.height], "seconds": seconds}))
"""


def photo(size: tuple[int, int], path: Path) -> int:
    noise = Image.effect_noise(size, 24).convert("RGB")
    gradient = Image.linear_gradient("L").resize(size).convert("RGB")
    Image.blend(noise, gradient, 0.75).save(path, "JPEG", quality=85)
    return path.stat().st_size


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        print("| photo | file | process peak RSS (baseline) | long edge after | seconds |")
        print("|---|---|---|---|---|")
        for size in SIZES:
            path = Path(folder) / f"{size[0]}x{size[1]}.jpg"
            # made in a child process: a forked child's peak RSS starts at its parent's
            subprocess.run(
                [sys.executable, __file__, "--make", str(size[0]), str(size[1]), str(path)],
                check=True,
            )
            file_bytes = path.stat().st_size
            runs = [
                json.loads(
                    subprocess.run(
                        [sys.executable, "-c", CHILD, str(path)],
                        capture_output=True,
                        text=True,
                        check=True,
                    ).stdout
                )
                for _ in range(3)
            ]
            peak = sorted(r["peak_mib"] for r in runs)[1]
            baseline = sorted(r["baseline_mib"] for r in runs)[1]
            seconds = sorted(r["seconds"] for r in runs)[1]
            w, h = runs[0]["size"]
            print(
                f"| {size[0]}×{size[1]} ({size[0] * size[1] / 1e6:.0f} MP) "
                f"| {file_bytes / 2**20:.1f} MiB | {peak:.0f} MiB ({baseline:.0f}) "
                f"| {w}×{h} | {seconds:.2f} |"
            )
            path.unlink()
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--make"]:
        photo((int(sys.argv[2]), int(sys.argv[3])), Path(sys.argv[4]))
        sys.exit(0)
    sys.exit(main())
