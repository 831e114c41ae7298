"""Markdown for the page editor (no Qt): the preview's HTML and the toolbar's text changes."""

import re

import markdown

EXTENSIONS = ("tables", "sane_lists", "toc")
TABLE_ATTRIBUTES = '<table border="1" cellspacing="0" cellpadding="6" width="100%">'
PREVIEW_STYLE = "th { font-weight: bold; text-align: left; } td { vertical-align: top; }"
_HEADING = re.compile(r"^#{1,6}\s*")
_LIST = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+")


def render(text: str) -> str:
    """The preview of a page: Markdown with tables, sane lists and heading anchors."""
    body = markdown.markdown(text, extensions=list(EXTENSIONS), output_format="html")
    return body.replace("<table>", TABLE_ATTRIBUTES)


def wrap(selected: str, marker: str, placeholder: str) -> str:
    """Inline formatting around the selection (or a placeholder to type over)."""
    return f"{marker}{selected or placeholder}{marker}"


def heading(lines: str, level: int = 2) -> str:
    """Each line becomes a heading of that level (an existing heading mark is replaced)."""
    mark = "#" * level + " "
    return "\n".join(mark + _HEADING.sub("", line) for line in lines.split("\n"))


def bullet_list(lines: str) -> str:
    """Each non-empty line becomes a list item '- …'."""
    return "\n".join(
        f"- {_LIST.sub('', line)}" if line.strip() else line for line in lines.split("\n")
    )


def numbered_list(lines: str) -> str:
    """Each non-empty line becomes a numbered item '1. …', '2. …'."""
    result, number = [], 0
    for line in lines.split("\n"):
        if line.strip():
            number += 1
            result.append(f"{number}. {_LIST.sub('', line)}")
        else:
            result.append(line)
    return "\n".join(result)


def table_skeleton(columns: int = 3, rows: int = 2) -> str:
    """An empty table with a header row, set off by blank lines."""
    header = "| " + " | ".join(f"Spalte {n}" for n in range(1, columns + 1)) + " |"
    rule = "|" + "|".join(" --- " for _ in range(columns)) + "|"
    body = ["|" + "|".join("   " for _ in range(columns)) + "|" for _ in range(rows)]
    return "\n\n" + "\n".join([header, rule, *body]) + "\n\n"


def link(selected: str) -> str:
    """A link around the selection; the address is to be filled in."""
    return f"[{selected or 'Linktext'}](https://)"


def image(path: str, description: str) -> str:
    """An image on its own line (path relative to the knowledge base)."""
    return f"\n![{description}]({path})\n"
