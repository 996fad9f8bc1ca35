from ..model import IssueKind, Severity
from .rule import Hit, Rule, issues

_MESSAGES = {
    IssueKind.UNDECODABLE: (
        "not valid UTF-8 ({detail}); read with replacement characters",
        "re-save the file as UTF-8",
    ),
    IssueKind.BINARY: (
        "contains NUL bytes: a binary file, not markdown",
        "remove the file or replace it with its markdown source",
    ),
    IssueKind.TOO_LARGE: ("{detail}; not read", "split the file, or add it to `ignore`"),
    IssueKind.OS_ERROR: ("cannot be read: {detail}", "check the file's permissions"),
    IssueKind.FOLDER_UNREADABLE: ("folder cannot be read: {detail}", "check its permissions"),
}
KINDS = tuple(_MESSAGES)


def check(oracle, index, config):
    for path, issue in issues(oracle, KINDS):
        message, fix = _MESSAGES[issue.kind]
        yield Hit(path, issue.line, message.format(detail=issue.detail), fix)


RULE = Rule(
    id="file-unreadable",
    severity=Severity.ERROR,
    summary="A markdown file cannot be read as text: invalid UTF-8 (read with replacement characters), NUL bytes "
    "(binary), larger than `max-file-bytes` (default 10 MiB), or an OS error.",
    why="What cannot be decoded cannot be checked or published faithfully.",
    example="(a .md file saved as Latin-1 with `caf\\xe9`, or a PDF renamed to .md)",
    fix="Re-save as UTF-8; replace binaries with markdown; split huge files or add them to `ignore`.",
    check=check,
)
