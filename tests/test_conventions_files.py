"""File-level rules against the conventions of real oracles (issue 13).

Each test states the behaviour the rules SHOULD have, learned by reading the findings on nine real oracles
(catalogue: /work/notes/field-conventions-A.md). Fixtures are small copies of the patterns found there.
A test the current code fails carries `xfail(strict=True, reason="issue 13: …")`: remove the mark when the
convention is implemented. Tests without the mark are true findings that must keep being reported (or
correct text that must keep passing).
"""

from __future__ import annotations

import pytest
from conftest import findings, knowledge, of

from oracle_kb.cli import main

# citations-unlinked (sources named without URL) is the new id for the weaker finding the catalogue recommends:
# its own id keeps it a warning that can be configured apart from citations-missing's errors.
CITATION_RULES = ("citations-missing", "citations-unlinked", "citations-too-few", "citation-url-invalid")
THREE_LINKS = (
    "- [LoRA](https://arxiv.org/abs/2106.09685) - the method\n"
    "- [PEFT docs](https://huggingface.co/docs/peft/index) - the library\n"
    "- [PEFT repo](https://github.com/huggingface/peft) - the code\n"
)


def xfail(convention: str):
    return pytest.mark.xfail(strict=True, reason=f"issue 13: {convention}")


def on(fs, path: str, *rules: str):
    """Findings on `path`, of the given rules (all rules when none given)."""
    return [f for f in fs if f.path == path and (not rules or f.rule in rules)]


def doc(body: str, title: str = "A topic") -> str:
    """A knowledge file with exactly the given body after its title and summary (no default sources)."""
    return f"# {title}\n\nWhat this file teaches, in one paragraph.\n\n{body}"


# ======================================================================== citations: section titles

# Titles of citations sections found in the field oracles (and named in the issue) that are not recognised
# today. Each holds three linked sources; none of these files should get a citations finding.
UNRECOGNISED_TITLES = [
    "Primary Sources",  # the format's own guide (oracle-creator SKILL.md), 40 headings in 3 oracles
    "Secondary Sources",
    "Primary Source",
    "Source Citations",  # named in the issue
    "References & Sources",  # named in the issue
    "Key Sources and References",  # named in the issue
    "Section 7: Research Sources and References",  # named in the issue
    "Section 12: Resources and References",  # lod-btree-oracle
    "11. References and Source Material",  # lod-btree-oracle
    "Key Citations",  # lod-btree-oracle
    "Research Citations",
    "Source Material",
    "Source Materials",
    "Web Research References",
    "Additional References",
    "Academic Sources",
    "Primary Academic Sources",
    "Primary Documentation Sources",  # textual-tui-oracle
    "Encyclopedia and Reference Sources",  # john-vervaeke-oracle
    "Resources & References",
    "Recent Papers & References (2024-2025)",
    "Web Resources (Accessed 2025-11-23)",
    "Additional Research (Web Sources)",  # the format's own guide
    "Biological Vision - Primary Sources",
    "Primary Sources - Meaning Crisis Lectures",
    "📚 Source Materials",  # deepseek-ocr-oracle
    "Resources",  # textual-tui-oracle: the project's repository, docs, PyPI
    "Additional Resources",
    "Further Resources",
    "Related Resources",
    "Links & Resources",
]

# Titles that are accepted today and must stay accepted.
RECOGNISED_TITLES = [
    "Sources",
    "References",
    "Bibliography",
    "Further Reading",
    "Sources and References",
    "📋 References",
]

# Headings that name something else; a file whose only "sources" sit under one of these is uncited.
NOT_CITATION_TITLES = [
    "Cross-References",
    "Cross-Reference Formats",
    "Quick Reference",
    "Quick Reference Card",
    "API Reference",
    "Source Code",
    "Open Source",
    "The Source Concept",
    "The Universe as Source",
    "4. Philosophical Source",
    "Citation Template",
    "Citation Format",
    "Resource Groups",
    "Reading History",
    "Phase 3: Read Sources and Extract Topics",
    "User Studies (from source 13)",
    "PyramidDrop (ICLR 2025, 90 citations)",
    "Real-World Data Sources",
]


@pytest.mark.parametrize("title", UNRECOGNISED_TITLES)
def test_citation_section_titles_used_in_real_oracles_are_recognised(oracle_dir, title):
    root = oracle_dir({"t/a.md": knowledge(sources=f"## {title}\n\n{THREE_LINKS}")})
    assert on(findings(root), "t/a.md", *CITATION_RULES) == []


@pytest.mark.parametrize("title", RECOGNISED_TITLES)
def test_recognised_citation_titles_stay_recognised(oracle_dir, title):
    root = oracle_dir({"t/a.md": knowledge(sources=f"## {title}\n\n{THREE_LINKS}")})
    assert on(findings(root), "t/a.md", *CITATION_RULES) == []


@pytest.mark.parametrize("title", NOT_CITATION_TITLES)
def test_headings_that_only_contain_a_citation_word_are_not_citation_sections(oracle_dir, title):
    body = f"## {title}\n\nSee [the other page](b.md) and `ovis/model/x.py`; the idea of a source.\n"
    root = oracle_dir({"t/a.md": doc(body), "t/b.md": knowledge()})
    fs = on(findings(root), "t/a.md", "citations-missing")
    assert len(fs) == 1 and fs[0].severity.value == "error"


# ======================================================================== citations: other shapes


def test_primary_sources_linking_the_oracles_source_documents_are_citations(oracle_dir):
    # oracle-creator/SKILL.md: "Each extracted file must reference sources" with exactly this shape;
    # lod-btree-oracle/applications/02-terrain-visualization.md:7 uses it at the top of the file.
    body = (
        "## Primary Sources\n\n"
        "From [Republic](../source-documents/00-republic.md):\n- Book V, discussion of Forms (lines 450-520)\n\n"
        "From [Symposium](../source-documents/01-symposium.md):\n- Diotima's speech on love (lines 200-350)\n\n"
        "From [Laws](../source-documents/02-laws.md):\n- Book X\n\n"
        "## The theory\n\nForms are eternal.\n"
    )
    src = "# Republic\n\nConverted from the PDF.\n"
    root = oracle_dir(
        {
            "concepts/01-forms.md": doc(body),
            "source-documents/00-republic.md": src,
            "source-documents/01-symposium.md": src,
            "source-documents/02-laws.md": src,
        }
    )
    assert on(findings(root), "concepts/01-forms.md", *CITATION_RULES) == []


def test_bold_label_line_opens_a_citations_block(oracle_dir):
    # lod-btree-oracle/techniques/09-cluster-based-cascade-filtering-appendix-frustum-2025-01-30.md:441
    body = "Some text.\n\n---\n\n**Primary Sources:**\n" + THREE_LINKS + "\n**Date**: 2025-01-30\n"
    root = oracle_dir({"t/a.md": doc(body)})
    assert on(findings(root), "t/a.md", *CITATION_RULES) == []


def test_bold_sources_label_over_a_list_of_data_sets_is_not_a_citation(oracle_dir):
    # ovis-2-5-oracle/training/01-phase-p1-vet.md:27 lists the training data, not the file's sources
    body = "## Data\n\n**Sources**:\n- CC12M (Conceptual Captions)\n- LAION subsets\n- Web-scraped pairs\n"
    root = oracle_dir({"t/a.md": doc(body)})
    assert [f.rule for f in on(findings(root), "t/a.md", *CITATION_RULES)] == ["citations-missing"]


def test_header_source_line_is_a_citation(oracle_dir):
    # textual-tui-oracle/projects/01-frogmouth-markdown-browser.md, tutorials/00-realpython-comprehensive.md
    text = (
        "# Python Textual Tutorial\n\n**Source**: [Real Python - Python Textual Tutorial]"
        "(https://realpython.com/python-textual/)\n**Accessed**: 2025-11-02\n\n---\n\n## Overview\n\nText.\n"
    )
    root = oracle_dir({"t/a.md": text})
    assert on(findings(root), "t/a.md", "citations-missing") == []


def test_closing_source_line_linking_a_source_document_is_a_citation(oracle_dir):
    # textual-tui-oracle/getting-started/00-installation.md:89
    text = doc(
        "## Install\n\npip install textual\n\n**Source**: [source-documents/02-getting-started.md]"
        "(../source-documents/02-getting-started.md)\n"
    )
    root = oracle_dir({"getting-started/00-installation.md": text, "source-documents/02-getting-started.md": "# GS\n"})
    assert on(findings(root), "getting-started/00-installation.md", "citations-missing") == []


CODEBASE = {
    "source-codebases/00-Ovis/ovis/model/modeling_ovis.py": "class Ovis: ...\n",
    "source-codebases/00-Ovis/ovis/train/train.py": "def train(): ...\n",
    "source-codebases/00-Ovis/ovis/util/constants.py": "X = 1\n",
}


def test_code_references_into_source_codebases_are_citations(oracle_dir):
    # ovis-2-5-oracle/concepts/00-structural-alignment.md:363, qwen3vl-oracle/architecture/00-overview.md:245
    body = (
        "## VET\n\nText.\n\n## Code References\n\n**VET Class**: `ovis/model/modeling_ovis.py:25-34`\n"
        "**Training**: `ovis/train/train.py` - Phase P1 setup\n**Constants**: `ovis/util/constants.py`\n"
    )
    root = oracle_dir({"concepts/00-structural-alignment.md": doc(body), **CODEBASE})
    assert on(findings(root), "concepts/00-structural-alignment.md", *CITATION_RULES) == []


def test_header_file_line_into_source_codebases_is_a_citation(oracle_dir):
    # ovis-2-5-oracle/codebase/01-modeling-ovis.md:4, deepseek-ocr-oracle/code-reference/02-sam-implementation.md:3
    text = "# modeling_ovis.py\n\n**Category**: Codebase\n**File**: `ovis/model/modeling_ovis.py`\n\n## Classes\n\nX.\n"
    root = oracle_dir({"codebase/01-modeling-ovis.md": text, **CODEBASE})
    assert on(findings(root), "codebase/01-modeling-ovis.md", "citations-missing") == []


def test_bare_urls_in_parentheses_are_citations(oracle_dir):
    sources = (
        "## Sources\n\n- LoRA paper (https://arxiv.org/abs/2106.09685)\n"
        "- PEFT docs (https://huggingface.co/docs/peft/index)\n- PEFT repository (https://github.com/huggingface/peft)\n"
    )
    root = oracle_dir({"t/a.md": knowledge(sources=sources)})
    assert on(findings(root), "t/a.md", *CITATION_RULES) == []


def test_doi_and_arxiv_identifiers_are_citations(oracle_dir):
    # lod-btree-oracle/concepts/06-cortical-magnification-neural-nets-2025-01-30.md:517
    sources = (
        "## Key Citations\n\n"
        "1. **Topographic Neural Networks** - Nature Human Behaviour (2025)\n   - Lu, Z., et al., DOI: 10.1038/s41562-025-02220-7\n"
        "2. **Cortical Magnification for SSL** - arXiv:2509.15751 (2025)\n"
        "3. **CNNs Develop Cortical Principles** - Scientific Reports (2024)\n   - DOI: 10.1038/s41598-024-59376-x\n"
    )
    root = oracle_dir({"t/a.md": knowledge(sources=sources)})
    assert on(findings(root), "t/a.md", *CITATION_RULES) == []


FULL_REFERENCES = (
    "## References\n\n"
    '1. **FastVLM** (Apple Research, July 2025): "FastVLM: Efficient Vision Encoding for Vision Language Models"\n'
    '2. **DPN-LLaVA** (March 2025): Ai et al., "Dynamic Pyramid Network for Efficient Multimodal LLMs"\n'
    '3. **Curriculum Learning**: Bengio et al. (2009), "Curriculum Learning"\n'
    '4. **REINFORCE**: Williams (1992), "Simple Statistical Gradient-Following Algorithms"\n'
)


def test_references_without_urls_are_weaker_citations_not_missing_ones(oracle_dir):
    # lod-btree-oracle/algorithms/07-dynamic-difficulty-allocation.md:1718 (and 15 more files)
    root = oracle_dir({"t/a.md": knowledge(sources=FULL_REFERENCES)})
    fs = on(findings(root), "t/a.md")
    assert not [f for f in fs if f.severity.value == "error" and f.rule in CITATION_RULES]
    assert not [f for f in fs if "cites no source" in f.message or "no citations section" in f.message]
    assert [f for f in fs if f.rule in CITATION_RULES and "URL" in f.message]  # ... but it is said


def test_unrecognised_title_over_full_references_is_not_called_missing(oracle_dir):
    root = oracle_dir({"t/a.md": knowledge(sources=FULL_REFERENCES.replace("## References", "## Key Citations"))})
    assert not [f for f in on(findings(root), "t/a.md") if "no citations section" in f.message]


def test_too_few_counts_full_references_not_only_urls(oracle_dir):
    # john-vervaeke-oracle/advanced-phenomenology/02-wisdom-transformative.md:504: 2 URLs and 10 references
    sources = (
        FULL_REFERENCES.replace("## References", "## Sources") + "- [Docs](https://huggingface.co/docs/peft/index)\n"
    )
    root = oracle_dir({"t/a.md": knowledge(sources=sources)})
    assert on(findings(root), "t/a.md", "citations-too-few") == []


def test_bibtex_citation_block_is_a_citation(oracle_dir):
    sources = (
        "## Citation\n\n```bibtex\n@article{qwen25vl,\n  title={Qwen2.5-VL Technical Report},\n"
        "  journal={arXiv preprint arXiv:2502.13923},\n  year={2025}\n}\n"
        "@misc{peft,\n  title={PEFT},\n  url={https://github.com/huggingface/peft},\n  year={2022}\n}\n"
        "@article{lora,\n  title={LoRA},\n  doi={10.48550/arXiv.2106.09685},\n  year={2021}\n}\n```\n"
    )
    root = oracle_dir({"t/a.md": knowledge(sources=sources)})
    assert on(findings(root), "t/a.md", *CITATION_RULES) == []


# ======================================================================== citations: true findings


def test_a_file_with_no_sources_at_all_is_still_uncited(oracle_dir):
    # rick-rubin-oracle/the-creative-act/02-key-principles.md: quotes, no source named anywhere
    root = oracle_dir({"t/a.md": doc('> "Distraction is a strategy in service of the work."\n\nText.\n')})
    fs = on(findings(root), "t/a.md", "citations-missing")
    assert len(fs) == 1 and fs[0].severity.value == "error"


def test_a_sources_section_naming_nothing_is_still_uncited(oracle_dir):
    root = oracle_dir({"t/a.md": doc("## Sources\n\nnone yet\n")})
    assert [f.rule for f in on(findings(root), "t/a.md", *CITATION_RULES)] == ["citations-missing"]


def test_a_single_linked_source_is_still_too_few(oracle_dir):
    # textual-tui-oracle/widgets/01-custom-widgets.md:512
    sources = "## Sources\n\n**Web Research:**\n- [mathspp - Textual for Beginners](https://mathspp.com/blog/textual-for-beginners)\n"
    root = oracle_dir({"t/a.md": knowledge(sources=sources)})
    assert [f.rule for f in on(findings(root), "t/a.md", *CITATION_RULES)] == ["citations-too-few"]


def test_only_links_to_other_oracle_files_are_not_citations(oracle_dir):
    # lod-btree-oracle/concepts/00-lod-fundamentals.md:290: "Further Reading" with cross-references only
    body = "## Further Reading\n\n- [BSP basics](b.md) - spatial organization\n- [Perception](c.md)\n"
    root = oracle_dir({"t/a.md": doc(body), "t/b.md": knowledge(), "t/c.md": knowledge()})
    assert [f.rule for f in on(findings(root), "t/a.md", *CITATION_RULES)] == ["citations-missing"]


# ======================================================================== source copies and _ingest/

SOURCE_COPIES = {
    # a paper converted from PDF: no sources section, a URL broken by line wrapping, BibTeX url={...}
    "source-documents/00-paper.md": (
        "# A Paper\n\nConverted text with √∑n in a formula.\n\n## REFERENCES\n\n"
        "[1] Hu et al. LoRA. https://arxiv.org/abs/ 2106.09685\n[2] url={https://arxiv.org/abs/2106.09685}\n"
    ),
    # a repository's README copied wholesale: a BibTeX "cite us" block and its own image links
    "source-codebases/00-Ovis/README.md": (
        "# Ovis\n\n![perf](docs/performance/Ovis2_5_performance.png)\n\n## Citation\n\n"
        "```BibTeX\n@article{ovis,\n  title={Ovis},\n  journal={arXiv preprint arXiv:2405.20797},\n}\n```\n"
    ),
    "source-code/textual/README.md": "# Textual\n\nSee [the docs](docs/index.md).\n",
}


def test_source_copies_get_no_citation_or_link_findings(oracle_dir):
    root = oracle_dir({"t/a.md": knowledge(), **SOURCE_COPIES})
    fs = findings(root)
    wrong = [f for f in fs if f.path in SOURCE_COPIES and f.rule in (*CITATION_RULES, "link-broken", "mojibake")]
    assert wrong == []


def test_ingest_readme_is_not_a_knowledge_file(oracle_dir):
    readme = "Place new documents (PDFs, markdown, etc.) here, then ask the oracle to ingest the knowledge.\n"
    index = "# Index\n\n- [A](t/a.md)\n"
    root = oracle_dir({"_ingest/README.md": readme, "t/a.md": knowledge(), "INDEX.md": index})
    fs = findings(root)
    assert on(fs, "_ingest/README.md") == [] and of(fs, "index-stale") == []


# ======================================================================== citation-url-invalid


@pytest.mark.parametrize(
    "url",
    [
        "https://pythongui.org/how-to-build-a-todo-tui-application-with-textual-2/",
        "https://en.wikipedia.org/wiki/Super_Bowl_XXXVIII",
        "https://arxiv.org/abs/2106.09685}",
        "https://en.wikipedia.org/wiki/Louis_XIV",
        "https://github.com/huggingface/peft",
    ],
)
def test_real_urls_are_not_invalid(oracle_dir, url):
    sources = f"## Sources\n\n- see {url}\n- [PEFT docs](https://huggingface.co/docs/peft/index)\n- [Doc](https://docs.python.org/3/)\n"
    root = oracle_dir({"t/a.md": knowledge(sources=sources)})
    assert on(findings(root), "t/a.md", "citation-url-invalid") == []


def test_bibtex_and_latex_url_wrappers_are_stripped(oracle_dir):
    sources = (
        "## Sources\n\n- Hu et al. (2021) url={https://arxiv.org/abs/2106.09685}\n"
        "- PEFT \\url{https://github.com/huggingface/peft}\n- [Docs](https://huggingface.co/docs/peft/index)\n"
    )
    root = oracle_dir({"t/a.md": knowledge(sources=sources)})
    assert on(findings(root), "t/a.md", "citation-url-invalid") == []


def test_placeholders_and_malformed_arxiv_ids_are_still_invalid(oracle_dir):
    sources = THREE_LINKS + "- [todo](https://docs.site.org/TODO)\n- [ph](https://example.com/paper)\n"
    sources += "- [arx](https://arxiv.org/abs/2106.9685)\n"
    root = oracle_dir({"t/a.md": knowledge(sources="## Sources\n\n" + sources)})
    assert len(on(findings(root), "t/a.md", "citation-url-invalid")) == 3


# ======================================================================== mojibake and `fix`

CORRECT_NON_ASCII = (
    "# Non-ASCII that is right\n\nWhat this file teaches, in one paragraph.\n\n"
    "Zoë Brontë, naïve café résumé, Ångström, Straße, Łódź, ¿Qué?, «guillemets», “quoted” – — …\n"
    "Ελληνικά, Русский, 日本語テキスト, 한국어, 🎉🚀, ★★★★★, ✓✓, ≤≥≠, ±×÷, ½¼¾, ²³, °C µs\n"
    "→→ next, ≈≈ about, ∂²f/∂x², O(n²), ℝⁿ, ⌘⇧, ©®™, §¶\n\n"
    "```python\n# area of the Gaussian: √π ≈ 1.772\nx = √π  # not ù\nrmse = √∑n  # root of the sum\n```\n\n"
    'The festival "Aux heures d’été" runs in Nantes.\n\n'
    "## Sources\n\n" + THREE_LINKS
)


@pytest.mark.parametrize(
    "line",
    [
        "# area of the Gaussian: √π ≈ 1.772",
        "RMSE = √∑n",
        '"Aux heures d’été"',
        '*—=::.—• •"—■■•»»',
        "«•MttWIIMfc",
        "→→ next, ≈≈ about, 日本語, 🎉🚀, ★★★★★, ≤≥≠, ±×÷, ½¼¾, “quoted”, Zoë, naïve",
    ],
)
def test_correct_non_ascii_is_not_mojibake(oracle_dir, line):
    root = oracle_dir({"t/a.md": knowledge(body=line + "\n")})
    assert of(findings(root), "mojibake") == []


@pytest.mark.parametrize(
    ("garbled", "repaired"),
    [("â€™", "’"), ("‚úì", "✓"), ("‚Üí", "→"), ("caf√©", "café"), ("cafÃ©", "café"), ("200√ó", "200×")],
)
def test_real_mojibake_is_reported_and_repaired(oracle_dir, capsys, garbled, repaired):
    root = oracle_dir({"t/a.md": knowledge(body=f"status {garbled} done\n")})
    assert [f.line for f in of(findings(root), "mojibake")] == [5]
    assert main(["fix", str(root)]) == 0
    capsys.readouterr()
    assert f"status {repaired} done" in (root / "t" / "a.md").read_text(encoding="utf-8")
    assert of(findings(root), "mojibake") == []


def test_fix_leaves_correct_non_ascii_byte_for_byte(oracle_dir, capsys):
    root = oracle_dir({"t/a.md": CORRECT_NON_ASCII, "SKILL.md": "# Skill ✓ → ≈ √π\n"})
    before = {p: (root / p).read_bytes() for p in ("t/a.md", "SKILL.md")}
    assert main(["fix", str(root)]) == 0
    capsys.readouterr()
    assert {p: (root / p).read_bytes() for p in before} == before


# ======================================================================== link-broken and path-outside-oracle


def test_one_dotdot_too_many_is_a_broken_link_with_the_file_as_fix(oracle_dir):
    root = oracle_dir({"t/a.md": knowledge(body="[b](../../u/b.md)\n"), "u/b.md": knowledge()})
    fs = findings(root)
    assert on(fs, "t/a.md", "path-outside-oracle") == []
    broken = on(fs, "t/a.md", "link-broken")
    assert len(broken) == 1 and "../u/b.md" in broken[0].fix


def test_absolute_path_into_the_oracle_itself_is_a_broken_link(oracle_dir):
    link = "[b](/Users/someone/project/.claude/skills/oracle/u/b.md)"
    root = oracle_dir({"t/a.md": knowledge(body=link + "\n"), "u/b.md": knowledge()}, name="oracle")
    fs = findings(root)
    assert on(fs, "t/a.md", "path-outside-oracle") == []
    broken = on(fs, "t/a.md", "link-broken")
    assert len(broken) == 1 and "../u/b.md" in broken[0].fix


def test_link_back_in_through_the_oracles_own_name_is_not_outside(oracle_dir):
    # oracle-creator/templates/skill-template.md:95: ../../oracle-creator/templates/oracle-dynamic-learning.md
    link = "[guide](../../oracle-creator/templates/learning.md)"
    root = oracle_dir(
        {"templates/skill-template.md": knowledge(body=link + "\n"), "templates/learning.md": knowledge()},
        name="oracle-creator",
    )
    assert on(findings(root), "templates/skill-template.md", "path-outside-oracle") == []


def test_link_into_the_enclosing_repository_says_so(oracle_dir):
    # lod-btree-oracle/integration/07-clip-embeddings-in-textures-2025-01-30.md:22 and 30 more
    link = "[Part 27](../../RESEARCH/PlatonicDialogues/27-the-texture-revelation.md)"
    root = oracle_dir({"integration/07-clip.md": knowledge(body=link + "\n")})
    fs = on(findings(root), "integration/07-clip.md", "path-outside-oracle")
    assert len(fs) == 1 and fs[0].severity.value == "error"  # still a true finding ...
    assert "repository" in (fs[0].message + " " + fs[0].fix).lower()  # ... that says what it is


def test_site_absolute_link_from_copied_docs_is_a_broken_link(oracle_dir):
    # huggingface-hub/models/the-hub.md:5: [Inference Providers](/docs/inference-providers/)
    root = oracle_dir({"models/the-hub.md": knowledge(body="[Inference Providers](/docs/inference-providers/)\n")})
    fs = findings(root)
    assert on(fs, "models/the-hub.md", "path-outside-oracle") == []
    assert len(on(fs, "models/the-hub.md", "link-broken")) == 1


def test_escapes_that_read_the_machine_stay_outside_the_oracle(oracle_dir):
    body = "[keys](../../../.ssh/id_rsa) [pw](/etc/passwd) [home](~/notes.md)\n"
    root = oracle_dir({"t/a.md": knowledge(body=body)})
    assert len(on(findings(root), "t/a.md", "path-outside-oracle")) == 3


def test_link_without_number_prefix_suggests_and_fixes_the_numbered_file(oracle_dir, capsys):
    # deepseek-ocr-oracle/architecture/00-overview.md:222 and 55 more links
    root = oracle_dir(
        {"arch/00-overview.md": knowledge(body="[SAM + CLIP](deepencoder.md)\n"), "arch/01-deepencoder.md": knowledge()}
    )
    broken = on(findings(root), "arch/00-overview.md", "link-broken")
    assert len(broken) == 1 and "01-deepencoder.md" in broken[0].fix
    assert main(["fix", str(root)]) == 0
    capsys.readouterr()
    assert "[SAM + CLIP](01-deepencoder.md)" in (root / "arch" / "00-overview.md").read_text()


def test_extension_less_link_suggests_the_markdown_file(oracle_dir):
    # huggingface-hub/concepts/hub-overview.md:131
    root = oracle_dir(
        {"concepts/hub.md": knowledge(body="[cards](./model-cards)\n"), "models/model-cards.md": knowledge()}
    )
    broken = on(findings(root), "concepts/hub.md", "link-broken")
    assert len(broken) == 1 and "../models/model-cards.md" in broken[0].fix


def test_no_suggestion_or_fix_into_the_ingest_folder(oracle_dir, capsys):
    # lod-btree-oracle/applications/00-arr-coc-texture-viewer-implementation-2025-10-31.md:2147: today
    # `fix` rewrites [ARR-COC README](README.md) to ../_ingest/README.md
    line = "- [ARR-COC README](README.md) (architecture section)"
    root = oracle_dir({"apps/viewer.md": knowledge(body=line + "\n"), "_ingest/README.md": "Place documents here.\n"})
    broken = on(findings(root), "apps/viewer.md", "link-broken")
    assert len(broken) == 1 and "_ingest" not in broken[0].fix
    assert main(["fix", str(root)]) == 0
    capsys.readouterr()
    assert line in (root / "apps" / "viewer.md").read_text()


def test_template_placeholder_links_are_not_broken(oracle_dir):
    # oracle-creator/templates/index-template.md:10 and 37 more
    body = "| [{file}]({path}) | {description} |\n[parent]({parent-file}.md)\n"
    root = oracle_dir({"templates/index-template.md": knowledge(body=body)})
    assert on(findings(root), "templates/index-template.md", "link-broken") == []


def test_a_real_broken_link_is_still_reported(oracle_dir):
    # textual-tui-oracle/advanced/00-textual-forms-library.md:801: a related file that was never written
    root = oracle_dir({"advanced/00-forms.md": knowledge(body="[Input](../widgets/04-input.md)\n")})
    broken = on(findings(root), "advanced/00-forms.md", "link-broken")
    assert len(broken) == 1 and broken[0].severity.value == "error"


def test_a_root_relative_link_gets_the_right_fix(oracle_dir, capsys):
    # lod-btree-oracle/algorithms/07-dynamic-difficulty-allocation.md:1729 (today's fix is right: keep it)
    body = "See [algorithms/06-pyramid.md](algorithms/06-pyramid.md)\n"
    root = oracle_dir({"algorithms/07-dyn.md": knowledge(body=body), "algorithms/06-pyramid.md": knowledge()})
    assert main(["fix", str(root)]) == 0
    capsys.readouterr()
    assert "[algorithms/06-pyramid.md](06-pyramid.md)" in (root / "algorithms" / "07-dyn.md").read_text()


# ======================================================================== index-stale


def test_index_listing_files_by_name_is_not_stale(oracle_dir):
    # lod-btree-oracle/INDEX.md: `### 00-lod-fundamentals.md` under a `## Concepts` heading (71 files so)
    index = "# Index\n\n## Concepts\n\n### 00-lod-fundamentals.md\n**What**: LOD basics\n\n## Algorithms\n\n"
    index += "| File | What |\n|---|---|\n| `00-bsp-construction.md` | BSP |\n"
    root = oracle_dir(
        {
            "INDEX.md": index,
            "concepts/00-lod-fundamentals.md": knowledge(),
            "algorithms/00-bsp-construction.md": knowledge(),
        }
    )
    assert of(findings(root), "index-stale") == []


def test_index_need_not_list_source_copies(oracle_dir):
    root = oracle_dir(
        {
            "INDEX.md": "# Index\n\n- [A](t/a.md)\n",
            "t/a.md": knowledge(),
            "source-codebases/00-Ovis/README.md": "# Ovis\n",
            "source-documents/00-paper.md": "# Paper\n",
        }
    )
    assert of(findings(root), "index-stale") == []


def test_index_listing_a_file_that_does_not_exist_is_stale(oracle_dir):
    # huggingface-hub/INDEX.md:30 lists datasets/overview.md; there is no datasets/ folder
    root = oracle_dir({"INDEX.md": "# Index\n\n- [A](t/a.md)\n- [Data](datasets/overview.md)\n", "t/a.md": knowledge()})
    fs = of(findings(root), "index-stale")
    assert [(f.line, "datasets/overview.md" in f.message) for f in fs] == [(4, True)]


def test_index_missing_a_knowledge_file_is_stale(oracle_dir):
    root = oracle_dir({"INDEX.md": "# Index\n\n- [A](t/a.md)\n", "t/a.md": knowledge(), "t/b.md": knowledge()})
    fs = of(findings(root), "index-stale")
    assert len(fs) == 1 and "t/b.md" in fs[0].message


# ======================================================================== file-unreadable, frontmatter-invalid, html


def test_stray_nul_bytes_do_not_make_a_markdown_file_binary(oracle_dir):
    # lod-btree-oracle/source-documents/13-...arXiv.md: 2 NUL bytes on line 96 of 231 (PDF conversion debris)
    text = knowledge(body="Figure 1: Display view with 40 \x00\x02\x01\x04 x\n\n[gone](nothere.md)\n").encode()
    root = oracle_dir({"t/a.md": text})
    fs = findings(root)
    unreadable = on(fs, "t/a.md", "file-unreadable")
    assert len(unreadable) == 1 and "binary" not in unreadable[0].message and unreadable[0].line == 5
    assert len(on(fs, "t/a.md", "link-broken")) == 1  # the file was read


def test_a_real_binary_is_still_unreadable(oracle_dir):
    root = oracle_dir({"t/a.md": b"%PDF-1.4\n" + bytes(range(256)) * 8})
    assert len(of(findings(root), "file-unreadable")) == 1


def test_frontmatter_error_is_on_the_line_that_holds_it(oracle_dir):
    # rick-rubin-oracle/SKILL.md:3: description: ... "The Creative Act: A Way of Being" book, ...
    text = "---\nname: x\ndescription: The Creative Act: A Way of Being, a book\n---\n" + knowledge()
    root = oracle_dir({"t/a.md": text})
    assert [f.line for f in of(findings(root), "frontmatter-invalid")] == [3]


def test_an_embedded_video_iframe_is_still_unsafe(oracle_dir):
    # huggingface-hub/models/the-hub.md:9
    iframe = '<iframe width="560" height="315" src="https://www.youtube-nocookie.com/embed/XvSGPZFEjDY"></iframe>'
    root = oracle_dir({"t/a.md": knowledge(body=iframe + "\n")})
    assert len(of(findings(root), "html-unsafe")) == 1
