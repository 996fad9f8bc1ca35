"""The plan rules' field conventions beyond `test_conventions_plans.py`: the new rules' both sides, the edges of
drop matching and ticks, and that every plan rule says what it accepts."""

from __future__ import annotations

import json

from conftest import findings, knowledge, of, plan
from test_conventions_plans import PLAN, PLAN_RULES, WS, drop_file, part

from oracle_kb.cli import main
from oracle_kb.rules import all_rules


def test_every_plan_rule_says_what_it_accepts():
    for rule in all_rules():
        if rule.id in PLAN_RULES | {
            "drop-claim-wrong",
            "part-file-moved",
            "part-file-misplaced",
            "influence-not-linked",
        }:
            assert rule.passes and rule.passes != rule.example, rule.id


# ---------------------------------------------------------------- drops


def test_a_drop_naming_the_right_file_and_length_has_no_finding(oracle_dir):
    body = "# KNOWLEDGE DROP\n\n**Runner**: PART 1\n**File Created**: `t/a.md` (100 lines)\n"
    root = oracle_dir({PLAN: plan(part(1, "t/a.md")), "t/a.md": knowledge(lines=100), **drop_file("a", body=body)})
    fs = findings(root)
    assert not of(fs, "drop-claim-wrong") and not of(fs, "drop-missing") and not of(fs, "drop-unmatched")


def test_a_drop_claiming_the_budget_for_a_dense_file_is_not_wrong(oracle_dir):
    # 300 lines of 40 words: the text of ~700 lines at the usual 39 bytes a line
    dense = knowledge(body="".join(" ".join(["word"] * 40) + "\n" for _ in range(300)))
    body = "# KNOWLEDGE DROP\n\n**Runner**: PART 1\n**File Created**: t/a.md\n**Lines**: ~700\n"
    root = oracle_dir({PLAN: plan(part(1, "t/a.md", budget=700)), "t/a.md": dense, **drop_file("a", body=body)})
    fs = findings(root)
    assert not of(fs, "drop-claim-wrong") and not of(fs, "line-count-under")


def test_the_format_s_own_drop_head_is_read(oracle_dir):
    # lod-btree-oracle/SKILL.md: the KNOWLEDGE DROP format, with the file under a heading and its length after it
    body = (
        "# KNOWLEDGE DROP: Quantum Entanglement (2024-2025 Research)\n\n**Runner**: PART 1\n"
        "**Timestamp**: 2025-02-03 15:45\n**Status**: ✓ COMPLETE\n\n## Knowledge File Created\n"
        "`concepts/quantum-entanglement-2024.md` (250 lines)\n"
    )
    root = oracle_dir(
        {
            PLAN: plan(part(1, "t/a.md", drop="quantum-entanglement")),
            "t/a.md": knowledge(lines=100),
            **drop_file("quantum-entanglement", body=body),
        }
    )
    f = of(findings(root), "drop-claim-wrong")
    assert [(x.line, x.fix) for x in f] == [(8, "correct the path in the drop to `t/a.md`")]


def test_a_drop_in_another_plan_s_folder_is_not_this_plan_s(oracle_dir):
    other = "_ingest-auto/completed/expansion-other"
    root = oracle_dir(
        {
            PLAN: plan(part(1, "t/a.md")),
            f"{other}/ingestion.md": plan(part(1, "u/b.md")),
            "t/a.md": knowledge(lines=100),
            "u/b.md": knowledge(lines=100),
            **drop_file("b", folder=other),
            **drop_file("a", folder=other),  # beside the other plan, named for this plan's PART
        }
    )
    fs = findings(root)
    assert [f.path for f in of(fs, "drop-missing")] == [PLAN]
    assert [f.path.rsplit("/", 1)[1] for f in of(fs, "drop-unmatched")] == ["KNOWLEDGE-DROP-a-2026-11-21-1000.md"]


def test_a_shortened_slug_fitting_two_parts_is_not_guessed(oracle_dir):
    text = plan(part(1, "t/a.md", drop="early-fusion-basics") + part(2, "t/b.md", drop="early-fusion-training"))
    files = {"t/a.md": knowledge(lines=100), "t/b.md": knowledge(lines=100), **drop_file("early-fusion")}
    fs = findings(oracle_dir({PLAN: text, **files}))
    assert len(of(fs, "drop-missing")) == 2 and len(of(fs, "drop-unmatched")) == 1


def test_fix_takes_the_time_from_the_drop_s_head_when_its_name_has_none(oracle_dir, capsys):
    text = "# P\n\n## PART 1: Create t/a.md (20 lines)\n\n- [ ] PART 1: Create t/a.md\n"
    drop = {f"{WS}/KNOWLEDGE-DROP-a-2026-03-04.md": "# d\n\n**Runner**: PART 1\n**Timestamp**: 2026-03-04 21:07\n"}
    root = oracle_dir({PLAN: text, "t/a.md": knowledge(), **drop})
    main(["fix", str(root)])
    capsys.readouterr()
    assert "- [✓] PART 1: Create t/a.md (Completed 2026-03-04 21:07)" in (root / PLAN).read_text()


def test_a_drop_time_that_is_no_time_of_day_is_not_written(oracle_dir, capsys):
    text = "# P\n\n## PART 1: Create t/a.md (20 lines)\n\n- [ ] PART 1: Create t/a.md\n"
    root = oracle_dir({PLAN: text, "t/a.md": knowledge(), f"{WS}/KNOWLEDGE-DROP-a-2026-03-04-1683.md": "# d\n"})
    main(["fix", str(root)])
    capsys.readouterr()
    assert "- [✓] PART 1: Create t/a.md" in (root / PLAN).read_text().splitlines()


# ---------------------------------------------------------------- ticks and plan structure


def test_a_partial_part_is_listed_as_partial_and_not_ticked_by_fix(oracle_dir, capsys):
    text = "# P\n\n## PART 1: Create t/a.md (20 lines)\n\n- [/] PART 1: Create t/a.md\n"
    root = oracle_dir({PLAN: text, "t/a.md": knowledge()})
    main(["check", str(root), "--format", "json"])
    assert json.loads(capsys.readouterr().out)["plans"][0]["parts"][0]["status"] == "partial"
    main(["fix", str(root)])
    capsys.readouterr()
    assert (root / PLAN).read_text() == text


def test_a_batch_s_runner_count_is_not_the_plan_s_total(oracle_dir):
    text = plan("# BATCH 1: Foundations (1 runner)\n\n" + part(1, "t/a.md") + "# BATCH 2: More (1 runners)\n\n")
    text = text.replace("(1 runner)", "(5 runners)")
    assert not of(findings(oracle_dir({PLAN: text})), "plan-count-mismatch")


def test_a_template_plan_is_listed_on_the_home_page_not_among_the_live_plans(oracle_dir):
    from oracle_kb.config import Config
    from oracle_kb.pipeline import check
    from oracle_kb.render.pages import home
    from oracle_kb.render.site_model import SiteModel

    root = oracle_dir(
        {
            "_ingest-auto/templates/expansion-template/ingestion.md": plan(part(1, "t/x.md")),
            PLAN: plan(part(1, "t/a.md")),
        }
    )
    c = check(Config(oracle_dir=root))
    page = home(SiteModel(c.oracle, c.index, c.findings))
    plans, templates = page.split("## Templates")
    assert "Test plan" in plans and "1 PARTs, not checked" in templates


# ---------------------------------------------------------------- targets


def test_a_copy_left_in_the_plan_folder_is_a_leftover_and_says_whether_it_differs(oracle_dir):
    same, other = knowledge(lines=100), knowledge(lines=90)
    text = plan(part(1, "t/a.md") + part(2, "t/b.md"))
    root = oracle_dir(
        {
            PLAN: text,
            "t/a.md": same,
            f"{WS}/t/a.md": same,
            "t/b.md": knowledge(lines=100),
            f"{WS}/t/b.md": other,
            **drop_file("a"),
            **drop_file("b"),
        }
    )
    fs = of(findings(root), "part-file-leftover")
    assert [(f.path, f.severity.value) for f in fs] == [(f"{WS}/t/a.md", "info"), (f"{WS}/t/b.md", "info")]
    assert "identical" in fs[0].message and fs[0].fix == "delete the copy"
    assert "another version" in fs[1].message and "t/b.md" in fs[1].fix


def test_a_common_name_is_not_taken_for_a_moved_file(oracle_dir):
    root = oracle_dir({PLAN: plan(part(1, "practical/00-overview.md", drop="a")), "vlm/00-overview.md": knowledge()})
    fs = findings(root)
    assert of(fs, "part-file-missing") and not of(fs, "part-file-moved")


# ---------------------------------------------------------------- influences


def test_files_listed_together_count_as_a_mention(oracle_dir):
    from test_conventions_plans import _influence_oracle

    root = _influence_oracle(oracle_dir, "[one](../infl/one.md)\n\nFiles 1 and 2 agree on batching.\n")
    fs = findings(root)
    line = (root / "t/a.md").read_text().splitlines().index("Files 1 and 2 agree on batching.") + 1
    assert not of(fs, "influence-missing")
    assert [(f.line, f.fix) for f in of(fs, "influence-not-linked")] == [
        (line, "make the mention a link: [two.md](../infl/two.md)")
    ]
