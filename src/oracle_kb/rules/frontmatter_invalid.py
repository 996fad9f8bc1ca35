from ..model import IssueKind, Severity
from .rule import Hit, Rule, issues

_MESSAGES = {
    IssueKind.FRONTMATTER_UNCLOSED: (
        "front matter opened with --- is never closed",
        "close it with a line holding only ---",
    ),
    IssueKind.FRONTMATTER_YAML: (
        "front matter is not valid YAML: {detail}",
        "fix the YAML between the --- lines (quote values that hold ':' or '#')",
    ),
    IssueKind.FRONTMATTER_NOT_MAPPING: (
        "front matter is not a mapping of key: value lines",
        "front matter must be a YAML mapping of key: value lines",
    ),
}
KINDS = tuple(_MESSAGES)


def check(oracle, index, config):
    for path, issue in issues(oracle, KINDS):
        message, fix = _MESSAGES[issue.kind]
        yield Hit(path, issue.line, message.format(detail=issue.detail), fix)


RULE = Rule(
    id="frontmatter-invalid",
    severity=Severity.ERROR,
    summary="YAML front matter (between `---` lines at the top) does not parse, is not a mapping, or is never closed.",
    why="Front matter carries the title and metadata the site uses; a broken block is silently shown as text or dropped.",
    example="---\ntitle: LoRA: low-rank adaptation\ntags: [peft\n---",
    fix="Quote values holding `:` or `#`, close brackets, end the block with `---`.",
    check=check,
)
