from ..model import Severity
from .rule import Hit, Rule


def check(oracle, index, config):
    for plan in index.live_plans:
        d = plan.declared
        defined = len({p.number for p in plan.parts})
        if d.parts is not None and d.parts != defined:
            yield Hit(
                plan.path,
                d.parts_line,
                f"declares {d.parts} PARTs but defines {defined}",
                "define the missing PARTs, or correct the declared total",
            )
        budgets = [p.budget_lines for p in plan.parts]
        if d.lines is not None and budgets and all(budgets):
            total = sum(budgets)
            # "~29,400 lines across 42 files" with 9 PARTs of ~700 is the PART shortfall said again: compare what
            # one file gets (the shortfall itself is reported above)
            files = d.lines_files or len(budgets)
            if abs(total / len(budgets) - d.lines / files) > 0.1 * d.lines / files:
                yield Hit(
                    plan.path,
                    d.lines_line,
                    f"declares ~{d.lines:,} lines but its PARTs budget {total:,}",
                    "correct the declared total or the PART budgets",
                )
        if d.batches is not None and plan.batches and d.batches != len(plan.batches):
            yield Hit(
                plan.path,
                d.batches_line,
                f"declares {d.batches} batches but lists {len(plan.batches)}",
                "list every batch, or correct the declared count",
            )


RULE = Rule(
    id="plan-count-mismatch",
    severity=Severity.WARNING,
    summary='Totals a plan declares ("Total PARTs: 9", "42 runners", "~29,400 lines across 42 files", '
    '"7 batches") differ from what it defines (more than 10% for lines). Lines declared "across N files" are '
    "compared per file, so a plan that defines fewer PARTs than it declares is reported once, for the PARTs; "
    '"300-400 lines each" is a per-file budget, not a total.',
    why="The declared totals are what progress is measured against; when they disagree with the PARTs, either "
    "work is missing from the plan or the headline is wrong.",
    example="# Knowledge Expansion (42 runners in 7 batches)\n(only 9 PARTs defined)",
    fix="Define the missing PARTs or correct the totals.",
    check=check,
    passes="**Strategy**: 36 runners in 6 batches\n**Total**: ~25,200 lines across 36 files\n"
    "(36 PARTs of ~700 lines each, 6 `# BATCH` headings)",
)
