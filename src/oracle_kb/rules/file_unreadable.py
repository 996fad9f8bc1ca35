from ..model import IssueKind, Role, Severity
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
    IssueKind.NUL_BYTES: (
        "{detail} stray NUL byte(s), the first on this line (control characters left by a conversion); the rest "
        "of the file is read",
        "delete the NUL bytes: they show as nothing and break tools that read the file as text",
    ),
    IssueKind.TOO_LARGE: ("{detail}; not read", "split the file, or add it to `ignore`"),
    IssueKind.OS_ERROR: ("cannot be read: {detail}", "check the file's permissions"),
    IssueKind.FOLDER_UNREADABLE: ("folder cannot be read: {detail}", "check its permissions"),
}
KINDS = tuple(_MESSAGES)


def check(oracle, index, config):
    for path, issue in issues(oracle, KINDS):
        if issue.kind == IssueKind.NUL_BYTES and _source_copy(oracle, path):
            continue  # the original's debris, not the author's
        message, fix = _MESSAGES[issue.kind]
        yield Hit(path, issue.line, message.format(detail=issue.detail), fix)


def _source_copy(oracle, path: str) -> bool:
    kf = oracle.files.get(path)
    return kf is not None and kf.role == Role.SOURCE


RULE = Rule(
    id="file-unreadable",
    severity=Severity.ERROR,
    summary="A markdown file cannot be read as text: invalid UTF-8 (read with replacement characters), binary (NUL "
    "bytes over 1% of it, or NUL bytes in what is not UTF-8), larger than `max-file-bytes` (default 10 MiB), or an "
    "OS error. A few stray NUL bytes in text (debris of a PDF conversion) are reported and removed, and the rest of "
    "the file is read and checked; in source copies (`source-globs`) they are the original's and not reported.",
    why="What cannot be decoded cannot be checked or published faithfully.",
    example="(a .md file saved as Latin-1 with `caf\\xe9`, or a PDF renamed to .md)",
    passes="(a .md file saved as UTF-8; a paper converted into source-documents/ with two stray NUL bytes)",
    fix="Re-save as UTF-8; replace binaries with markdown; split huge files or add them to `ignore`.",
    check=check,
)
