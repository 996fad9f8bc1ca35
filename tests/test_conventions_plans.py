"""Plan-level conventions seen in real oracles (issue 13): what the plan rules must accept, and what they must
still report.

Each test reproduces one convention from `/work/notes/field-conventions-B.md` in a small inline oracle: what the
rules accept (written first as strict xfails, now implemented) and, as guards, the true findings that must stay.
Only the stable helpers (write_oracle/oracle_dir, findings, of, knowledge, plan) and the CLI are used.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from conftest import SEED_004, findings, knowledge, of, plan

from oracle_kb.cli import main

WS = "_ingest-auto/completed/expansion-t-2026-11-21"  # a plan's workspace folder
PLAN = f"{WS}/ingestion.md"
PLAN_RULES = {
    "part-file-missing",
    "path-resolved-by-suffix",
    "part-not-marked",
    "part-numbering",
    "drop-missing",
    "drop-unmatched",
    "plan-count-mismatch",
    "plan-truncated",
    "section-missing",
    "influence-missing",
    "influence-file-missing",
    "arr-coc-section-missing",
    "line-count-under",
    "line-count-over",
}


def plan_findings(fs):
    return [f for f in fs if f.rule in PLAN_RULES]


def check_json(root, capsys) -> dict:
    main(["check", str(root), "--format", "json"])
    return json.loads(capsys.readouterr().out)


def part(n: int, target: str, *, mark: str = "✓", budget: int = 100, body: str = "", drop: str | None = None) -> str:
    """One PART in the seeds' shape; `drop` is the slug its KNOWLEDGE-DROP step asks for."""
    slug = drop if drop is not None else target.rsplit("/", 1)[-1].removesuffix(".md")
    return (
        f"## PART {n}: Create {target} (~{budget} lines)\n\n"
        f"- [{mark}] PART {n}: Create {target}\n\n"
        f"**Step 1: Write**\n{body}"
        f"**Step 2: Create KNOWLEDGE DROP**\n"
        f"- [{mark}] Create KNOWLEDGE-DROP-{slug}-2026-11-21-[TIME].md\n\n---\n\n"
    )


def drop_file(slug: str, time: str = "1000", folder: str = WS, body: str = "# KNOWLEDGE DROP\n") -> dict[str, str]:
    return {f"{folder}/KNOWLEDGE-DROP-{slug}-2026-11-21-{time}.md": body}


# ======================================================================= templates


TEMPLATE_PART = part(1, "t/never-written.md")  # ticked, target missing, drop requested and absent


def test_plan_in_a_template_folder_is_not_checked(oracle_dir):
    root = oracle_dir({"_ingest-auto/templates/expansion-template/ingestion.md": plan(TEMPLATE_PART)})
    assert plan_findings(findings(root)) == []


def test_plan_titled_template_is_not_checked(oracle_dir):
    text = plan(TEMPLATE_PART).replace("# Knowledge Expansion: Test plan", "# Knowledge Expansion TEMPLATE: [TOPIC]")
    root = oracle_dir({PLAN: text})
    assert plan_findings(findings(root)) == []


def test_permanent_template_marker(oracle_dir, capsys):
    text = plan(TEMPLATE_PART, header="**PERMANENT TEMPLATE – DO NOT REMOVE**\n")
    root = oracle_dir({"_ingest-auto/inprocess/expansion-example/ingestion.md": text})
    assert plan_findings(findings(root)) == []
    entry = check_json(root, capsys)["plans"][0]
    assert entry.get("template") is True or "template" in (entry.get("kind"), entry.get("status"))


def test_a_live_plan_that_mentions_a_code_template_is_still_checked(oracle_dir):
    # lod-btree-oracle texture-visualization plan: "- Code template: Gradio app with embedded texture viewer"
    body = "- [✓] Section 1: Blueprint\n      - Code template: Gradio app with embedded texture viewer\n"
    root = oracle_dir({PLAN: plan(part(1, "t/never-written.md", body=body))})
    assert "does not exist" in of(findings(root), "part-file-missing")[0].message


def test_same_finding_through_two_plans_is_reported_once(oracle_dir):
    body = "- [✓] Section 1: Early fusion principles\n- [✓] Section 2: Deployment on Kubernetes\n"
    both = plan(part(1, "t/a.md", body=body))
    root = oracle_dir(
        {
            PLAN: both,
            "_ingest-auto/inprocess/expansion-t-copy/ingestion.md": both,
            "t/a.md": knowledge(body="## 1. Early fusion principles\n", lines=100),
            **drop_file("a"),
            **drop_file("a", folder="_ingest-auto/inprocess/expansion-t-copy"),
        }
    )
    assert len(of(findings(root), "section-missing")) == 1


# ======================================================================= ticks


def _completion_step_plan(step: str, heading_mark: str = " ") -> str:
    return plan(
        f"## PART 1: Create t/a.md (~100 lines)\n\n- [{heading_mark}] PART 1: Create t/a.md\n\n"
        f"**Step 1: Write**\n- [ ] Section 1: Overview\n\n**Step 2: Complete**\n{step}\n\n---\n"
    )


@pytest.mark.parametrize("mark", ["✓", "✔", "✅", "x", "X", "\u201a\u00fa\u00ec", "\u00e2\u0153\u201c"])
def test_completion_step_tick_completes_the_part(oracle_dir, mark):
    # the last two are ✓ read as Mac Roman (the seeds) and as cp1252
    root = oracle_dir({PLAN: _completion_step_plan(f"- [{mark}] PART 1 COMPLETE ✅"), "t/a.md": knowledge()})
    assert not of(findings(root), "part-not-marked")


def test_mark_colon_part_complete_step(oracle_dir):
    root = oracle_dir({PLAN: _completion_step_plan("- [✓] Mark: PART 1 COMPLETE ✅"), "t/a.md": knowledge()})
    assert not of(findings(root), "part-not-marked")


def test_tick_after_the_text_completes_the_part(oracle_dir):
    root = oracle_dir({PLAN: _completion_step_plan("- Mark PART 1 complete [✓]"), "t/a.md": knowledge()})
    assert not of(findings(root), "part-not-marked")


def test_complete_field_line_completes_the_part(oracle_dir):
    root = oracle_dir({PLAN: _completion_step_plan("**Complete:** [✓] PART 1 ✅"), "t/a.md": knowledge()})
    assert not of(findings(root), "part-not-marked")


def test_completion_step_tick_with_missing_file_is_part_file_missing(oracle_dir):
    root = oracle_dir({PLAN: _completion_step_plan("- [✓] PART 1 COMPLETE ✅")})
    assert "PART 1" in of(findings(root), "part-file-missing")[0].message


def test_unticked_part_with_its_file_is_still_not_marked(oracle_dir):
    root = oracle_dir({PLAN: _completion_step_plan("- [ ] PART 1 COMPLETE ✅"), "t/a.md": knowledge()})
    assert "PART 1 is not marked complete" in of(findings(root), "part-not-marked")[0].message


def test_unticked_part_without_a_file_is_open_work_not_a_finding(oracle_dir):
    root = oracle_dir({PLAN: _completion_step_plan("- [ ] PART 1 COMPLETE ✅")})
    assert plan_findings(findings(root)) == []


def test_partial_mark_is_reported_as_partial(oracle_dir):
    root = oracle_dir({PLAN: _completion_step_plan("", heading_mark="/"), "t/a.md": knowledge()})
    f = of(findings(root), "part-not-marked")[0]
    assert "partial" in f.message and "oracle-kb fix" not in f.fix


# ======================================================================= KNOWLEDGE-DROPs


def _drop_plan(slug: str = "quantum-entanglement", target: str = "t/quantum.md") -> str:
    return plan(part(1, target, drop=slug))


def _drop_oracle(oracle_dir, drops: dict[str, str], slug: str = "quantum-entanglement", name: str = "oracle"):
    return oracle_dir({PLAN: _drop_plan(slug), "t/quantum.md": knowledge(lines=100), **drops}, name)


def test_drop_with_hh_mm_time_matches(oracle_dir):
    root = _drop_oracle(oracle_dir, {f"{WS}/KNOWLEDGE-DROP-quantum-entanglement-2026-11-21-15-45.md": "# d\n"})
    fs = findings(root)
    assert not of(fs, "drop-missing") and not of(fs, "drop-unmatched")


def test_drop_in_the_topic_folder_matches(oracle_dir):
    root = _drop_oracle(oracle_dir, drop_file("quantum-entanglement", folder="t"))
    fs = findings(root)
    assert not of(fs, "drop-missing") and not of(fs, "drop-unmatched")


def test_drop_with_a_shortened_slug_matches(oracle_dir):
    root = _drop_oracle(oracle_dir, drop_file("quantum"))
    fs = findings(root)
    assert not of(fs, "drop-missing") and not of(fs, "drop-unmatched")


@pytest.mark.parametrize("slug", ["part01", "part-1", "PART1"])
def test_drop_named_by_part_number_matches(oracle_dir, slug):
    root = _drop_oracle(oracle_dir, drop_file(slug))
    fs = findings(root)
    assert not of(fs, "drop-missing") and not of(fs, "drop-unmatched")


def test_drop_matched_by_what_its_body_says(oracle_dir):
    body = "# KNOWLEDGE DROP: Quantum\n\n**Runner**: PART 1\n**File Created**: `t/quantum.md` (100 lines)\n"
    root = _drop_oracle(oracle_dir, drop_file("entanglement-research", body=body))
    fs = findings(root)
    assert not of(fs, "drop-missing") and not of(fs, "drop-unmatched")


def test_drop_claiming_a_missing_file_is_reported_at_the_drop(oracle_dir):
    body = "# KNOWLEDGE DROP\n\n**Runner**: PART 1\n**File Created**: `t/quantum-2024.md` (100 lines)\n"
    root = _drop_oracle(oracle_dir, drop_file("quantum-entanglement", body=body))
    at_drop = [f for f in findings(root) if f.path.endswith("KNOWLEDGE-DROP-quantum-entanglement-2026-11-21-1000.md")]
    assert [f.line for f in at_drop if "t/quantum-2024.md" in f.message] == [4]


def test_drop_overstating_the_line_count_is_reported_at_the_drop(oracle_dir):
    body = "# KNOWLEDGE DROP\n\n**Runner**: PART 1\n**File Created**: t/quantum.md\n**Lines**: ~700\n"
    root = oracle_dir(
        {
            PLAN: plan(part(1, "t/quantum.md", budget=700, drop="quantum-entanglement")),
            "t/quantum.md": knowledge(lines=402),
            **drop_file("quantum-entanglement", body=body),
        }
    )
    at_drop = [f for f in findings(root) if "KNOWLEDGE-DROP-" in f.path]
    assert [f.line for f in at_drop if "402" in f.message and "700" in f.message] == [5]


def test_a_completed_part_without_any_drop_is_still_drop_missing(oracle_dir):
    other = drop_file("unrelated-topic", folder="t") | drop_file("another", folder=WS)
    root = _drop_oracle(oracle_dir, other)
    assert "KNOWLEDGE-DROP-quantum-entanglement" in of(findings(root), "drop-missing")[0].message


def test_a_drop_for_no_part_is_still_unmatched(oracle_dir):
    root = _drop_oracle(oracle_dir, {**drop_file("quantum-entanglement"), **drop_file("cooking-recipes")})
    fs = of(findings(root), "drop-unmatched")
    assert [f.path.rsplit("/", 1)[1] for f in fs] == ["KNOWLEDGE-DROP-cooking-recipes-2026-11-21-1000.md"]


# ======================================================================= plan structure


BATCH_OVERVIEW = """\
# BATCH 1: Foundations (2 runners)

### PART 1: Create t/a.md
### PART 2: Create t/b.md

---

"""


def test_batch_overview_headings_are_not_second_parts(oracle_dir, capsys):
    text = plan(BATCH_OVERVIEW + part(1, "t/a.md") + part(2, "t/b.md"), header="**Total PARTs**: 2\n")
    files = {"t/a.md": knowledge(lines=100), "t/b.md": knowledge(lines=100), **drop_file("a"), **drop_file("b")}
    root = oracle_dir({PLAN: text, **files})  # both PARTs done, their files and drops present
    fs = findings(root)
    assert not of(fs, "part-numbering") and not of(fs, "part-not-marked") and not of(fs, "plan-count-mismatch")
    parts = check_json(root, capsys)["plans"][0]["parts"]
    assert [(p["number"], p["status"]) for p in parts] == [(1, "done"), (2, "done")]


def test_a_part_really_defined_twice_is_still_reported(oracle_dir):
    text = plan(part(1, "t/a.md") + part(1, "t/b.md"))
    msgs = [f.message for f in of(findings(oracle_dir({PLAN: text})), "part-numbering")]
    assert msgs == ["PART 1 is defined twice (first at line 7)"]


def test_lines_each_is_not_a_total(oracle_dir):
    header = "**Total**: 2 files, ~300-400 lines each\n"
    text = plan(part(1, "t/a.md", budget=350) + part(2, "t/b.md", budget=350), header=header)
    assert not of(findings(oracle_dir({PLAN: text})), "plan-count-mismatch")


def test_a_declared_total_that_disagrees_is_still_reported(oracle_dir):
    header = "**Total**: ~2,000 lines across 2 files\n"
    text = plan(part(1, "t/a.md", budget=350) + part(2, "t/b.md", budget=350), header=header)
    msgs = [f.message for f in of(findings(oracle_dir({PLAN: text})), "plan-count-mismatch")]
    assert msgs == ["declares ~2,000 lines but its PARTs budget 700"]


def test_declared_lines_across_files_compare_per_file(oracle_dir):
    header = "**Strategy**: 4 runners\n**Total**: ~2,800 lines across 4 files\n"
    text = plan(part(1, "t/a.md", budget=700) + part(2, "t/b.md", budget=700), header=header)
    msgs = [f.message for f in of(findings(oracle_dir({PLAN: text})), "plan-count-mismatch")]
    assert msgs == ["declares 4 PARTs but defines 2"]


def _steps_part(n: int, steps: int) -> str:
    body = "".join(f"**Step {i}: Do {i}**\n- [x] item {i}\n\n" for i in range(steps))
    return f"## PART {n}: Create t/p{n}.md (~100 lines)\n\n- [x] PART {n}: Create t/p{n}.md\n\n{body}---\n\n"


@pytest.mark.parametrize(
    "tail",
    [
        "## 🎯 FINAL STATS\n\n**Total**: 2 runners, 1 batch\n\n**Ready to execute batch-by-batch! 🚀⚡🔥**\n",
        "## Completion Checklist\n\n- [ ] Update INDEX.md\n- [ ] Git commit\n",
        "## Expected Output Files\n\n1. `t/p1.md` (~100 lines)\n2. `t/p2.md` (~100 lines)\n",
    ],
)
def test_plan_ending_after_its_last_part_is_not_truncated(oracle_dir, tail):
    # john-vervaeke-oracle: PART 1 has a Step 0 (4 steps), the last PART 3 steps, then "## 🎯 FINAL STATS"
    text = plan(_steps_part(1, 4) + _steps_part(2, 3) + tail)
    assert not of(findings(oracle_dir({PLAN: text})), "plan-truncated")


def test_seed_004_cut_off_inside_part_9_is_still_truncated(oracle_dir):
    root = oracle_dir({PLAN: SEED_004.read_text(encoding="utf-8")})
    fs = of(findings(root), "plan-truncated")
    assert len(fs) == 1 and "PART 9" in fs[0].message
    assert fs[0].line == SEED_004.read_text(encoding="utf-8").count("\n") + 1


def test_plan_stopping_inside_a_part_is_still_truncated(oracle_dir):
    text = plan(_steps_part(1, 4) + _steps_part(2, 4))
    cut = text[: text.rindex("**Step 2: Do 2**")]  # the last PART lost its last two steps, no closing section
    assert len(of(findings(oracle_dir({PLAN: cut})), "plan-truncated")) == 1


def test_budget_on_the_part_checkbox_line(oracle_dir, capsys):
    text = plan("## PART 1: Texture Sampling\n\n- [✓] PART 1: Create t/a.md (~300 lines)\n\n---\n")
    root = oracle_dir({PLAN: text, "t/a.md": knowledge(lines=300)})
    assert check_json(root, capsys)["plans"][0]["parts"][0]["budget_lines"] == 300


# ======================================================================= sections


def _section_oracle(oracle_dir, spec: str, headings: str, name: str = "oracle"):
    body = f"- [✓] Section {spec}\n"
    text = plan(part(1, "t/a.md", body=body))
    return oracle_dir({PLAN: text, "t/a.md": knowledge(body=headings, lines=100), **drop_file("a")}, name)


@pytest.mark.parametrize(
    "heading",
    [
        "## Section 4: Complete Unified Implementation",
        "## 4. Complete Unified Implementation",
        "## Part IV: Complete Unified Implementation",
        "## Part Four: Complete Unified Implementation",
    ],
)
def test_same_numbered_heading_satisfies_a_retitled_section(oracle_dir, heading):
    root = _section_oracle(oracle_dir, "4: Code: unified hierarchical view", f"## 3. Earlier\n\n{heading}\n")
    assert not of(findings(root), "section-missing")


def test_bold_label_heading_satisfies_the_section(oracle_dir):
    headings = "## Part IX: Opponent Processing\n\n## Part X: Meaning Crisis Connection\n"
    root = _section_oracle(oracle_dir, "6: **Meaning Crisis**: Recovering lived time", headings)
    assert not of(findings(root), "section-missing")


def test_acronym_matches_its_expansion(oracle_dir):
    headings = "## Part X: Relevance Realization Integration (15%)\n"
    root = _section_oracle(oracle_dir, "7: **RR Integration**: Relevance requires temporal depth (15%)", headings)
    assert not of(findings(root), "section-missing")


def test_subheadings_count_toward_their_section(oracle_dir):
    headings = "## 7. Opponent Processing\n\n### 7.1 Accuracy vs. Complexity\n\n### 7.2 Exploitation vs. Exploration\n"
    spec = "5: Opponent Processing: Accuracy ↔ Complexity, Exploitation ↔ Exploration"
    assert not of(findings(_section_oracle(oracle_dir, spec, headings)), "section-missing")


def test_parentheticals_and_line_budgets_in_section_titles_are_ignored(oracle_dir):
    root = _section_oracle(
        oracle_dir, "2: Adapter architectures (linear, MLP) (~100 lines)", "## 2. Adapter architectures\n"
    )
    assert not of(findings(root), "section-missing")


def test_a_section_with_no_heading_at_all_is_still_missing(oracle_dir):
    headings = "## 1. Early fusion principles\n\n## 2. Training efficiency\n"
    root = _section_oracle(oracle_dir, "3: **Deployment**: Kubernetes GPU scheduling", headings)
    fs = of(findings(root), "section-missing")
    assert len(fs) == 1 and 'section 3 "Deployment: Kubernetes GPU scheduling"' in fs[0].message


# ======================================================================= moved and misplaced targets


def test_target_found_elsewhere_by_unique_name_is_moved(oracle_dir):
    text = plan(part(1, "practical-implementation/46-frozen-backbone.md", drop="a"))
    root = oracle_dir({PLAN: text, "vlm/46-frozen-backbone.md": knowledge(lines=100), **drop_file("a")})
    fs = findings(root)
    assert not of(fs, "part-file-missing")
    assert any(f.path == PLAN and "vlm/46-frozen-backbone.md" in f.message for f in fs)


def test_a_name_shared_by_two_files_is_not_guessed(oracle_dir):
    text = plan(part(1, "practical-implementation/46-x.md", drop="a"))
    root = oracle_dir({PLAN: text, "u/46-x.md": knowledge(), "v/46-x.md": knowledge(), **drop_file("a")})
    assert of(findings(root), "part-file-missing")


def test_target_left_in_the_plan_workspace_is_misplaced(oracle_dir, capsys):
    text = plan(part(1, "techniques/00-advanced-shader.md", drop="a"))
    left = f"{WS}/techniques/00-advanced-shader.md"
    root = oracle_dir({PLAN: text, left: knowledge(lines=100), **drop_file("a")})
    fs = findings(root)
    assert not of(fs, "part-file-missing")
    assert any(left in f.message and "techniques/" in f.fix for f in fs)
    assert check_json(root, capsys)["plans"][0]["parts"][0]["resolved"] == left


@pytest.mark.parametrize("name", ["INDEX.md", "SKILL.md"])
def test_index_and_skill_targets_resolve_at_the_root(oracle_dir, name):
    text = plan(f"## PART 1: Update {name}\n\n- [✓] PART 1: Update {name} with the new files\n\n---\n")
    root = oracle_dir({PLAN: text, name: "# Oracle\n\n- [a](t/a.md)\n", "t/a.md": knowledge()})
    assert not of(findings(root), "part-file-missing")


def test_a_really_missing_target_is_still_part_file_missing(oracle_dir):
    root = oracle_dir({PLAN: plan(part(1, "t/never-written.md", drop="a")), **drop_file("a")})
    fs = of(findings(root), "part-file-missing")
    assert len(fs) == 1 and "`t/never-written.md` does not exist" in fs[0].message


# ======================================================================= influences


INFLUENCE_TABLE = "\n## THE 2 INFLUENTIAL FILES\n\n1. `infl/one.md` - first\n2. `infl/two.md` - second\n"


def _influence_oracle(oracle_dir, body: str, extra: dict | None = None, name: str = "oracle"):
    text = plan(
        "## PART 1: Create t/a.md (~100 lines)\n\n- [✓] PART 1: Create t/a.md\n\n**Influenced by**: Files 1,2\n\n---\n",
        header=INFLUENCE_TABLE,
    )
    files = {
        PLAN: text,
        "t/a.md": knowledge(body=body, lines=100),
        "infl/one.md": knowledge(),
        "infl/two.md": knowledge(),
    }
    return oracle_dir({**files, **(extra or {})}, name)


@pytest.mark.parametrize("mention", ["As File 2 shows, batching helps.", "See `infl/two.md` for batching."])
def test_influence_cited_but_not_linked_is_a_warning_at_that_line(oracle_dir, mention):
    body = f"[one](../infl/one.md)\n\n{mention}\n"
    root = _influence_oracle(oracle_dir, body)
    fs = findings(root)
    line = (root / "t/a.md").read_text().splitlines().index(mention) + 1
    assert not [f for f in fs if f.rule == "influence-missing" and f.severity.value == "error"]
    assert [(f.severity.value, f.line) for f in fs if f.path == "t/a.md" and "not linked" in f.message] == [
        ("warning", line)
    ]


def test_broken_link_to_an_influence_is_reported_once(oracle_dir):
    body = "[one](../infl/one.md) [two](../influences/two.md)\n"
    fs = findings(_influence_oracle(oracle_dir, body))
    assert len(of(fs, "link-broken")) == 1
    assert not of(fs, "influence-missing")


def test_an_influence_never_mentioned_is_still_missing(oracle_dir):
    fs = of(findings(_influence_oracle(oracle_dir, "[one](../infl/one.md)\n")), "influence-missing")
    assert len(fs) == 1 and fs[0].severity.value == "error" and "infl/two.md" in fs[0].message


# ======================================================================= ARR-COC share


def _arr_oracle(oracle_dir, body: str, name: str = "oracle"):
    text = plan(
        "## PART 1: Create t/a.md (~100 lines)\n\n- [✓] PART 1: Create t/a.md\n\n"
        "**Influenced by**: ARR-COC (10%)\n\n---\n"
    )
    return oracle_dir({PLAN: text, "t/a.md": knowledge(body=body, lines=100)}, name)


def test_nested_arr_coc_heading_is_not_counted_twice(oracle_dir):
    # 22 lines in the section, 20 of them under a nested ARR-COC heading: 22%, inside 10% x3; 42% if counted twice
    body = "## ARR-COC-0-1: Integration\nintro\n### ARR-COC relevance scoring\n" + "detail\n" * 19
    assert not of(findings(_arr_oracle(oracle_dir, body)), "arr-coc-section-missing")


def test_arr_coc_notes_in_topic_sections_are_not_the_section(oracle_dir):
    note = "### ARR-COC application\n" + "note\n" * 5
    body = "".join(f"## {i}. Topic {i}\ntext\n{note}" for i in range(1, 5)) + "## ARR-COC-0-1: How it applies\n"
    body += "arr\n" * 9
    # the dedicated section is 10 of ~100 lines; with the four notes added it would read as 34%
    assert not of(findings(_arr_oracle(oracle_dir, body)), "arr-coc-section-missing")


def test_arr_coc_notes_alone_are_still_no_section(oracle_dir):
    note = "### ARR-COC application\n" + "note\n" * 2
    body = "".join(f"## {i}. Topic {i}\ntext\n{note}" for i in range(1, 4))
    fs = of(findings(_arr_oracle(oracle_dir, body)), "arr-coc-section-missing")
    assert len(fs) == 1 and "no ARR-COC-0-1 section" in fs[0].message


def test_a_file_without_any_arr_coc_heading_is_still_missing_it(oracle_dir):
    fs = of(findings(_arr_oracle(oracle_dir, "## 1. Topic\ntext\n")), "arr-coc-section-missing")
    assert len(fs) == 1 and "no ARR-COC-0-1 section" in fs[0].message


# ======================================================================= line budgets


def _prose(words_per_line: int, lines: int) -> str:
    return "".join(" ".join(["word"] * words_per_line) + "\n" for _ in range(lines))


def test_dense_file_is_not_under_budget(oracle_dir):
    # john-vervaeke-oracle: 03-james-stream-consciousness.md, 466 lines but 4,397 words (the plan's files: ~5.3 a line)
    text = plan(part(1, "t/a.md") + part(2, "t/b.md") + part(3, "t/c.md"))
    files = {
        "t/a.md": knowledge(body=_prose(5, 95)),
        "t/b.md": knowledge(body=_prose(5, 95)),
        "t/c.md": knowledge(body=_prose(11, 55)),  # 60 lines, ~600 words: 120 lines at this plan's density
        **drop_file("a"),
        **drop_file("b"),
        **drop_file("c"),
    }
    assert not of(findings(oracle_dir({PLAN: text, **files})), "line-count-under")


def test_a_short_file_is_still_under_budget(oracle_dir):
    text = plan(part(1, "t/a.md") + part(2, "t/b.md") + part(3, "t/c.md"))
    files = {
        "t/a.md": knowledge(body=_prose(5, 95)),
        "t/b.md": knowledge(body=_prose(5, 95)),
        "t/c.md": knowledge(body=_prose(5, 55)),  # 60 lines at the plan's density: 40% under
        **drop_file("a"),
        **drop_file("b"),
        **drop_file("c"),
    }
    fs = of(findings(oracle_dir({PLAN: text, **files})), "line-count-under")
    assert [f.path for f in fs] == ["t/c.md"]


# ======================================================================= ticks written by `fix`


FIX_PLAN = "# P\n\n## PART 1: Create t/a.md (20 lines)\n\n- [ ] PART 1: Create t/a.md\n"


def test_fix_uses_an_hh_mm_drop_time(oracle_dir, capsys):
    drop = f"{WS}/KNOWLEDGE-DROP-a-2026-03-04-05-06.md"
    root = oracle_dir({PLAN: FIX_PLAN, "t/a.md": knowledge(), drop: "# d\n"})
    main(["fix", str(root)])
    capsys.readouterr()
    assert "- [✓] PART 1: Create t/a.md (Completed 2026-03-04 05:06)" in (root / PLAN).read_text()


def test_fix_without_drop_or_git_leaves_the_time_out(oracle_dir, capsys):
    root = oracle_dir({PLAN: FIX_PLAN, "t/a.md": knowledge()})
    os.utime(root / "t/a.md", (1_600_000_000, 1_600_000_000))
    main(["fix", str(root)])
    capsys.readouterr()
    lines = (root / PLAN).read_text().splitlines()
    assert "- [✓] PART 1: Create t/a.md" in lines


def test_fix_uses_the_last_commit_time(oracle_dir, capsys):
    root = oracle_dir({PLAN: FIX_PLAN, "t/a.md": knowledge()})
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2026-05-06T07:08:00+00:00",
        "GIT_COMMITTER_DATE": "2026-05-06T07:08:00+00:00",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "TZ": "UTC",
    }
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "x"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)
    os.utime(root / "t/a.md", (1_600_000_000, 1_600_000_000))
    main(["fix", str(root)])
    capsys.readouterr()
    assert "- [✓] PART 1: Create t/a.md (Completed 2026-05-06 07:08)" in (root / PLAN).read_text()
