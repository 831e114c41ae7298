"""Markdown parser: YAML front matter, ATX/setext headings, one section per paragraph block."""

import re
from datetime import date
from pathlib import Path

import yaml

from onboard.core.documents import METADATA_ALIASES, ParsedDocument
from onboard.core.parsers.common import (
    SectionCollector,
    clean_line,
    decode_text,
    labelled_row,
    stem_title,
)

_FRONT_MATTER_END = ("---", "...")
_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$")
_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s+\S+.*$")
_BLOCKQUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_INLINE_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), ""),
    (re.compile(r"`([^`\n]+)`"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])"), r"\1"),
)


def parse_markdown(data: bytes, path: Path) -> ParsedDocument:
    """Parse a Markdown file into sections under its headings, with front-matter metadata."""
    text, warnings = decode_text(data, path)
    front_matter, body = split_front_matter(text)
    metadata = front_matter_fields(front_matter, warnings) if front_matter is not None else {}
    collector = _MarkdownBlocks()
    collector.feed(_HTML_COMMENT.sub("", body))
    title = metadata.get("title") or collector.first_headings.get(1) or stem_title(path)
    return ParsedDocument(
        title=clean_line(title),
        format="markdown",
        sections=collector.sections,
        metadata=metadata,
        warnings=warnings,
    )


def split_front_matter(text: str) -> tuple[str | None, str]:
    """Split text into its YAML front matter (None if there is none) and the body."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None, text
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() in _FRONT_MATTER_END:
            return "".join(lines[1:index]), "".join(lines[index + 1 :])
    return None, text


def strip_inline(text: str) -> str:
    """Remove inline Markdown syntax: images, link targets, HTML tags, emphasis, code ticks."""
    for pattern, replacement in _INLINE_RULES:
        text = pattern.sub(replacement, text)
    return text


def front_matter_fields(front_matter: str, warnings: list[str]) -> dict[str, str]:
    """The known fields of a YAML front matter (title, owner, …); a German warning for one
    that cannot be read."""
    try:
        loaded = yaml.safe_load(front_matter)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (Zeile {mark.line + 2})" if mark is not None else ""
        warnings.append(
            f"Der Kopfbereich (YAML-Front-Matter) ist fehlerhaft{where} und wurde ignoriert."
        )
        return {}
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        warnings.append(
            "Der Kopfbereich (YAML-Front-Matter) enthält keine Schlüssel-Wert-Paare "
            "und wurde ignoriert."
        )
        return {}
    return _mapped(loaded)


def _mapped(loaded: dict[object, object]) -> dict[str, str]:
    metadata: dict[str, str] = {}
    for key, value in loaded.items():
        canonical = METADATA_ALIASES.get(str(key).strip().lower())
        text = _metadata_value(value)
        if canonical and text:
            metadata.setdefault(canonical, text)
    return metadata


def _metadata_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ", ".join(filter(None, (_metadata_value(item) for item in value)))
    return clean_line(str(value))


class _MarkdownBlocks(SectionCollector):
    """Walks Markdown lines, opening headings and collecting paragraph blocks as sections."""

    def __init__(self) -> None:
        super().__init__()
        self._block: list[str] = []
        self._fence: str | None = None
        self._last_raw = ""  # the last content line as written (a table header is split raw)
        self._table_header: list[str] | None = None  # the header row's cells inside a table
        self._header_line = ""

    def feed(self, body: str) -> None:
        for line in body.splitlines():
            if self._fence is not None:
                self._fenced_line(line)
            else:
                self._line(line)
        self._flush()

    def _fenced_line(self, line: str) -> None:
        match = _FENCE.match(line)
        if match and match.group(1)[0] == self._fence and not line.strip().strip(self._fence):
            self._fence = None
            self._flush()
        else:
            self._block.append(line)

    def _line(self, line: str) -> None:
        if fence := _FENCE.match(line):
            self._flush()
            self._fence = fence.group(1)[0]
        elif heading := _ATX_HEADING.match(line):
            self._flush()
            self.heading(len(heading.group(1)), strip_inline(heading.group(2) or ""))
        elif self._setext(line):
            return
        elif not line.strip() or _THEMATIC_BREAK.match(line):
            self._flush()
        elif _TABLE_RULE.match(line):
            self._start_table()
        elif not _LINK_DEFINITION.match(line):
            self._content_line(_BLOCKQUOTE.sub("", line))

    def _start_table(self) -> None:
        """A rule under a row: that row is the header; the rows below name their columns."""
        if self._block and "|" in self._last_raw and self._table_header is None:
            self._block.pop()
            self._header_line = self._last_raw
            self._table_header = _cells(self._last_raw)

    def _content_line(self, line: str) -> None:
        if self._table_header is not None and "|" in line:
            self._block.append(labelled_row(self._table_header, _cells(line)))
            self._header_line = ""  # a row names the header's words: no need to keep it
            return
        self._end_table()
        self._block.append(strip_inline(line))
        self._last_raw = line

    def _end_table(self) -> None:
        if self._header_line:  # a header without rows stays as it was written
            self._block.append(strip_inline(self._header_line))
        self._table_header, self._header_line = None, ""

    def _setext(self, line: str) -> bool:
        underline = _SETEXT_UNDERLINE.match(line)
        if not underline or len(self._block) != 1 or not self._block[0].strip():
            return False
        if (
            underline.group(1)[0] == "-"
            and _THEMATIC_BREAK.match(line)
            and _is_list(self._block[0])
        ):
            return False
        text = self._block.pop()
        self.heading(1 if underline.group(1)[0] == "=" else 2, text)
        return True

    def _flush(self) -> None:
        self._end_table()
        self._last_raw = ""
        if self._block:
            self.add("\n".join(self._block))
            self._block = []


def _cells(row: str) -> list[str]:
    """The cells of a Markdown table row (an escaped \\| stays inside its cell)."""
    inner = row.strip()
    inner = inner.removeprefix("|")
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    return [strip_inline(cell).strip() for cell in _CELL_SEPARATOR.split(inner)]


def _is_list(line: str) -> bool:
    return bool(re.match(r"^\s*(?:[-*+]|\d+[.)])\s", line))
