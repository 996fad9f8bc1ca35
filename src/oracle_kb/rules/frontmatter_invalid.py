from ..model import Severity
from . import Context, Rule, issues_of


def check(ctx: Context):
    yield from issues_of(ctx, "frontmatter-invalid")


RULE = Rule(
    id="frontmatter-invalid",
    severity=Severity.ERROR,
    summary="YAML front matter (between `---` lines at the top) does not parse, is not a mapping, or is never closed.",
    why="Front matter carries the title and metadata the site uses; a broken block is silently shown as text or dropped.",
    example="---\ntitle: LoRA: low-rank adaptation\ntags: [peft\n---",
    fix="Quote values holding `:` or `#`, close brackets, end the block with `---`.",
    check=check,
)
