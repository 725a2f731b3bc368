#!/usr/bin/env python3
"""Every relative link in the README, ARCHITECTURE.md and the manual
(docs/) points at a file that exists, and every `#anchor` at a heading of
that file (GitHub's and mdBook's anchor rule). Exits 1 listing each broken
link. Usage: tests/docs/check_links.py
"""

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FILES = [REPO / "README.md", REPO / "ARCHITECTURE.md", *sorted((REPO / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def slug(heading):
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def outside_code(text):
    """The text without fenced code blocks and inline code spans."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    return re.sub(r"`[^`\n]*`", "", text)


def anchors(path):
    found = set()
    fenced = False
    for line in path.read_text().splitlines():
        if line.startswith("```"):
            fenced = not fenced
        m = re.match(r"^#+\s+(.*)$", line)
        if m and not fenced:
            found.add(slug(m.group(1)))
    return found


def unexplained_rust_blocks():
    """A Rust block in the manual is either compiled as a doctest
    (```rust) or says, in a comment just before it, why it is not."""
    problems = []
    for path in sorted((REPO / "docs").glob("*.md")):
        lines = path.read_text().splitlines()
        for i, line in enumerate(lines):
            if line.strip().startswith("```rust,ignore") or line.strip().startswith("```rust,no_run"):
                before = [l for l in lines[max(0, i - 3):i] if l.strip()]
                if not (before and before[-1].strip().startswith("<!-- Not a doctest")):
                    problems.append(f"{path.relative_to(REPO)}:{i + 1}: a Rust block that is "
                                    "not a doctest must say why in a comment before it")
    return problems


def main():
    broken = []
    for path in FILES:
        for target in LINK.findall(outside_code(path.read_text())):
            if re.match(r"^[a-z]+:", target):
                continue  # a web link: not checked offline
            file_part, _, anchor = target.partition("#")
            dest = (path.parent / file_part).resolve() if file_part else path
            where = f"{path.relative_to(REPO)}: ({target})"
            if not dest.exists():
                broken.append(f"{where}: no such file")
            elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
                broken.append(f"{where}: no heading #{anchor}")
    broken += unexplained_rust_blocks()
    for b in broken:
        print(b)
    checked = len(FILES)
    print(f"check_links: {checked} files, {len(broken)} broken links")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
