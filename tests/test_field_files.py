"""The file-level field conventions beyond `test_conventions_files.py`: configuration of what is a source copy,
the edges of each convention, and that the rules still report what is wrong."""

from __future__ import annotations

from conftest import findings, knowledge, of, scan
from hypothesis import given
from hypothesis import strategies as st

from oracle_kb.config import load_config
from oracle_kb.model import Role


def on(fs, path: str, *rules: str):
    return [f for f in fs if f.path == path and (not rules or f.rule in rules)]


# ---------------------------------------------------------------- what is knowledge


def test_source_globs_are_configurable(oracle_dir):
    files = {"t/a.md": knowledge(), "papers/00-x.md": "# Paper\n\nNo sources.\n", "source-documents/0.md": "# S\n"}
    root = oracle_dir(files)
    assert on(findings(root), "papers/00-x.md", "citations-missing")
    assert on(findings(root), "source-documents/0.md") == []
    custom = findings(root, source_globs=["papers/*"])
    assert on(custom, "papers/00-x.md") == []
    assert on(custom, "source-documents/0.md", "citations-missing")  # no longer a source copy
    oracle, _ = scan(root, source_globs=["papers/*"])
    assert oracle.files["papers/00-x.md"].role == Role.SOURCE
    assert oracle.files["source-documents/0.md"].role == Role.KNOWLEDGE


def test_source_globs_is_a_setting_of_the_file_and_of_the_plugin(tmp_path):
    (tmp_path / "oracle-kb.toml").write_text('source-globs = ["refs/*"]\n')
    assert load_config(cwd=tmp_path).source_globs == ["refs/*"]
    assert load_config(cwd=tmp_path, options={"source_globs": ["copies/*"]}).source_globs == ["copies/*"]


def test_nested_source_folders_are_source_copies(oracle_dir):
    root = oracle_dir({"t/a.md": knowledge(), "topic/source-documents/00-paper.md": "# Paper\n\n[x](nowhere.md)\n"})
    assert on(findings(root), "topic/source-documents/00-paper.md") == []


def test_source_copies_keep_their_characters_and_still_report_unsafe_html(oracle_dir):
    text = "# Paper\n\nAux heures d\u2019\u00e9t\u00e9, 200\u221a\u00f3\n\n<script>alert(1)</script>\n"
    root = oracle_dir({"t/a.md": knowledge(), "source-documents/00-paper.md": text})
    fs = on(findings(root), "source-documents/00-paper.md")
    assert [f.rule for f in fs] == ["html-unsafe"]
    oracle, _ = scan(root)
    assert "200\u221a\u00f3" in str(oracle.files["source-documents/00-paper.md"].summary)  # read as written


def test_templates_by_folder_or_name_get_no_citation_or_link_findings(oracle_dir):
    template = "# {Title}\n\nSee [the overview](00-overview.md) and [parent](XX-parent.md).\n"
    root = oracle_dir(
        {"t/a.md": knowledge(), "templates/concept.md": template, "guides/01-skill-template.md": template}
    )
    fs = findings(root)
    assert on(fs, "templates/concept.md") == [] and on(fs, "guides/01-skill-template.md") == []


def test_a_file_about_template_matching_is_knowledge(oracle_dir):
    root = oracle_dir({"cv/03-template-matching.md": "# Template matching\n\nNo sources.\n"})
    assert on(findings(root), "cv/03-template-matching.md", "citations-missing")


def test_placeholder_link_in_a_knowledge_file_is_not_broken_but_a_real_one_is(oracle_dir):
    body = "[{name}]({path}) and [gone](gone.md)\n"
    root = oracle_dir({"t/a.md": knowledge(body=body)})
    assert [f.message for f in of(findings(root), "link-broken")] == [
        "link to `gone.md` points to nothing in the oracle"
    ]


# ---------------------------------------------------------------- citations


def doc(body: str) -> str:
    return f"# A topic\n\nWhat this file teaches, in one paragraph.\n\n{body}"


def test_sources_only_in_the_enclosing_repository_are_named_not_missing(oracle_dir):
    body = "**See**: `RESEARCH/DeepSeekOCR/TRAINING.md` lines 26-178\n\n## Stage 1\n\nText.\n"
    root = oracle_dir({"training/01-stage1.md": doc(body)})
    fs = on(findings(root), "training/01-stage1.md")
    assert [(f.rule, f.severity.value) for f in fs] == [("citations-unlinked", "warning")]
    assert "outside the oracle" in fs[0].message and "repository URL" in fs[0].fix


def test_unlinked_message_names_an_entry_and_counts_each_reference_once(oracle_dir):
    body = (
        "## Research Citations\n\n1. **NVIDIA Texture Filtering** (2025)\n"
        '   - "Anisotropic Texture Filtering in Modern GPUs"\n   - Source: NVIDIA Developer Documentation\n'
        '2. **AMD RDNA Architecture** (2024)\n   - "RDNA3 Texture Address Units"\n'
    )
    root = oracle_dir({"t/a.md": doc(body)})
    [f] = on(findings(root), "t/a.md")
    assert f.rule == "citations-unlinked" and f.line == 5
    assert f.message.startswith("2 sources in `Research Citations` have no URL") and "NVIDIA Texture" in f.message


def test_a_code_path_of_the_enclosing_repository_names_the_copy_of_it(oracle_dir):
    body = "## Code References\n\n- `RESEARCH/Ovis25/Ovis/ovis/model/modeling_ovis.py` - the model\n"
    files = {"c/a.md": doc(body), "source-codebases/00-Ovis/ovis/model/modeling_ovis.py": "class Ovis: ...\n"}
    assert on(findings(oracle_dir(files)), "c/a.md") == []  # one source, an extract of the copy: enough


def test_a_single_web_source_is_still_too_few_but_one_source_document_is_an_extract(oracle_dir):
    web = doc("**Source**: [Real Python](https://realpython.com/python-textual/)\n\n## Overview\n\nText.\n")
    extract = doc("## Primary Sources\n\nFrom [Republic](../source-documents/00-republic.md): Book V\n")
    root = oracle_dir({"t/web.md": web, "t/extract.md": extract, "source-documents/00-republic.md": "# R\n"})
    fs = findings(root)
    assert [f.rule for f in on(fs, "t/web.md")] == ["citations-too-few"]
    assert on(fs, "t/extract.md") == []


def test_dates_labels_and_data_sets_are_not_references(oracle_dir):
    body = "## Sources\n\n**Accessed**: 2025-11-02\n- CC12M (Conceptual Captions)\n- Web research 2024-2025\n"
    root = oracle_dir({"t/a.md": doc(body)})
    assert [f.message for f in on(findings(root), "t/a.md")] == ["citations section `Sources` names no source"]


def test_an_arxiv_link_and_its_id_are_one_source(oracle_dir):
    body = (
        "## Sources\n\n- [LoRA](https://arxiv.org/abs/2106.09685), arXiv:2106.09685\n- LoRA again, arXiv 2106.09685\n"
    )
    root = oracle_dir({"t/a.md": doc(body)})
    assert [f.message for f in on(findings(root), "t/a.md")] == ["names 1 source; at least 3 expected"]


def test_stats_count_sources_as_the_rules_do(oracle_dir, capsys):
    from oracle_kb.cli import main

    body = '## References\n\n- Bengio et al. (2009), "Curriculum Learning"\n- DOI: 10.1007/BF00992696\n'
    root = oracle_dir({"t/a.md": doc(body)})
    assert main(["stats", str(root), "--format", "json"]) == 0
    assert '"citations": 2' in capsys.readouterr().out


# ---------------------------------------------------------------- links


def _fix(root, capsys):
    from oracle_kb.cli import main

    assert main(["fix", str(root)]) == 0
    capsys.readouterr()


def test_a_name_two_files_have_is_no_fix_but_names_both(oracle_dir, capsys):
    files = {
        "t/a.md": knowledge(body="[o](overview-notes.md)\n"),
        "u/overview-notes.md": "# U\n",
        "v/overview-notes.md": "# V\n",
    }
    root = oracle_dir(files)
    [f] = of(findings(root), "link-broken")
    assert not f.edits and "`../u/overview-notes.md` or `../v/overview-notes.md`" in f.fix
    _fix(root, capsys)
    assert "[o](overview-notes.md)" in (root / "t" / "a.md").read_text()


def test_a_near_name_is_suggested_but_never_rewritten(oracle_dir, capsys):
    files = {
        "w/01-prehension.md": knowledge(body="[c](./00-concretence-many.md)\n"),
        "w/00-concrescence-many.md": "# C\n",
    }
    root = oracle_dir(files)
    [f] = of(findings(root), "link-broken")
    assert "`00-concrescence-many.md`" in f.fix and not f.edits
    _fix(root, capsys)
    assert "(./00-concretence-many.md)" in (root / "w" / "01-prehension.md").read_text()


def test_a_bare_readme_is_never_pointed_at_another_readme(oracle_dir):
    files = {"apps/viewer.md": knowledge(body="[README](README.md)\n"), "topic/README.md": knowledge()}
    [f] = of(findings(oracle_dir(files)), "link-broken")
    assert not f.edits and "README" not in f.fix


def test_a_fix_to_a_name_with_spaces_is_percent_encoded(oracle_dir, capsys):
    body = "[paper](../source-documents/Fast Terrain.md)\n"
    files = {"apps/t.md": knowledge(body=body.replace(" T", "%20T")), "papers/Fast Terrain.md": "# P\n"}
    root = oracle_dir(files)
    [f] = of(findings(root), "link-broken")
    assert f.fix == "did you mean `../papers/Fast%20Terrain.md`?"


def test_links_out_and_back_in_are_fixed_and_machine_paths_stay_outside(oracle_dir, capsys):
    body = "[a](../../oracle/u/b.md) [b](/home/me/notes/b.md) [c](../../../elsewhere/b.md)\n"
    root = oracle_dir({"t/a.md": knowledge(body=body), "u/b.md": knowledge()})
    fs = findings(root)
    assert [f.fix for f in of(fs, "link-broken")] == ["did you mean `../u/b.md`?"]
    outside = {f.message.split("`")[1]: f for f in of(fs, "path-outside-oracle")}
    assert "path on this machine" in outside["/home/me/notes/b.md"].message
    assert "repository URL" in outside["../../../elsewhere/b.md"].fix
    _fix(root, capsys)
    assert "[a](../u/b.md)" in (root / "t" / "a.md").read_text()


def test_a_missing_folder_link_gets_no_file_as_fix(oracle_dir):
    root = oracle_dir(
        {"releases/00-v3.md": knowledge(body="[styling](../styling/)\n"), "styling-guide.md": knowledge()}
    )
    [f] = of(findings(root), "link-broken")
    assert not f.edits


# ---------------------------------------------------------------- index-stale


def test_index_naming_a_name_two_files_share_lists_neither_and_a_missing_folder_is_one_finding(oracle_dir):
    index = "# Index\n\n### 00-overview.md\n\n- [A](data/a.md)\n- [B](data/b.md)\n- [C](data/c.md)\n- [X](t/x.md)\n"
    files = {"INDEX.md": index, "t/00-overview.md": knowledge(), "u/00-overview.md": knowledge(), "t/x.md": "# X\n"}
    fs = of(findings(oracle_dir(files)), "index-stale")
    assert [(f.line, f.message) for f in fs] == [
        (1, "misses 2 knowledge files: `t/00-overview.md`, `u/00-overview.md`"),
        (5, "lists 3 files under `data/`, a folder the oracle does not have (e.g. `data/a.md`)"),
    ]


# ---------------------------------------------------------------- file-unreadable, html-unsafe


def test_stray_nul_bytes_in_a_source_copy_are_not_reported_and_a_nul_in_latin1_is_binary(oracle_dir):
    text = b"# Paper\n\n" + b"Converted text of the paper.\n" * 60 + b"Figure 1: view with 40 \x00\x02\x01 x\n"
    root = oracle_dir({"t/a.md": knowledge(), "source-documents/13-paper.md": text, "t/b.md": b"# B\n\xe9t\xe9 \x00\n"})
    fs = of(findings(root), "file-unreadable")
    assert [(f.path, "binary" in f.message) for f in fs] == [("t/b.md", True)]


def test_an_embedded_video_is_fixed_by_a_link_to_it(oracle_dir):
    iframe = '<iframe width="560" src="https://www.youtube-nocookie.com/embed/XvSGPZFEjDY"></iframe>'
    root = oracle_dir({"t/a.md": knowledge(body=iframe + "\n")})
    [f] = of(findings(root), "html-unsafe")
    assert (
        f.fix
        == "replace it with a link to what it shows: [video or page](https://www.youtube-nocookie.com/embed/XvSGPZFEjDY)"
    )


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


_NAME = st.text(alphabet="ab-x", min_size=4, max_size=14)


@given(_NAME, _NAME)
def test_near_names_are_those_two_edits_away(a, b):
    from oracle_kb.rules.link_targets import _within_two

    expected = a != b and min(len(a), len(b)) >= 6 and _levenshtein(a, b) <= 2
    assert _within_two(a, b) == expected


def test_labels_in_list_items_and_plain_ones_count_where_nothing_else_names_a_source(oracle_dir):
    items = "## Episode 32\n\n- **URL**: https://www.meaningcrisis.co/ep-32/\n- **Topic**: insight\n"
    plain = "Text.\n\nSources:\n- RESEARCH/PlatonicDialogues/20-convergence.md\n- RESEARCH/PlatonicDialogues/21-landscape.md\n"
    root = oracle_dir({"p/items.md": doc(items), "p/plain.md": doc(plain)})
    fs = findings(root)
    assert [f.rule for f in on(fs, "p/items.md")] == ["citations-too-few"]
    assert [f.rule for f in on(fs, "p/plain.md")] == ["citations-unlinked"]


def test_a_paper_analysis_header_names_its_paper_once(oracle_dir):
    head = (
        "# Kara-Yakoubian et al. 2023\n\n**Full Title**: Relevance Realization, Aging, and Moral Decisions\n"
        "**Authors**: Mariam Kara-Yakoubian, Liane Young, John Vervaeke\n**Year**: 2023\n\n## Summary\n\nText.\n\n"
        "**Citation**:\nKara-Yakoubian, M., Young, L., Vervaeke, J. (2023). Relevance Realization, Aging, and Moral "
        "Decisions. *Cognitive Science*.\n"
    )
    [f] = findings(oracle_dir({"papers/02-k.md": head}))
    assert f.rule == "citations-unlinked" and f.message.startswith("1 source has no URL")
