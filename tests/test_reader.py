"""What the reader's pages are made of (issue 15), without a browser: the oracle's own words (SKILL.md,
topic INDEX files, git times), the header strip, "Referenced by" quotes, readable plan and drop pages,
tables that fit, dashboards, the heatmap and the graph of pages."""

from pathlib import Path

import pytest
from conftest import knowledge, plan, write_oracle
from site_oracles import CLEAN

from oracle_kb.config import Config, ConfigError, load_config
from oracle_kb.pipeline import check
from oracle_kb.read.history import last_commit_times, parse_log
from oracle_kb.read.orientation import glossary, parse_skill, parse_topic_index, read_orientation
from oracle_kb.render import decorations, pages
from oracle_kb.render.context import link_sentences, paragraph_at, sentence_around
from oracle_kb.render.graph import adjacency, encode_links, graph_json, layout, local_svg
from oracle_kb.render.home import GENERIC_TERMS, home, topic_blurb
from oracle_kb.render.home import glossary as home_glossary
from oracle_kb.render.matrix import matrix_cells, matrix_page
from oracle_kb.render.sanitize import sanitize
from oracle_kb.render.site_model import SiteModel
from oracle_kb.render.source_pages import drop_strip, readable_lines, source_page, source_strip
from oracle_kb.render.svg import Axis, heatmap
from oracle_kb.render.tables import table

SKILL = """\
---
name: sample-oracle
description: Cited notes on vision-language models. Use it for fusion questions.
---

# Sample oracle

A research oracle on `_ingest-auto/*/` plans. Each file cites its sources.

## Layout

- **Vision models** (`vision/`): how images meet text.
- `infra/`, `ops/`: the influential files.
├── notes/           # Loose notes (3 files)
- `INDEX.md`: every file.

## Glossary

- **ARR-COC-0-1**: the owner's relevance project.
- Influential files: the pages plans build on.

## When to use

- **Not a term**: outside the glossary section.
"""


def site_of(root, **kw) -> SiteModel:
    """The site model the MkDocs adapter builds: the check, and the oracle's own words for readers."""
    checked = check(Config(oracle_dir=root))
    o = checked.oracle
    orientation = read_orientation(root, o.skill.path if o.skill else None, list(o.topics))
    return SiteModel(o, checked.index, checked.findings, orientation=orientation, **kw)


# ---------------------------------------------------------------- the oracle's own words


def test_skill_md_gives_description_glossary_and_topic_lines():
    o = parse_skill(SKILL)
    assert o.description == "Cited notes on vision-language models. Use it for fusion questions."
    assert o.introduction == "A research oracle on _ingest-auto/*/ plans. Each file cites its sources."
    assert o.glossary == (
        ("ARR-COC-0-1", "the owner's relevance project."),
        ("Influential files", "the pages plans build on."),
    )
    assert o.topics["vision"].title == "Vision models" and o.topics["vision"].description == "how images meet text."
    assert o.topics["infra"].description == o.topics["ops"].description == "the influential files."
    assert o.topics["infra"].title == ""  # one bold title cannot name two folders
    assert o.topics["notes"].description == "Loose notes (3 files)"
    assert "INDEX.md" not in o.topics and "INDEX" not in o.topics


def test_glossary_reads_only_its_own_section():
    assert glossary("## Terms\n\n- **A**: one\n\n## Other\n\n- **B**: two\n") == [("A", "one")]
    assert glossary("# Title\n\n- **B**: two\n") == []


def test_topic_index_gives_title_and_first_paragraph():
    blurb = parse_topic_index("# Biography - Index\n\n**The life of a producer.**\n\n## Files\n\n| a | b |\n")
    assert (blurb.title, blurb.description) == ("Biography", "The life of a producer.")


def test_read_orientation_prefers_skill_md_then_the_topic_index(tmp_path):
    root = write_oracle(
        tmp_path,
        {
            "SKILL.md": SKILL,
            "vision/INDEX.md": "# Vision: index\n\nIndex words.\n",
            "extra/INDEX.md": "# Extra things\n\nWhat extra holds.\n",
        },
    )
    o = read_orientation(root, "SKILL.md", ["vision", "extra", "none", ""])
    assert o.topics["vision"].description == "how images meet text."  # SKILL.md's line wins
    assert o.topics["extra"].title == "Extra things" and o.topics["extra"].description == "What extra holds."
    assert "none" not in o.topics


def test_topic_without_words_falls_back_to_its_first_page(tmp_path):
    root = write_oracle(tmp_path, CLEAN)
    site = site_of(root)
    title, description = topic_blurb(site, "vision")
    assert title == "vision" and description == "What this file teaches, in one paragraph."


def test_git_log_parsing_keeps_the_newest_time_per_file_under_the_oracle():
    out = "\x00200\nora/a.md\nother/x.md\n\n\x00100\nora/a.md\nora/b c.md\n"
    assert parse_log(out, "ora/") == {"a.md": 200, "b c.md": 100}


def test_no_commit_times_outside_git(tmp_path):
    assert last_commit_times(write_oracle(tmp_path, {"a.md": "# A\n"})) == {}


def test_config_site_url_and_glossary(tmp_path, monkeypatch):
    cfg_file = tmp_path / "oracle-kb.toml"
    cfg_file.write_text('site-url = "https://o.github.io/r/"\n[glossary]\nVLM = "vision-language model"\n')
    monkeypatch.delenv("ORACLE_KB_SITE_URL", raising=False)
    cfg = load_config(cfg_file)
    assert cfg.site_url == "https://o.github.io/r/" and cfg.glossary == {"VLM": "vision-language model"}
    monkeypatch.setenv("ORACLE_KB_SITE_URL", "http://127.0.0.1:9/sub/")
    assert load_config(cfg_file).site_url == "http://127.0.0.1:9/sub/"
    cfg_file.write_text("glossary = 3\n")
    with pytest.raises(ConfigError, match="glossary"):
        load_config(cfg_file)


# ---------------------------------------------------------------- home


def test_home_defines_format_terms_and_the_oracles_own(tmp_path):
    files = {**CLEAN, "SKILL.md": SKILL}
    site = site_of(write_oracle(tmp_path, files), glossary={"VLM": "a model that reads images and text"})
    md = home(site)
    assert md.startswith("# Sample oracle\n")
    about = md.split("\n")[2]
    assert about.startswith("Cited notes on vision-language models. Use it for fusion questions.")
    assert "\\_ingest-auto" not in about  # the description had two sentences already
    terms = [t for t, _ in home_glossary(site)]
    assert terms[: len(GENERIC_TERMS)] == [t for t, _, _ in GENERIC_TERMS]
    assert terms[len(GENERIC_TERMS) :] == ["ARR-COC-0-1", "Influential files", "VLM"]
    assert "- **ARR-COC-0-1**: The owner's relevance project." in md
    assert "**[Vision models](vision/index.md)**" in md
    assert "[All pages](kb/pages.md)" in md  # no INDEX.md of its own


def test_plan_terms_only_for_an_oracle_with_plans(tmp_path):
    root = write_oracle(tmp_path, {"a/x.md": knowledge("X")})
    terms = [t for t, _ in home_glossary(site_of(root))]
    assert "Oracle" in terms and "PART" not in terms and "KNOWLEDGE-DROP" not in terms


def test_recently_added_comes_from_drop_times(tmp_path):
    site = site_of(write_oracle(tmp_path, CLEAN))
    md = home(site)
    recent = md[md.index("## Recently added") :].split("\n\n")[1].splitlines()
    assert recent == [
        "- [Late fusion](vision/01-late-fusion.md) · vision · 2026-11-21 10:05",
        "- [Early fusion](vision/00-early-fusion.md) · vision · 2026-11-21 10:00",
    ]


def test_home_counts_a_plans_own_warnings(tmp_path):
    text = CLEAN["_ingest-auto/completed/expansion-sample-2026-11-21/ingestion.md"].replace(
        "**Total PARTs**: 2", "**Total PARTs**: 5"
    )
    site = site_of(
        write_oracle(tmp_path, {**CLEAN, "_ingest-auto/completed/expansion-sample-2026-11-21/ingestion.md": text})
    )
    row = next(line for line in home(site).splitlines() if "Sample plan" in line)
    assert row.rstrip(" |").endswith("1 warning")


# ---------------------------------------------------------------- dashboards and topic tables


def test_dashboard_tells_declared_against_defined_and_lists_the_plans_findings(tmp_path):
    path = "_ingest-auto/completed/expansion-sample-2026-11-21/ingestion.md"
    text = CLEAN[path].replace("**Total PARTs**: 2", "**Total PARTs**: 42")
    site = site_of(write_oracle(tmp_path, {**CLEAN, path: text}))
    md = pages.dashboard(site, site.oracle.plans[0])
    assert "**2 of 42 declared PARTs defined**, 2 done" in md
    assert "## Findings on the plan (1 warning)" in md and "`plan-count-mismatch` declares 42 PARTs" in md
    head = next(line for line in md.splitlines() if line.startswith("| # |"))
    assert head == "| # | PART | Status | Lines | Builds on | Drop |"  # no PART has findings: no column
    assert '<span id="part-2"></span>2' in md


def test_tables_drop_columns_empty_in_every_row():
    out = table(["A", "B", "C"], [["1", "—", ""], ["2", "—", "x"]], "lll")
    assert out[0] == "| A | C |" and out[2:4] == ["| 1 |  |", "| 2 | x |"]
    assert table(["A", "B"], [["—", "—"]], "ll")[0] == "| A |"  # the first column always stays


def test_topic_table_uses_titles_and_short_part_labels(tmp_path):
    site = site_of(write_oracle(tmp_path, CLEAN))
    md = pages.topic_index(site, "vision", site.oracle.topics["vision"])
    assert "| Page | Lines | Sources | PART |" in md  # no findings anywhere: no Findings column
    assert "[Early fusion](00-early-fusion.md)" in md
    assert (
        '[#1](../kb/plans/expansion-sample-2026-11-21/index.md#part-1 "Knowledge Expansion: Sample plan, PART 1")' in md
    )


# ---------------------------------------------------------------- knowledge pages


def test_header_strip_speaks_to_readers_and_keeps_figures_for_authors(tmp_path):
    site = site_of(write_oracle(tmp_path, CLEAN))
    kf = site.oracle.files["vision/00-early-fusion.md"]
    strip = decorations.header_strip(site, kf, chars=13_800)
    assert (
        "From [Knowledge Expansion: Sample plan, PART 1](../kb/plans/expansion-sample-2026-11-21/index.md#part-1)"
        in strip
    )
    assert "Builds on: [ZeRO](../infra/00-zero.md), [Serving](../infra/01-serving.md)" in strip
    assert "10 min read" in strip and "Updated 2026-11-21" in strip
    assert "budget" not in strip and "okb-authors" not in strip
    serving = decorations.header_strip(site, kf, chars=13_800, serving=True)
    assert "For authors: **40** lines (budget ~40)" in serving and "{: .okb-authors }" in serving


def test_referenced_by_is_a_heading_and_its_list_quotes_each_linking_page(tmp_path):
    site = site_of(write_oracle(tmp_path, CLEAN))
    kf = site.oracle.files["vision/00-early-fusion.md"]
    assert decorations.backlinks_section(site, kf) == "\n\n## Referenced by { #referenced-by .okb-backlinks }\n\n"
    assert decorations.linking_pages(site, kf) == ["infra/00-zero.md", "vision/01-late-fusion.md"]
    listing = decorations.backlinks_html(site, kf, {"infra/00-zero.md": "Back to <early> fusion."})
    assert listing == (
        '<ul class="okb-backlinks"><li><a href="../../infra/00-zero/">ZeRO</a>'
        '<span class="okb-ctx">\u201cBack to &lt;early&gt; fusion.\u201d</span></li>'
        '<li><a href="../01-late-fusion/">Late fusion</a></li></ul>'
    )
    assert decorations.backlinks_section(site, site.oracle.files["vision/01-late-fusion.md"]) == ""  # nobody links it


def test_link_sentences_quote_the_first_link_to_each_page_counting_lines_from_the_files_top(tmp_path):
    body = (
        "Intro without links.\n\n"
        "Memory first: [ZeRO](../infra/00-zero.md) shards the optimizer. Then more.\n\n"
        "Again [ZeRO](../infra/00-zero.md) here.\n\n"
        "[ref]: ../infra/01-serving.md\n"
    )
    files = {**CLEAN, "vision/09-quoting.md": "---\ntags: [a]\n---\n" + knowledge("Quoting", body=body)}
    site = site_of(write_oracle(tmp_path, files))
    kf = site.oracle.files["vision/09-quoting.md"]
    text = (Path(site.oracle.root) / kf.path).read_text()
    said = link_sentences(kf, text)
    assert said["infra/00-zero.md"] == "Memory first: ZeRO shards the optimizer."
    assert "infra/01-serving.md" not in said  # a reference definition says nothing about the page
    assert link_sentences(kf, "") == {}  # the file could not be read: nothing quoted, nothing raised


def test_more_than_twenty_linking_pages_are_listed_after_the_quoted_ones(tmp_path):
    files = {f"t/{i:02d}.md": knowledge(f"Page {i}", body="See [hub](hub.md).\n") for i in range(25)}
    files["t/hub.md"] = knowledge("Hub")
    site = site_of(write_oracle(tmp_path, files))
    listing = decorations.backlinks_html(site, site.oracle.files["t/hub.md"], {})
    assert listing.count("<li>") == decorations.MAX_QUOTED
    assert "<p>And 5 more: " in listing and listing.count("<a ") == 25


@pytest.mark.parametrize(
    "line, target, want",
    [
        (
            "No new mechanism. The LLM does the work, as in [early fusion](00-e.md), but **later**. Then more.",
            "00-e.md",
            "The LLM does the work, as in early fusion, but later.",
        ),
        ("- See [ZeRO](../a/zero.md#s) for memory", "../a/zero.md#s", "See ZeRO for memory"),
        ("| [a](x.md) | text | [b](y.md) |", "y.md", "a · text · b"),
        ("See [x](z.md).", "q.md", ""),
    ],
)
def test_sentence_around_a_link(line, target, want):
    assert sentence_around(line, target) == want


def test_long_sentences_are_clipped_around_the_link():
    line = "word " * 80 + "[here](t.md) " + "tail " * 80 + "."
    said = sentence_around(line, "t.md")
    assert len(said) <= 222 and "here" in said and said.startswith("…") and said.endswith("…")


@pytest.mark.parametrize("shift", range(7))
def test_clipped_sentences_keep_whole_words(shift):
    words = ["opponent", "processing", "relevance", "realization", "budgets"]
    before = " ".join(words[(i + shift) % 5] for i in range(40))
    line = f"{before} [here](t.md) {before}."
    said = sentence_around(line, "t.md")
    assert said.startswith("…") and said.endswith("…") and "here" in said
    assert set(said.strip("…").split()) <= {*words, "here", "budgets."}, said


def test_paragraph_at_joins_a_wrapped_paragraph_and_stops_at_list_items():
    lines = ["Intro.", "", "One sentence that", "wraps [a](a.md) here.", "- item [b](b.md)", "  more", "- next"]
    assert paragraph_at(lines, 3) == "One sentence that wraps [a](a.md) here."
    assert paragraph_at(lines, 4) == "- item [b](b.md) more"


# ---------------------------------------------------------------- plan and drop pages


def test_key_value_lines_keep_their_breaks_and_lists_after_text_become_lists():
    md = "# Plan\n\n**Date**: 2026\n**Goal**: all\nText line\n- item\n\n```\n**a**: b\n**c**: d\n```\n"
    out = readable_lines(md)
    assert "**Date**: 2026  \n**Goal**: all\n" in out
    assert "Text line\n\n- item" in out
    assert "```\n**a**: b\n**c**: d\n```" in out  # code is left alone


def test_drop_page_links_back_to_its_part_and_file(tmp_path):
    site = site_of(write_oracle(tmp_path, CLEAN))
    drop = "_ingest-auto/completed/expansion-sample-2026-11-21/KNOWLEDGE-DROP-early-fusion-2026-11-21-1000.md"
    strip = drop_strip(site, drop)
    assert (
        "[Knowledge Expansion: Sample plan, PART 1](../../../kb/plans/expansion-sample-2026-11-21/index.md#part-1)"
        in strip
    )
    assert "which created [Early fusion](../../../vision/00-early-fusion.md)" in strip
    assert source_strip(site, drop) == strip
    text = "# Drop: early\n\n**File created**: `vision/00-early-fusion.md`\n**Lines**: 40\n"
    page = source_page(site, drop, text, strip)
    assert page.startswith("# Drop: early\n\n" + strip)
    assert "[`vision/00-early-fusion.md`](../../../vision/00-early-fusion.md)  \n**Lines**: 40" in page
    assert source_strip(site, "vision/00-early-fusion.md") is None  # a knowledge page is neither


# ---------------------------------------------------------------- pictures


def test_heatmap_has_one_cell_per_row_and_column_and_survives_sanitizing():
    rows = [Axis("1 · A", "../a/", "File 1: a.md"), Axis("2 · " + "B" * 60)]
    cols = [Axis("1", "../d/#part-1", "PART 1: <x>"), Axis("2"), Axis("3")]
    svg = heatmap(rows, cols, {(0, 0): "cited", (1, 2): "missing", (0, 1): "extra"})
    assert svg.count('class="okb-cell') == 6
    assert svg.count("okb-cell--cited") == svg.count("okb-cell--missing") == svg.count("okb-cell--extra") == 1
    assert "PART 1: &lt;x&gt;" in svg and ">2 · " + "B" * 41 + "…<" in svg
    assert sanitize(svg) == svg


def test_matrix_page_marks_missing_links(tmp_path):
    files = dict(CLEAN)
    files["vision/01-late-fusion.md"] = files["vision/01-late-fusion.md"].replace(
        "[serving](../infra/01-serving.md)", "serving"
    )
    site = site_of(write_oracle(tmp_path, files))
    p = site.oracle.plans[0]
    numbers, refs, cells = matrix_cells(site, p)
    assert numbers == [1, 2] and [r.part.number for r in refs] == [1, 2]
    assert cells == {(0, 0): "cited", (1, 0): "cited", (1, 1): "missing"}
    md = matrix_page(site, p)
    assert "- PART 2 ([Late fusion](../../../vision/01-late-fusion.md)) does not link file 2" in md


def decode_links(n: int, text: str) -> set[tuple[int, int]]:
    out = set()
    for a, lst in enumerate(text.split(";")):
        b = a
        for gap in filter(None, lst.split(",")):
            b += int(gap, 36)
            out.add((a, b))
    assert len(text.split(";")) == n
    return out


def test_links_encoding_round_trips():
    edges = [(0, 3), (0, 40), (0, 1000), (2, 5), (7, 8)]
    text = encode_links(1001, edges)
    assert text.startswith("3,11,qo;;3;")
    assert decode_links(1001, text) == set(edges)


def test_graph_json_has_every_page_laid_out_inside_the_view(tmp_path):
    import json

    site = site_of(write_oracle(tmp_path, CLEAN))
    data, links = graph_json(site.oracle, site.adjacency)
    d = json.loads(data)
    assert [n[3] for n in d["nodes"]] == ["ZeRO", "Serving", "Early fusion", "Late fusion"]
    assert d["topics"] == ["infra", "vision"] and [n[2] for n in d["nodes"]] == [0, 0, 1, 1]
    assert all(0 <= n[0] <= 1000 and 0 <= n[1] <= 1000 for n in d["nodes"])
    assert links == 4 and decode_links(4, d["links"]) == {(0, 2), (1, 2), (1, 3), (2, 3)}
    assert d["nodes"][2][4] == "vision/00-early-fusion/"
    assert graph_json(site.oracle, site.adjacency)[0] == data  # the layout is seeded: same oracle, same picture


def test_layout_separates_topics():
    topics = [0] * 20 + [1] * 20
    edges = [(i, i + 1) for i in range(19)] + [(i, i + 1) for i in range(20, 39)] + [(0, 20)]
    pos = layout([str(i) for i in range(40)], topics, edges)
    cx = [sum(p[0] for p in pos[s : s + 20]) / 20 for s in (0, 20)]
    cy = [sum(p[1] for p in pos[s : s + 20]) / 20 for s in (0, 20)]
    assert ((cx[0] - cx[1]) ** 2 + (cy[0] - cy[1]) ** 2) ** 0.5 > 200


def test_local_graph_shows_the_best_linked_neighbours(tmp_path):
    site = site_of(write_oracle(tmp_path, CLEAN))
    adj = adjacency(site.oracle, site.index)
    svg = local_svg("infra/00-zero.md", adj, lambda p: site.oracle.files[p].title, lambda p: "../" + p, limit=1)
    assert svg.count("<a ") == 1 and 'xlink:href="../vision/00-early-fusion.md"' in svg
    assert sanitize(svg) == svg
    lone = write_oracle(tmp_path / "lone", {"a/x.md": knowledge("X")})
    s2 = site_of(lone)
    assert local_svg("a/x.md", s2.adjacency, str, str) == ""


def test_oracle_with_plans_but_no_influences_gets_no_matrix(tmp_path):
    text = plan("## PART 1: Create a/x.md (~40 lines)\n\n- [ ] PART 1: Create a/x.md\n")
    site = site_of(write_oracle(tmp_path, {"_ingest-auto/p/ingestion.md": text, "a/x.md": knowledge("X")}))
    assert not site.has_matrix(site.oracle.plans[0])
    assert "influence matrix" not in pages.dashboard(site, site.oracle.plans[0])


def test_malformed_tags_never_stop_the_build(tmp_path):
    """`tags:` as a word, a comma list, numbers or a mapping: the build goes on and the Tags page lists
    what could be kept (Material's plugin would stop the build on a non-list)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from conftest import ROOT

    files = dict(CLEAN)
    body = files["infra/00-zero.md"]
    files["infra/00-zero.md"] = "---\ntags: memory, sharding\n---\n" + body
    files["infra/01-serving.md"] = "---\ntags: {kind: serving}\n---\n" + files["infra/01-serving.md"]
    files["vision/00-early-fusion.md"] = "---\ntags: [fusion, 2026]\n---\n" + files["vision/00-early-fusion.md"]
    oracle = write_oracle(tmp_path, files, "tagged")
    env = {**os.environ, "ORACLE_KB_DIR": str(oracle), "DISABLE_MKDOCS_2_WARNING": "true"}
    cmd = [
        str(Path(sys.executable).parent / "mkdocs"),
        "build",
        "-f",
        str(ROOT / "mkdocs.yml"),
        "-d",
        str(tmp_path / "site"),
    ]
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    assert "infra/01-serving.md: tags: kept []; tags must be a list of words" in r.stderr
    tags = (tmp_path / "site/kb/tags/index.html").read_text()
    for tag in ("memory", "sharding", "fusion", "2026"):
        assert f'id="tag:{tag}"' in tags
    assert 'id="tag:kind' not in tags and 'id="tag:serving' not in tags
