"""Vendor KaTeX from npm into docs/assets/vendor/katex (a maintainer's tool).

    python -m graders.docsite.vendor_katex [VERSION]

runs ``npm pack katex@VERSION`` in a temporary folder and copies only what the
site uses: katex.min.js, contrib/auto-render.min.js, katex.min.css (rewritten to
name only the woff2 fonts, which every current browser reads) and those woff2
fonts, with KaTeX's licence. The result is committed, so neither CI nor a
student ever needs npm or the network to build or read the site.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

DEFAULT_VERSION = "0.19.1"
ROOT = Path(__file__).resolve().parents[2]
DEST = ROOT / "docs" / "assets" / "vendor" / "katex"

# src:url(fonts/X.woff2) format("woff2"),url(fonts/X.woff) format("woff"),url(fonts/X.ttf) format("truetype")
_FALLBACKS = re.compile(r',url\(fonts/[^)]+\.woff\) format\("woff"\),url\(fonts/[^)]+\.ttf\) format\("truetype"\)')


def woff2_only(css: str) -> str:
    slim = _FALLBACKS.sub("", css)
    if ".ttf" in slim or '.woff)' in slim:
        raise SystemExit("katex.min.css names fonts in a layout this script does not know; update _FALLBACKS")
    return slim


def vendor(version: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", f"katex@{version}", "--silent"], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
        (tarball,) = Path(tmp).glob("katex-*.tgz")
        with tarfile.open(tarball) as archive:
            archive.extractall(tmp, filter="data")
        package = Path(tmp) / "package"
        dist = package / "dist"
        if DEST.exists():
            shutil.rmtree(DEST)
        (DEST / "contrib").mkdir(parents=True)
        (DEST / "fonts").mkdir()
        shutil.copyfile(dist / "katex.min.js", DEST / "katex.min.js")
        shutil.copyfile(dist / "contrib" / "auto-render.min.js", DEST / "contrib" / "auto-render.min.js")
        (DEST / "katex.min.css").write_text(woff2_only((dist / "katex.min.css").read_text(encoding="utf-8")), encoding="utf-8")
        for font in sorted((dist / "fonts").glob("*.woff2")):
            shutil.copyfile(font, DEST / "fonts" / font.name)
        shutil.copyfile(package / "LICENSE", DEST / "LICENSE")
        (DEST / "VERSION").write_text(f"katex {version} from npm (npm pack katex@{version}); see graders/site/vendor_katex.py\n", encoding="utf-8")
    size = sum(p.stat().st_size for p in DEST.rglob("*") if p.is_file())
    print(f"KaTeX {version} vendored into {DEST.relative_to(ROOT)} ({size // 1024} KiB)")


if __name__ == "__main__":
    vendor(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_VERSION)
