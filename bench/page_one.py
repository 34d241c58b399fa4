"""Draw the README's picture of the clinician summary's first page, from the demo's month.

Builds the demo in a temporary store at a fixed clock, writes its HTML summary, prints it to
PDF on Letter with headless Chromium and turns page 1 into a PNG with poppler's pdftoppm
(Debian: chromium, poppler-utils). Run it after changing what page 1 shows:

    .venv/bin/python bench/page_one.py        # writes docs/page-one.png
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PICTURE = ROOT / "docs" / "page-one.png"
NOW = "2026-11-27T09:15"


def main() -> int:
    """Write ``PICTURE``; 1 with a sentence when a program it needs is missing."""
    chromium, pdftoppm = shutil.which("chromium"), shutil.which("pdftoppm")
    if chromium is None or pdftoppm is None:
        print("page_one.py needs chromium and pdftoppm (Debian: chromium poppler-utils).")
        return 1
    medlog = [sys.executable, "-m", "medlog"]
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        env = dict(os.environ, MEDLOG_HOME=str(work / "store"), MEDLOG_NOW=NOW, TZ="UTC")
        page = work / "visit.html"
        for args in (["--home", str(work / "store"), "demo"], ["report", "-o", str(page)]):
            subprocess.run([*medlog, *args], env=env, check=True, capture_output=True)
        pdf = work / "visit.pdf"
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
             f"--user-data-dir={work / 'chromium'}", f"--print-to-pdf={pdf}", page.as_uri()],
            check=True, capture_output=True,
        )  # fmt: skip
        PICTURE.parent.mkdir(exist_ok=True)
        subprocess.run(
            [pdftoppm, "-f", "1", "-l", "1", "-r", "70", "-png", "-singlefile", str(pdf),
             str(PICTURE.with_suffix(""))],
            check=True,
        )  # fmt: skip
    print(f"Wrote {PICTURE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
