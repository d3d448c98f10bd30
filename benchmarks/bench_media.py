"""Photo preparation time per network: a 12-megapixel phone photo (smooth, as a camera
gives) and an 8 MB worst case (noise, which no encoder compresses).

    .venv/bin/python benchmarks/bench_media.py [RUNS]

Prints the median time to read the file and to prepare it for each network, with the
size and dimensions that come out. The images are generated in a temporary directory.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageFilter

from livetweet.media import default_limits, load_image, prepare


def phone_photo(path: Path) -> Path:
    rng = random.Random(7)
    small = Image.frombytes("RGB", (1000, 750), rng.randbytes(1000 * 750 * 3))
    small.filter(ImageFilter.GaussianBlur(3)).resize((4000, 3000)).save(path, quality=92)
    return path


def noise_photo(path: Path) -> Path:
    rng = random.Random(1)
    Image.frombytes("RGB", (3000, 2000), rng.randbytes(3000 * 2000 * 3)).save(path, quality=98)
    return path


def median_seconds(action: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in (("12 MP phone photo", phone_photo), ("8 MB noise", noise_photo)):
            path = make(Path(tmp) / f"{make.__name__}.jpg")
            print(f"{name}: {path.stat().st_size:,} bytes")
            print(
                f"  read + decode: {median_seconds(lambda path=path: load_image(path), runs):.3f} s"
            )
            source = load_image(path)
            for network, limits in default_limits().items():
                seconds = median_seconds(
                    lambda source=source, limits=limits: prepare(source, limits), runs
                )
                out = prepare(source, limits)
                print(
                    f"  {network:9} {seconds:.3f} s -> {out.size:,} bytes, "
                    f"{out.width}x{out.height} {out.mime_type}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
