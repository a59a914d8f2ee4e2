"""Write tests/data/article-shingles.txt: hashes of the source article's 8-word runs.

The test that no library text copies the article (tests/test_library_content.py) compares
hashes, so it runs on a plain clone without the article's text. Re-run after the article
changes:  python scripts/article_shingles.py [../shared/reference/source-article.txt]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.test_library_content import (  # noqa: E402
    ARTICLE,
    SHINGLE_HASHES,
    article_shingle_hashes,
)


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else ARTICLE
    hashes = article_shingle_hashes(source.read_text(encoding="utf-8"))
    SHINGLE_HASHES.write_text("\n".join(sorted(hashes)) + "\n", encoding="utf-8")
    print(f"wrote {SHINGLE_HASHES.relative_to(ROOT)} ({len(hashes)} hashes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
