"""Each rule: one oracle that trips it, one that passes."""

import os

from conftest import SOURCES, findings, knowledge, of, plan
from hypothesis import example, given
from hypothesis import strategies as st

from oracle_kb.rules import all_rules

GOOD = knowledge()


def test_every_rule_has_documentation():
    for r in all_rules():
        assert r.summary and r.why and r.example and r.fix, r.id
    ids = [r.id for r in all_rules()]
    assert len(ids) == len(set(ids))


# ---- citations


def test_citations_missing(oracle_dir):
    root = oracle_dir({"t/a.md": "# A\n\ntext\n", "t/b.md": "# B\n\n## Sources\n\nnone yet\n", "t/c.md": GOOD})
    fs = of(findings(root), "citations-missing")
    assert [(f.path, f.severity.value) for f in fs] == [("t/a.md", "error"), ("t/b.md", "error")]
    assert fs[1].line == 3


def test_citations_too_few(oracle_dir):
    one = "## References\n- [x](https://arxiv.org/abs/2106.09685)\n"
    root = oracle_dir({"t/a.md": knowledge(sources=one), "t/c.md": GOOD})
    assert [f.path for f in of(findings(root), "citations-too-few")] == ["t/a.md"]
    assert not of(findings(root, min_citations=1), "citations-too-few")


def test_citation_url_invalid(oracle_dir):
    bad = SOURCES + (
        "- [ftp](ftp://files.example.net/x)\n- [ph](https://example.com/paper)\n"
        "- [arx](https://arxiv.org/abs/2106.9685)\n- [month](https://arxiv.org/abs/2113.01234)\n"
        "- [todo](https://docs.site.org/TODO)\n"
    )
    root = oracle_dir({"t/a.md": knowledge(sources=bad), "t/b.md": GOOD})
    fs = of(findings(root), "citation-url-invalid")
    assert len(fs) == 5 and {f.path for f in fs} == {"t/a.md"}
    assert "malformed arXiv id" in fs[2].message


# ---- PART budgets, sections, influences, ARR-COC

PLAN_PATH = "_ingest-auto/completed/expansion-t-2026-11-21/ingestion.md"


def one_part(mark="✓", budget=100, extra="", target="t/a.md"):
    return plan(f"""\
        ## PART 1: Create {target} ({budget} lines)

        - [{mark}] PART 1: Create {target} (Completed 2026-11-21 10:00)

        {extra}
        **Step 1: Write**
        - [{mark}] Section 1: Early fusion principles (~50 lines)
        - [{mark}] Section 2: Training efficiency (~50 lines)
        - [{mark}] Create KNOWLEDGE-DROP-a-topic-2026-11-21-[TIME].md

        ---
        """)


DROP = {"_ingest-auto/completed/expansion-t-2026-11-21/KNOWLEDGE-DROP-a-topic-2026-11-21-1000.md": "# drop\n"}
SECTIONS = "## 1. Early fusion principles\n\n## 2. Training efficiency\n"


def test_line_count_under_and_over(oracle_dir):
    short = oracle_dir({PLAN_PATH: one_part(budget=100), "t/a.md": knowledge(body=SECTIONS, lines=50), **DROP}, "s")
    exact = oracle_dir({PLAN_PATH: one_part(budget=100), "t/a.md": knowledge(body=SECTIONS, lines=100), **DROP}, "e")
    long = oracle_dir({PLAN_PATH: one_part(budget=100), "t/a.md": knowledge(body=SECTIONS, lines=260), **DROP}, "l")
    assert [f.rule for f in findings(short) if f.rule.startswith("line-count")] == ["line-count-under"]
    assert not [f for f in findings(exact) if f.rule.startswith("line-count")]
    assert [f.rule for f in findings(long) if f.rule.startswith("line-count")] == ["line-count-over"]
    assert not of(findings(short, line_tolerance_under=0.6), "line-count-under")


def test_section_missing(oracle_dir):
    root = oracle_dir(
        {PLAN_PATH: one_part(), "t/a.md": knowledge(body="## 1. Early fusion principles\n", lines=100), **DROP}
    )
    fs = of(findings(root), "section-missing")
    assert len(fs) == 1 and "Training efficiency" in fs[0].message and fs[0].severity.value == "warning"
    ok = oracle_dir({PLAN_PATH: one_part(), "t/a.md": knowledge(body=SECTIONS, lines=100), **DROP}, "ok")
    assert not of(findings(ok), "section-missing")


INFLUENCE_PLAN = plan(
    """\
    ## PART 1: Create t/a.md (~100 lines)

    - [✓] PART 1: Create t/a.md (Completed 2026-11-21 10:00)

    **Influenced by**: Files 1,2,3 + ARR-COC (10%)

    ---
    """,
    header="""
## THE 3 INFLUENTIAL FILES

1. `infl/one.md` - first
2. `infl/two.md` - second
""",
)


def test_influence_missing_and_unknown_number(oracle_dir):
    body = "See [one](../infl/one.md).\n\n## ARR-COC-0-1: relevance\n" + "arr line\n" * 9
    root = oracle_dir(
        {PLAN_PATH: INFLUENCE_PLAN, "t/a.md": knowledge(body=body, lines=100), "infl/one.md": GOOD, "infl/two.md": GOOD}
    )
    fs = of(findings(root), "influence-missing")
    assert len(fs) == 2
    assert fs[0].path == PLAN_PATH and "influence file 3" in fs[0].message
    assert fs[1].path == "t/a.md" and "infl/two.md" in fs[1].message and "../infl/two.md" in fs[1].fix


def test_influence_passes_when_every_named_file_is_linked(oracle_dir):
    body = "[one](../infl/one.md) [two](../infl/two.md#x)\n\n## ARR-COC-0-1: relevance\n" + "arr line\n" * 9
    p = INFLUENCE_PLAN.replace("Files 1,2,3", "Files 1,2")
    root = oracle_dir(
        {PLAN_PATH: p, "t/a.md": knowledge(body=body, lines=100), "infl/one.md": GOOD, "infl/two.md": GOOD}
    )
    fs = findings(root)
    assert not of(fs, "influence-missing") and not of(fs, "arr-coc-section-missing")


def test_influence_file_missing(oracle_dir):
    root = oracle_dir({PLAN_PATH: INFLUENCE_PLAN, "infl/one.md": GOOD})
    fs = of(findings(root), "influence-file-missing")
    assert [f.message.split("`")[1] for f in fs] == ["infl/two.md"]


def test_arr_coc_section_missing_and_off_share(oracle_dir):
    p = INFLUENCE_PLAN.replace("Files 1,2,3 + ", "")
    none = oracle_dir({PLAN_PATH: p, "t/a.md": knowledge(lines=100)}, "none")
    tiny = oracle_dir({PLAN_PATH: p, "t/a.md": knowledge(body="## ARR-COC-0-1: x\none line\n", lines=300)}, "tiny")
    fit = oracle_dir({PLAN_PATH: p, "t/a.md": knowledge(body="## ARR-COC-0-1: x\n" + "l\n" * 9, lines=100)}, "fit")
    assert "no ARR-COC-0-1 section" in of(findings(none), "arr-coc-section-missing")[0].message
    assert "of the file" in of(findings(tiny), "arr-coc-section-missing")[0].message
    assert not of(findings(fit), "arr-coc-section-missing")


# ---- PART status, drops, plan shape


def test_part_file_missing_and_part_not_marked(oracle_dir):
    done_no_file = oracle_dir({PLAN_PATH: one_part("✓")}, "a")
    file_not_done = oracle_dir({PLAN_PATH: one_part(" "), "t/a.md": GOOD}, "b")
    consistent = oracle_dir({PLAN_PATH: one_part("✓"), "t/a.md": knowledge(body=SECTIONS, lines=100), **DROP}, "c")
    status_line = one_part("✓").splitlines().index("- [✓] PART 1: Create t/a.md (Completed 2026-11-21 10:00)") + 1
    assert of(findings(done_no_file), "part-file-missing")[0].line == status_line
    assert of(findings(file_not_done), "part-not-marked")[0].severity.value == "warning"
    fs = findings(consistent)
    assert not of(fs, "part-file-missing") and not of(fs, "part-not-marked")


def test_target_with_oracle_name_prefix_and_search_roots_resolve(oracle_dir):
    p = one_part(target="myoracle/t/a.md")
    root = oracle_dir({PLAN_PATH: p, "t/a.md": knowledge(body=SECTIONS, lines=100), **DROP}, "myoracle")
    assert not of(findings(root), "part-file-missing")
    nested = oracle_dir({PLAN_PATH: one_part(), "tree/t/a.md": knowledge(body=SECTIONS, lines=100), **DROP}, "n")
    assert not of(findings(nested, search_roots=["tree"]), "part-file-missing")
    assert not of(findings(nested, search_roots=["tree"]), "path-resolved-by-suffix")


def test_path_resolved_by_suffix_is_said(oracle_dir):
    root = oracle_dir({PLAN_PATH: one_part(), "deep/tree/t/a.md": knowledge(body=SECTIONS, lines=100), **DROP})
    fs = findings(root)
    assert not of(fs, "part-file-missing")
    assert "deep/tree/t/a.md" in of(fs, "path-resolved-by-suffix")[0].message
    twice = oracle_dir({PLAN_PATH: one_part(), "x/t/a.md": GOOD, "y/t/a.md": GOOD}, "twice")
    msg = of(findings(twice), "part-file-missing")[0].message  # ambiguous: not guessed, and said
    assert "ambiguous: 2 files end with that path (`x/t/a.md`, `y/t/a.md`)" in msg


def test_drop_missing_matches_by_slug_not_date(oracle_dir):
    late = {"_ingest-auto/completed/expansion-t-2026-11-21/KNOWLEDGE-DROP-a-topic-2027-01-02-0930.md": "# d\n"}
    with_drop = oracle_dir({PLAN_PATH: one_part(), "t/a.md": knowledge(body=SECTIONS, lines=100), **late}, "a")
    without = oracle_dir({PLAN_PATH: one_part(), "t/a.md": knowledge(body=SECTIONS, lines=100)}, "b")
    assert not of(findings(with_drop), "drop-missing")
    assert "KNOWLEDGE-DROP-a-topic" in of(findings(without), "drop-missing")[0].message


def test_drop_unmatched(oracle_dir):
    stray = {"_ingest-auto/completed/expansion-t-2026-11-21/KNOWLEDGE-DROP-other-2026-11-21-1000.md": "# d\n"}
    root = oracle_dir({PLAN_PATH: one_part(), "t/a.md": GOOD, **DROP, **stray})
    assert [f.path.rsplit("/", 1)[1] for f in of(findings(root), "drop-unmatched")] == [
        "KNOWLEDGE-DROP-other-2026-11-21-1000.md"
    ]


def test_plan_count_mismatch(oracle_dir):
    header = "**Total PARTs**: 3\n**Total**: ~900 lines across 3 files\n"
    root = oracle_dir({PLAN_PATH: one_part().replace("**Date**", header + "**Date**")})
    msgs = [f.message for f in of(findings(root), "plan-count-mismatch")]
    assert msgs == ["declares 3 PARTs but defines 1", "declares ~900 lines but its PARTs budget 100"]
    ok = oracle_dir({PLAN_PATH: one_part().replace("**Date**", "**Total PARTs**: 1\n**Date**")}, "ok")
    assert not of(findings(ok), "plan-count-mismatch")


def test_plan_truncated(oracle_dir):
    two = one_part() + one_part().split("---\n\n", 1)[1].replace("PART 1", "PART 2").replace("t/a.md", "t/b.md")
    cut = two[: two.rindex("- [✓] Section 2")] + "- [ ] Section 2: Training eff (File 1: sh"
    root = oracle_dir({PLAN_PATH: cut})
    assert of(findings(root), "plan-truncated")[0].line == cut.count("\n") + 1
    assert not of(findings(oracle_dir({PLAN_PATH: two}, "whole")), "plan-truncated")


def test_part_numbering(oracle_dir):
    p = one_part() + "## PART 1: Create t/b.md (5 lines)\n\n## PART 4: Create t/c.md (5 lines)\n"
    msgs = [f.message for f in of(findings(oracle_dir({PLAN_PATH: p})), "part-numbering")]
    assert msgs == ["PART 1 is defined twice (first at line 7)", "PART 4 follows PART 1; expected PART 2"]


# ---- file-level hygiene


def test_mojibake(oracle_dir):
    root = oracle_dir({"t/a.md": knowledge(body="status \u201a\u00fa\u00ec done\n"), "t/b.md": GOOD})
    fs = of(findings(root), "mojibake")
    assert [(f.path, f.line) for f in fs] == [("t/a.md", 5)]


def test_link_broken_with_suggestion(oracle_dir):
    body = "[ok](b.md) [dir](../u) [gone](../u/nothere.md) [moved](c.md) [anchor](#x) [web](https://a.org)\n"
    root = oracle_dir({"t/a.md": knowledge(body=body), "t/b.md": GOOD, "u/c.md": GOOD})
    fs = of(findings(root), "link-broken")
    assert [f.message.split("`")[1] for f in fs] == ["../u/nothere.md", "c.md"]
    assert "../u/c.md" in fs[1].fix


def test_frontmatter_invalid(oracle_dir):
    root = oracle_dir({"t/a.md": "---\ntitle: a: b: c\n---\n" + GOOD, "t/b.md": "---\ntitle: ok\n---\n" + GOOD})
    assert [f.path for f in of(findings(root), "frontmatter-invalid")] == ["t/a.md"]


def test_path_outside_oracle_targets_links_and_symlinks(oracle_dir, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("TOP-SECRET-CONTENT\n")
    p = one_part(target="/etc/passwd.md") + one_part(target="../../outside.md").replace("PART 1", "PART 2")
    root = oracle_dir({PLAN_PATH: p, "t/a.md": knowledge(body="[x](../../../secret.md) [y](%2e%2e/%2e%2e/s.md)\n")})
    os.symlink(secret, root / "t" / "leak.md")
    os.symlink(tmp_path, root / "t" / "leakdir")
    fs = of(findings(root), "path-outside-oracle")
    assert {f.path for f in fs} == {PLAN_PATH, "t/a.md", "t/leak.md", "t/leakdir"}
    from oracle_kb.config import Config
    from oracle_kb.read.scan import Scanner

    scanner = Scanner(Config(oracle_dir=root))
    oracle = scanner.scan()
    assert scanner.reads == 2  # the plan and t/a.md: the symlinked file is never opened
    assert "t/leak.md" not in oracle.files and not any(p.startswith("t/leakdir") for p in oracle.other_files)


def test_file_unreadable_kinds(oracle_dir):
    root = oracle_dir(
        {"t/latin.md": b"# caf\xe9\n", "t/bin.md": b"\x00\x01\x02", "t/big.md": GOOD * 50, "t/ok.md": GOOD}
    )
    fs = of(findings(root, max_file_bytes=2000), "file-unreadable")
    assert sorted(f.path for f in fs) == ["t/big.md", "t/bin.md", "t/latin.md"]


def test_index_stale(oracle_dir):
    index = "# Index\n\n- [a](t/a.md)\n- [gone](t/gone.md)\n"
    root = oracle_dir({"INDEX.md": index, "t/a.md": GOOD, "t/b.md": GOOD})
    msgs = [f.message for f in of(findings(root), "index-stale")]
    assert msgs == ["misses 1 knowledge file: `t/b.md`", "lists `t/gone.md`, which does not exist"]
    fresh = oracle_dir({"INDEX.md": "- [a](t/a.md)\n", "t/a.md": GOOD}, "fresh")
    assert not of(findings(fresh), "index-stale")


def test_html_unsafe(oracle_dir):
    root = oracle_dir(
        {
            "t/a.md": knowledge(body="<iframe src=x></iframe>\n"),
            "t/b.md": knowledge(body="<details><summary>s</summary><sub>2</sub></details>\n"),
        }
    )
    assert [f.path for f in of(findings(root), "html-unsafe")] == ["t/a.md"]


def test_severity_override_and_off(oracle_dir):
    from oracle_kb.model import Severity

    root = oracle_dir({"t/a.md": "# A\n"})
    assert (
        of(findings(root, severity={"citations-missing": Severity.INFO}), "citations-missing")[0].severity.value
        == "info"
    )
    assert not of(findings(root, severity={"citations-missing": None}), "citations-missing")


def test_plans_in_folders_with_the_same_name_get_distinct_slugs(oracle_dir):
    from conftest import scan

    p = "# P\n\n## PART 1: Create t/a.md (5 lines)\n"
    root = oracle_dir(
        {
            "_ingest-auto/completed/vlm/ingestion.md": p,
            "_ingest-auto/in-process/vlm/ingestion.md": p,
            "_ingest-auto/completed/other/ingestion.md": p,
        }
    )
    from oracle_kb.read.resolve import resolve

    oracle, cfg = scan(root)
    assert sorted(resolve(oracle, cfg).slugs.values()) == ["completed--vlm", "in-process--vlm", "other"]


_TITLE = st.lists(
    st.sampled_from(["Dense", "prediction", "(depth)", "the", "tokens", "token", "tokenizer", "é", "-", "2."]),
    max_size=5,
)


@given(_TITLE.map(" ".join), st.lists(_TITLE.map(" ".join), max_size=4))
@example("token", ["2. tokenizer"])  # the phrase inside a longer word is no match
@example("Dense prediction (depth)", ["dense prediction"])
@example("Data pipeline", ["3. Setup (data pipeline)"])  # words in parentheses do not count
@example("Setup", ["See [guide](setup-notes.md)"])  # nor does a link's target
def test_section_phrase_shortcut_decides_as_the_word_rule_does(title, headings):
    from oracle_kb.rules.section_missing import WordIndex, heading_for, headings_as_text, words

    want = words(title)
    by_words = not want or any(len(want & words(h)) * 2 >= len(want) for h in headings)
    assert heading_for(title, headings_as_text(headings), WordIndex(headings)) == by_words


def test_a_dangling_symlink_is_reported(oracle_dir):
    # Once recorded by the scan under a rule id that no rule asked for, so it never reached the output.
    root = oracle_dir({"t/a.md": GOOD, "t/b.md": GOOD})
    os.symlink(root / "t" / "gone.md", root / "t" / "c.md")
    fs = of(findings(root), "link-broken")
    assert [(f.path, f.message, f.fix) for f in fs] == [
        ("t/c.md", "symlink points to nothing", "remove the dangling symlink")
    ]
