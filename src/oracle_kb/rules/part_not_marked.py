import re

from ..model import Edit, Severity
from .rule import Hit, Rule

_UNCHECKED = re.compile(r"^(\s*[-*+]\s+)\[\s?\](\s*PART\s+(\d+)\s*:.*?)\s*$")


def tick(oracle, ref) -> tuple[Edit, ...]:
    """The edit that ticks the PART's checkbox, stamped with its finishing time when one is known.

    The time is the KNOWLEDGE-DROP's (its name's `HHMM` or `HH-MM`, else its head's timestamp). Without a drop
    the tick asks `oracle-kb fix` to use the file's last commit time, if the oracle is in git; a file's
    modification time says when it was copied or checked out, not when the work was done, so it is never used.
    """
    part = ref.part
    m = _UNCHECKED.match(part.status_text)
    if m is None or int(m.group(3)) != part.number:
        return ()
    rest = m.group(2)
    when = _finished(oracle.drops.get(ref.drop)) if ref.drop else ""
    if when and "Completed" not in rest:
        rest += f" (Completed {when})"
    stamp_from = ref.file.path if not when and ref.file is not None and "Completed" not in rest else ""
    new = f"{m.group(1)}[✓]{rest}"
    return (Edit(ref.plan.path, part.status_line, part.status_text, new, f"tick PART {part.number}", stamp_from),)


def _finished(drop) -> str:
    if drop is None:
        return ""
    if drop.date and drop.time:
        return f"{drop.date} {drop.time[:2]}:{drop.time[2:]}"
    return drop.finished


def check(oracle, index, config):
    for ref in index.parts:
        plan, part = ref.plan, ref.part
        if part.done or ref.file is None:
            continue
        if part.partial:
            yield Hit(
                plan.path,
                part.status_line or part.line,
                f"`{ref.file.path}` exists but PART {part.number} is marked partial (`[/]`)",
                "finish the PART's unticked steps, then tick it",
            )
            continue
        yield Hit(
            plan.path,
            part.status_line or part.line,
            f"`{ref.file.path}` exists but PART {part.number} is not marked complete",
            "tick the PART with its completion time (`oracle-kb fix` does this)",
            tick(oracle, ref) if part.status_line else (),
        )


RULE = Rule(
    id="part-not-marked",
    severity=Severity.WARNING,
    summary="A PART's target file exists but the PART is not ticked complete: neither its checkbox "
    "(`- [✓] PART 1: …`) nor a completion step (`- [✓] PART 1 COMPLETE ✅`, `- [✓] Mark: PART 1 COMPLETE`, "
    "`**Complete:** [✓] PART 1`, `Mark PART 1 complete [✓]`) carries a tick (`✓ ✔ ✅ ☑ x X`). A PART marked "
    "`[/]` is reported as partial.",
    why="Progress dashboards and the next runner read the checkboxes; an unticked finished PART gets redone.",
    example="- [ ] PART 1: Create practical-implementation/46-frozen-backbone-adapter-training.md\n(file exists)",
    fix="Tick it: `- [✓] PART 1: Create … (Completed YYYY-MM-DD HH:MM)`, or run `oracle-kb fix`: the time comes "
    "from the PART's KNOWLEDGE-DROP (its name, else its `**Timestamp**`), else from the file's last git commit; "
    "without either the tick carries no time.",
    check=check,
    passes="## PART 1: Create practical-implementation/46-frozen-backbone-adapter-training.md (~300 lines)\n"
    "- [ ] PART 1: Create practical-implementation/46-frozen-backbone-adapter-training.md\n"
    "…\n- [✓] PART 1 COMPLETE ✅\n(file exists)",
)
