import re

from hypothesis import given
from hypothesis import strategies as st

from oracle_kb.names import anchor_of
from oracle_kb.read.knowledge import scan_knowledge
from oracle_kb.read.text import decode


def scan(text: str, path="t/a.md"):
    return scan_knowledge(path, decode(text.encode()))


DOC = """---
title: From front matter
tags: [a, b]
---
# Heading one

First paragraph that summarises the file.

## 1. Section A
See [B](../b/x.md) and <https://example.org/auto>.

```python
# not a heading
x = "[not a link](nowhere.md)"
```

### 1.1 Sub
`[code](span.md)` is not a link either.

## Sources
- [Paper](https://arxiv.org/abs/2106.09685) - the method
- https://pytorch.org/docs/stable/index.html plain URL
- [Dup](https://arxiv.org/abs/2106.09685/)
"""


def test_front_matter_title_headings_and_spans():
    kf = scan(DOC)
    assert kf.title == "From front matter" and kf.front_matter["tags"] == ["a", "b"]
    assert [(h.level, h.title, h.line) for h in kf.headings] == [
        (1, "Heading one", 5),
        (2, "1. Section A", 9),
        (3, "1.1 Sub", 17),
        (2, "Sources", 20),
    ]
    assert kf.headings[1].end_line == 19 and kf.headings[2].end_line == 19 and kf.headings[3].end_line == kf.lines
    assert kf.summary == "First paragraph that summarises the file."


def test_links_skip_code_blocks_and_code_spans():
    kf = scan(DOC)
    targets = [link.target for link in kf.links]
    assert "../b/x.md" in targets and "https://example.org/auto" in targets
    assert "nowhere.md" not in targets and "span.md" not in targets


def test_citations_in_the_sources_section_with_distinct_urls():
    kf = scan(DOC)
    assert kf.citations_heading.title == "Sources"
    assert [c.line for c in kf.citations] == [21, 22, 23]
    assert len(kf.cited_urls) == 2  # trailing slash variant is the same source


def test_title_falls_back_to_h1_then_file_name():
    assert scan("# Only H1\n").title == "Only H1"
    assert scan("no heading\n", "t/46-file-name.md").title == "46-file-name"


def test_broken_front_matter_names_its_line_and_keeps_the_body():
    kf = scan("---\ntitle: a\nbad: [unclosed\n---\n# Body\n")
    assert kf.issues[0].kind == "frontmatter-yaml" and kf.issues[0].line >= 3
    assert kf.headings[0].title == "Body"


def test_unclosed_front_matter_is_reported():
    kf = scan("---\ntitle: a\n# Body\n")
    assert kf.issues and kf.issues[0].kind == "frontmatter-unclosed"


def test_unsafe_html_outside_code_only():
    kf = scan(
        '<img src=x onerror="alert(1)">\n<script>x()</script>\n```\n<script>ok</script>\n```\n'
        "[x](javascript:alert(1))\n<details><summary>s</summary>fine</details>\n"
    )
    assert sorted((u.line, u.what) for u in kf.unsafe_html) == [
        (1, "inline event handler onerror="),
        (2, "<script> element"),
        (6, "javascript: URL"),
    ]


def test_anchor_matches_python_markdown_toc():
    assert anchor_of("1. Early fusion principles") == "1-early-fusion-principles"
    assert anchor_of("ARR-COC-0-1: relevance (10%)") == "arr-coc-0-1-relevance-10"


def test_markdown_only_active_content_is_reported():
    kf = scan('# T\n\n[a](javascript:alert(1))\n[b](java&#115;cript:alert(2))\n\npara\n{: onclick="x()" }\n')
    assert [(u.line, u.what) for u in kf.unsafe_html] == [
        (3, "javascript: URL"),
        (4, "javascript: URL"),
        (7, "event handler onclick= in an attribute list"),
    ]


def test_html_in_front_matter_is_reported():
    kf = scan('---\ntitle: "<img src=x onerror=alert(7)>"\n---\n# T\n')
    assert kf.unsafe_html and kf.unsafe_html[0].what == "HTML in front matter `title`"


def test_only_whole_titles_name_a_citations_section():
    from oracle_kb.read.citations import is_citations_title

    for yes in ["Sources", "9. References", "## Bibliography", "Sources & further reading", "📚 Sources:"]:
        assert is_citations_title(yes), yes
    for no in ["2. Source code walkthrough", "Reference implementation", "Sources of error", "Citation counts matter"]:
        assert not is_citations_title(no), no


def test_fenced_code_is_masked_but_line_numbers_stay_those_of_the_file():
    text = (
        "---\nnote: '```'\n---\n"  # a fence-looking value in front matter is YAML, not a code block
        "# Title\n"  # line 4
        "~~~~\n## not a heading\n[x](inside.md)\n~~~\n```\n~~~~\n"  # a shorter or other fence does not close it
        "## After tildes\n"  # line 11
        "````md\n```python still inside\n````\n"
        "See [y](after.md).\n"  # line 15
        "```\n## never closed\n"
    )
    kf = scan(text)
    assert kf.front_matter == {"note": "```"}
    assert [(h.title, h.line) for h in kf.headings] == [("Title", 4), ("After tildes", 11)]
    assert [(link.target, link.line) for link in kf.links] == [("after.md", 15)]
    assert kf.lines == 17 and kf.headings[-1].end_line == 17


_URL_TEXT = st.lists(
    st.sampled_from(list('htpsf:/x_.( [<"é1') + ["http://", "https://", "ftp://", "sftp://"]), max_size=30
).map("".join)


def _reference_bare_urls(text, start):
    """The bare-URL search as one regex and a trim: what the literal-search loop must agree with."""
    rx = re.compile(r"(?<![<\"'=_])(?<!\]\()\b((?:https?|ftp)://[^\s<>\[\]{}\"'`|\\]+)")
    for m in rx.finditer(text, start):
        url = m.group(1)
        while url and (url[-1] in ".,;:!?*_'\"”’" or (url[-1] == ")" and url.count(")") > url.count("("))):
            url = url[:-1]
        if len(url) > url.index("://") + 3:
            yield m.start(), url


@given(_URL_TEXT, st.integers(0, 10))
def test_bare_url_search_agrees_with_one_regex_and_a_trim(text, start):
    from oracle_kb.read.citations import bare_urls

    assert list(bare_urls(text, start)) == list(_reference_bare_urls(text, start))


def test_bare_urls_leave_out_wrappers_and_closing_punctuation():
    from oracle_kb.read.citations import bare_urls

    text = (
        "LoRA (https://arxiv.org/abs/2106.09685), url={https://github.com/huggingface/peft}, "
        "\\url{https://x.org/a}. https://en.wikipedia.org/wiki/Foo_(bar). [t](https://not.bare/x)"
    )
    assert [u for _, u in bare_urls(text, 0)] == [
        "https://arxiv.org/abs/2106.09685",
        "https://github.com/huggingface/peft",
        "https://x.org/a",
        "https://en.wikipedia.org/wiki/Foo_(bar)",
    ]


def test_only_inline_link_labels_are_reduced_to_plain_text():
    kf = scan("# T\n\n[*Paper*](https://a.org/x_y) and <https://b.org/some_page_name>\n\n[a_b]: https://c.org/a_b\n")
    assert [(link.text, link.target) for link in kf.links] == [
        ("Paper", "https://a.org/x_y"),
        ("https://b.org/some_page_name", "https://b.org/some_page_name"),
        ("a_b", "https://c.org/a_b"),
    ]


def test_unsafe_html_needs_a_tag_not_just_a_less_than_sign():
    assert not scan("# T\n\nif a < script>b and href=javascript:x\n").unsafe_html
    assert [u.what for u in scan("# T\n\n<script>alert(1)</script>\n").unsafe_html] == ["<script> element"]
