from conftest import SEED_000, SEED_004

from oracle_kb.read.plans import parse_plan
from oracle_kb.read.text import decode


def parse(path, text=None):
    data = path.read_bytes() if text is None else text.encode()
    return parse_plan("_ingest-auto/completed/p/ingestion.md", decode(data))


def test_seed_000_parses_to_nine_parts_with_budgets_and_targets():
    p = parse(SEED_000)
    assert [x.number for x in p.parts] == list(range(1, 10))
    assert [x.budget_lines for x in p.parts] == [300, 350, 280, 260, 320, 340, 300, 290, 310]
    assert p.parts[0].target == "practical-implementation/46-frozen-backbone-adapter-training.md"
    assert p.parts[8].target == "practical-implementation/54-debugging-transformer-gradients.md"
    assert [x.done for x in p.parts] == [False] + [True] * 8
    assert p.parts[1].completed_at == "2025-01-31 16:45"
    assert p.declared.parts == 9 and p.declared.lines == 2750
    assert p.date == "2025-01-31" and p.oracle == "karpathy-deep-oracle"
    assert not p.truncated and not p.mojibake_lines
    assert [s.title for s in p.parts[0].sections] == [  # section budgets are not part of the title
        "Overview - Why Freeze Backbones?",
        "Adapter Architectures",
        "Training Strategies",
        "Practical Code Examples",
    ]
    assert p.parts[0].topic_slug == "frozen-backbone-adapter-training"


def test_seed_004_parses_to_nine_parts_with_influences_despite_mojibake_and_truncation():
    p = parse(SEED_004)
    assert [x.number for x in p.parts] == list(range(1, 10))
    assert all(x.budget_lines == 700 for x in p.parts)
    assert all(x.done for x in p.parts)  # every ‚úì is repaired to ✓ and read as checked
    assert p.parts[0].target == "vlm-mastery/00-early-fusion-architectures.md"
    assert p.parts[0].influences == (1, 5, 8) and p.parts[0].arr_coc_share == 0.10
    assert p.parts[8].influences == (1, 9, 13)
    assert len(p.influences) == 16
    assert p.influences[16].path == "alternative-hardware/03-tpu-programming-fundamentals.md"
    assert p.declared.parts == 42 and p.declared.lines == 29400 and p.declared.batches == 7
    assert p.truncated and p.truncated_line == p.line_count
    assert len(p.mojibake_lines) > 50
    assert p.parts[1].drop_slug == "mid-fusion" and p.parts[4].drop_slug == "attention-vlm-complete"
    assert p.parts[8].topic_slug == "eva-clip-billion-scale"  # cut off before its drop step
    assert [b.number for b in p.batches] == list(range(1, 8))
    assert (p.batches[1].first_part, p.batches[1].last_part) == (7, 12)
    assert all("lines" not in s.title for s in p.parts[4].sections)


def test_truncated_at_every_byte_never_raises_and_keeps_what_was_read():
    data = SEED_000.read_text()
    for cut in range(0, len(data), 997):
        p = parse(SEED_000, data[:cut])
        assert len(p.parts) <= 9


def test_check_marks_in_all_spellings():
    for mark, done in [("x", True), ("X", True), ("✓", True), ("✔", True), (" ", False), ("", False)]:
        p = parse(SEED_000, f"## PART 1: Create a/b.md (10 lines)\n\n- [{mark}] PART 1: Create a/b.md\n")
        assert p.parts[0].done is done, mark


def test_checkbox_with_nothing_after_it_is_kept_as_an_empty_item():
    p = parse(SEED_000, "## PART 1: Create a/b.md (10 lines)\n**Step 1: Research**\n- [ ]\n- [x] \n")
    assert [(i.checked, i.text) for i in p.parts[0].steps[0].items] == [(False, ""), (True, "")]


def test_repeated_and_skipped_part_numbers_are_all_kept():
    text = "".join(f"## PART {n}: Create t/{n}.md (5 lines)\n\n" for n in (1, 2, 2, 5))
    assert [x.number for x in parse(SEED_000, text).parts] == [1, 2, 2, 5]


def test_influence_ranges_and_arr_coc_share():
    p = parse(SEED_000, "## PART 1: X (~10 lines)\n\n**Influenced by**: Files 1-3, 7 + ARR-COC (15%)\n")
    assert p.parts[0].influences == (1, 2, 3, 7) and p.parts[0].arr_coc_share == 0.15


def test_crafted_numbers_and_long_runs_never_raise():
    nines = "9" * 4400
    text = (
        f"# P\n\nTotal: ,,,, lines\n**Total PARTs**: {nines}\n\n## PART {nines}: X\n"
        "## PART 1: Create t/a.md (,, lines)\n- [x] PART 1: Create t/a.md\n"
        f"**Influenced by**: Files {nines}, 1-{nines}\n"
        "#" + " " * 4000 + "x\n" + "~" + " " * 8000 + "x lines\n"
    )
    p = parse(SEED_000, text)
    assert [x.number for x in p.parts] == [1] and p.parts[0].budget_lines is None
    assert p.parts[0].influences == () and p.declared.parts is None


def test_a_cross_is_not_a_check_mark():
    p = parse(SEED_000, "## PART 1: Create a/b.md (10 lines)\n\n- [✗] PART 1: Create a/b.md\n")
    assert p.parts[0].done is False
