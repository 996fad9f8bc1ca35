import posixpath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oracle_kb.read.paths import OutsideOracle, TargetResolver, internal_target, normalize, relative_path


@pytest.mark.parametrize(
    "raw",
    [
        "/etc/passwd",
        "../../../outside.md",
        "C:\\x",
        "C:/x.md",
        "~/.ssh/id_rsa",
        "..\\..\\x.md",
        "%2e%2e/%2e%2e/x.md",
        "a/../../../x.md",
        "\x00x.md",
        "%2Fetc%2Fpasswd",
    ],
)
def test_paths_that_leave_the_oracle_are_refused(raw):
    with pytest.raises(OutsideOracle):
        normalize(raw, "topic")


@pytest.mark.parametrize(
    "raw,base,want",
    [
        ("b.md", "t", "t/b.md"),
        ("../u/c.md", "t", "u/c.md"),
        ("./x/../y.md", "t", "t/y.md"),
        ("t/a.md", "", "t/a.md"),
        ("a%20b.md", "t", "t/a b.md"),
    ],
)
def test_paths_inside_resolve(raw, base, want):
    assert normalize(raw, base) == want


def test_internal_target_skips_urls_mail_and_anchors():
    assert internal_target("https://a.org/x") is None and internal_target("mailto:a@b.c") is None
    assert internal_target("#sec") is None and internal_target("//cdn.example/x.js") is None
    assert internal_target("x.md#sec") == "x.md" and internal_target("C:\\x") == "C:\\x"


def test_target_resolver_oracle_name_prefix_search_roots_and_suffix():
    known = {"t/a.md", "deep/u/b.md", "x/c.md", "y/c.md"}
    r = TargetResolver(known, ["deep"], {"myoracle"})
    assert r.resolve("myoracle/t/a.md").path == "t/a.md"
    assert r.resolve("u/b.md").path == "deep/u/b.md" and not r.resolve("u/b.md").by_suffix
    assert r.resolve("c.md").path is None and r.resolve("c.md").candidates == ("x/c.md", "y/c.md")
    with pytest.raises(OutsideOracle):
        r.resolve("../../etc/passwd")


_SEGMENT = st.sampled_from(["a", "b", "topic", "x.md", "INDEX.md"])
_PATH = st.lists(_SEGMENT, max_size=4).map("/".join)


@given(_PATH, _PATH, st.booleans())
def test_relative_path_agrees_with_posixpath_relpath(to_path, from_dir, trailing_slash):
    to = to_path + "/" if trailing_slash and to_path else to_path
    assert relative_path(to, from_dir) == posixpath.relpath(to or ".", from_dir or ".")
