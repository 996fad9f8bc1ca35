"""What an oracle says about itself to a reader: SKILL.md's description, its glossary and its one-line
descriptions of the topic folders, and each topic folder's own INDEX.md.

SKILL.md conventions read here (all optional):
- front matter `description:` (the skill's own summary);
- a section titled "Glossary" (or "Terms", "Terminology") whose bullets are `**Term**: definition`
  (also `Term: definition`, or a dash instead of the colon);
- lines that name a topic folder in backticks with a description: ``- `vlm-mastery/`: VLM architecture``,
  ``- **VLM architecture** (`vlm-mastery/`): deep dives`` (bold text becomes the topic's title), or a
  directory tree line ``├── vlm-mastery/   # VLM architecture``.
A topic folder's `INDEX.md` gives the topic's title (its H1 without "Index") and description (its first
paragraph).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .text import decode

MAX_BYTES = 1 << 20  # SKILL.md and INDEX.md are a page or two; read no more than this


@dataclass(frozen=True, slots=True)
class TopicBlurb:
    title: str = ""
    description: str = ""


@dataclass(frozen=True)
class Orientation:
    """Words for readers, in the oracle's own terms."""

    glossary: tuple[tuple[str, str], ...] = ()  # (term, definition) in the order SKILL.md gives them
    topics: dict[str, TopicBlurb] = field(default_factory=dict)  # topic folder -> title and description
    description: str = ""  # SKILL.md front matter `description`
    introduction: str = ""  # SKILL.md's first paragraph, as plain text


_GLOSSARY_HEADING = re.compile(r"^#{2,6}\s+(?:glossary|terms|terminology|key terms)\b", re.I)
_HEADING = re.compile(r"^#{1,6}\s")
_TERM = re.compile(
    r"^\s*[-*+]\s+(?:\*\*(?P<bold>[^*]+?)\*\*|(?P<plain>[^:*`]{1,60}?))\s*(?::|\s[—–-])\s*(?P<def>\S.*)$"
)
_FOLDER_BULLET = re.compile(
    r"^\s*[-*+]\s+(?:\*\*(?P<title>[^*]+)\*\*\s*)?\(?(?P<folders>`[^`/]+/`(?:\s*(?:,|and)\s*`[^`/]+/`)*)\)?"
    r"\s*[:—–-]\s*(?P<desc>\S.*)$"
)
_FOLDER_NAME = re.compile(r"`([^`/]+)/`")
_FOLDER_TREE = re.compile(r"^[\s│├└─|`+]*(?P<folder>[\w.-]+)/\s+#\s*(?P<desc>\S.*)$")
_FRONT_DESCRIPTION = re.compile(r"^description:\s*(?P<value>.+)$", re.M)


def read_text(path: Path) -> str:
    """A small text file of the oracle, decoded as the scan decodes files; '' when it cannot be read."""
    try:
        with path.open("rb") as fh:
            return decode(fh.read(MAX_BYTES)).text
    except OSError:
        return ""


def parse_skill(text: str) -> Orientation:
    body, description = _split_front_matter(text)
    return Orientation(
        glossary=tuple(glossary(body)),
        topics=folder_blurbs(body),
        description=description,
        introduction=parse_topic_index(body).description,
    )


def _split_front_matter(text: str) -> tuple[str, str]:
    if not text.startswith("---\n"):
        return text, ""
    end = text.find("\n---", 3)
    if end == -1:
        return text, ""
    m = _FRONT_DESCRIPTION.search(text[4:end])
    value = m.group("value").strip().strip("\"'") if m else ""
    return text[end + 4 :], value


def glossary(body: str) -> list[tuple[str, str]]:
    """(term, definition) pairs from the bullets of a Glossary section."""
    out: list[tuple[str, str]] = []
    inside = False
    for line in body.splitlines():
        if _HEADING.match(line):
            inside = bool(_GLOSSARY_HEADING.match(line))
            continue
        if inside:
            m = _TERM.match(line)
            if m:
                term = (m.group("bold") or m.group("plain") or "").strip().rstrip(":")
                out.append((term, m.group("def").strip()))
    return out


def folder_blurbs(body: str) -> dict[str, TopicBlurb]:
    """Topic folder -> (title, description) from lines of SKILL.md that describe a folder."""
    out: dict[str, TopicBlurb] = {}
    for line in body.splitlines():
        m = _FOLDER_BULLET.match(line) or _FOLDER_TREE.match(line)
        if m is None:
            continue
        groups = m.groupdict()
        folders = _FOLDER_NAME.findall(groups["folders"]) if groups.get("folders") else [groups["folder"]]
        title = (groups.get("title") or "").strip() if len(folders) == 1 else ""
        desc = _plain(m.group("desc")).strip()
        for folder in folders:
            if folder not in out and desc:
                out[folder] = TopicBlurb(title, desc)
    return out


def parse_topic_index(text: str) -> TopicBlurb:
    """A topic's own INDEX.md (or SKILL.md's body): its H1 (without "Index") and its first paragraph."""
    title, para, seen_title = "", [], False
    for line in text.splitlines():
        s = line.strip()
        if not seen_title and s.startswith("# "):
            title = re.sub(r"\s*[-–—:]?\s*index$", "", s[2:].strip(), flags=re.I)
            seen_title = True
            continue
        if not s:
            if para:
                break
            continue
        if s.startswith(("#", "|", "```", "<", "---")):
            if para:
                break
            continue
        para.append(s)
    return TopicBlurb(title, _plain(" ".join(para)))


_MARKUP = re.compile(r"\*\*|__|(?<!\w)[*_](?!\s)|(?<!\s)[*_](?!\w)")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_CODE = re.compile(r"(`+)(.+?)\1")


def _plain(text: str) -> str:
    """Markdown inline text as plain text: links become their text, emphasis marks go, code keeps its text."""
    text = _LINK.sub(r"\1", text)
    out, pos = [], 0
    for m in _CODE.finditer(text):
        out.append(_MARKUP.sub("", text[pos : m.start()]))
        out.append(m.group(2))
        pos = m.end()
    out.append(_MARKUP.sub("", text[pos:]))
    return "".join(out).strip()


def read_orientation(root: Path, skill_path: str | None, topics: list[str]) -> Orientation:
    """Read SKILL.md (when there is one) and each topic's INDEX.md (when it has one)."""
    base = parse_skill(read_text(root / skill_path)) if skill_path else Orientation()
    blurbs = dict(base.topics)
    for topic in topics:
        if not topic:
            continue
        index = next(
            (root / topic / n for n in ("INDEX.md", "index.md", "README.md") if (root / topic / n).is_file()), None
        )
        if index is None:
            continue
        own = parse_topic_index(read_text(index))
        have = blurbs.get(topic, TopicBlurb())
        blurbs[topic] = TopicBlurb(have.title or own.title, have.description or own.description)
    return Orientation(base.glossary, blurbs, base.description, base.introduction)
