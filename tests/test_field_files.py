"""The file-level field conventions beyond `test_conventions_files.py`: configuration of what is a source copy,
the edges of each convention, and that the rules still report what is wrong."""

from __future__ import annotations

from conftest import findings, knowledge, of, scan

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
