"""The users' guide (docs/huong-dan-su-dung.md) as the web page shows it at /huong-dan.

The guide is written in a small part of Markdown — headings, paragraphs, lists, fenced code, pipe tables,
pictures, links, **bold**, *italic* and `code` — and this module turns exactly that part into HTML, every text
escaped (no dependency for one page). A wheel carries the guide and its pictures in pipeline/_data/guide
(setup.py); a checkout reads docs/.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from pipeline.core.bundled import guide_dir

GUIDE = "huong-dan-su-dung.md"
_INLINE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)\)|\[(?P<text>[^\]]+)\]\((?P<href>[^)\s]+)\)"
                     r"|\*\*(?P<bold>.+?)\*\*|`(?P<code>[^`]+)`|(?<![\w*])\*(?P<em>[^*\s][^*]*?)\*(?![\w*])")


def guide_path() -> Path:
    return guide_dir() / GUIDE


def _inline(text: str, picture_url: str) -> str:
    out, last = [], 0
    for m in _INLINE.finditer(text):
        out.append(html.escape(text[last:m.start()]))
        last = m.end()
        if m["src"] is not None:
            src = m["src"]
            url = picture_url + src.split("/")[-1] if not src.startswith(("http://", "https://")) else src
            out.append(f'<img src="{html.escape(url)}" alt="{html.escape(m["alt"])}">')
        elif m["href"] is not None:
            href = m["href"]
            label = _inline(m["text"], picture_url)
            out.append(f'<a href="{html.escape(href)}">{label}</a>' if href.startswith(("http://", "https://", "#"))
                       else label)  # a link into the repository means nothing on the web page
        elif m["bold"] is not None:
            out.append(f"<strong>{_inline(m['bold'], picture_url)}</strong>")
        elif m["code"] is not None:
            out.append(f"<code>{html.escape(m['code'])}</code>")
        else:
            out.append(f"<em>{html.escape(m['em'])}</em>")
    out.append(html.escape(text[last:]))
    return "".join(out)


def _anchor(title: str) -> str:
    return re.sub(r"[^\w]+", "-", title.lower()).strip("-")


def to_html(markdown: str, picture_url: str = "") -> str:
    """The guide's Markdown as HTML (the part of Markdown the module docstring names)."""
    lines = markdown.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            block = []
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                block.append(lines[i])
                i += 1
            out.append(f"<pre><code>{html.escape(chr(10).join(block))}</code></pre>")
            i += 1
            continue
        heading = re.match(r"(#{1,4}) (.+)", line)
        if heading:
            level, title = len(heading[1]), heading[2].strip()
            out.append(f'<h{level} id="{_anchor(title)}">{_inline(title, picture_url)}</h{level}>')
            i += 1
            continue
        if line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
                if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                    rows.append(cells)
                i += 1
            head, *body = rows
            out.append("<table><tr>" + "".join(f"<th>{_inline(c, picture_url)}</th>" for c in head) + "</tr>"
                       + "".join("<tr>" + "".join(f"<td>{_inline(c, picture_url)}</td>" for c in r) + "</tr>"
                                 for r in body) + "</table>")
            continue
        item = re.match(r"(\s*)(-|\d+\.) (.+)", line)
        if item:
            tag = "ol" if item[2][0].isdigit() else "ul"
            start = f' start="{item[2][:-1]}"' if tag == "ol" and item[2] != "1." else ""
            items = []
            while i < len(lines):
                m = re.match(r"\s*(?:-|\d+\.) (.+)", lines[i])
                if m:
                    items.append(m[1])
                elif lines[i].startswith("  ") and lines[i].strip() and items:
                    items[-1] += " " + lines[i].strip()  # a continued item
                else:
                    break
                i += 1
            out.append(f"<{tag}{start}>" + "".join(f"<li>{_inline(t, picture_url)}</li>" for t in items) + f"</{tag}>")
            continue
        if not line.strip():
            i += 1
            continue
        para = []
        while i < len(lines) and lines[i].strip() and not re.match(r"(#{1,4} |```|\||\s*(-|\d+\.) )", lines[i]):
            para.append(lines[i].strip())
            i += 1
        out.append(f"<p>{_inline(' '.join(para), picture_url)}</p>")
    return "\n".join(out)
