from ..model import Severity
from . import Context, Rule, issues_of


def check(ctx: Context):
    yield from issues_of(ctx, "file-unreadable")


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
