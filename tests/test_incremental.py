"""What decides a `mkdocs serve --dirty` rebuild (oracle_kb_mkdocs.incremental), on small MkDocs sites."""

import os

from mkdocs.config import load_config
from mkdocs.structure.files import File, get_files
from mkdocs.structure.nav import get_navigation

from oracle_kb_mkdocs.incremental import fingerprint, naming, remove_stale, site_key


def _site(tmp_path, pages: dict[str, str]):
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ntheme:\n  name: mkdocs\n  custom_dir: overrides\n")
    (tmp_path / "overrides").mkdir(exist_ok=True)
    (tmp_path / "overrides" / "main.html").write_text('{% extends "base.html" %}\n')
    for rel, text in pages.items():
        p = tmp_path / "docs" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return tmp_path


def _key(root) -> str:
    config = load_config(config_file=str(root / "mkdocs.yml"))
    files = get_files(config)
    return site_key(config, get_navigation(files, config))


def _bump(path, text: str) -> None:
    st = os.stat(path)
    path.write_text(text)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # a later save, whatever the clock


def test_site_key_changes_with_config_templates_and_navigation_but_not_a_page_body(tmp_path):
    root = _site(tmp_path, {"index.md": "# Home\n", "a.md": "# Alpha\n\nBody.\n"})
    key = _key(root)
    assert _key(root) == key
    _bump(root / "docs/a.md", "# Alpha\n\nAnother body.\n")
    assert _key(root) == key  # the body is the page's own business
    _bump(root / "docs/a.md", "# Alpha two\n\nAnother body.\n")
    retitled = _key(root)
    assert retitled != key  # every page's navigation shows the title
    (root / "docs/b.md").write_text("# Beta\n")
    added = _key(root)
    assert added != retitled  # a page in the navigation was added
    _bump(root / "overrides/main.html", '{% extends "base.html" %}\n{# changed #}\n')
    templated = _key(root)
    assert templated != added
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text() + "use_directory_urls: false\n")
    configured = _key(root)
    assert configured != templated


def test_site_key_follows_the_configuration_a_config_inherits(tmp_path):
    root = _site(tmp_path, {"index.md": "# Home\n"})
    (root / "base.yml").write_text("theme:\n  name: mkdocs\n")
    (root / "mkdocs.yml").write_text("INHERIT: base.yml\nsite_name: t\n")
    key = _key(root)
    (root / "base.yml").write_text("theme:\n  name: mkdocs\n  locale: de\n")
    assert _key(root) != key


def test_fingerprint_is_generated_text_or_source_stamp_plus_what_the_hooks_add(tmp_path):
    root = _site(tmp_path, {"a.md": "# A\n"})
    config = load_config(config_file=str(root / "mkdocs.yml"))
    config.plugins._current_plugin = "a-plugin"  # as while a plugin's event runs
    gen = File.generated(config, "g.md", content="# G\n")
    assert fingerprint(gen, "") == fingerprint(File.generated(config, "g.md", content="# G\n"), "")
    assert fingerprint(gen, "") != fingerprint(File.generated(config, "g.md", content="# G2\n"), "")
    real = File("a.md", src_dir=str(root / "docs"), dest_dir=str(root / "site"), use_directory_urls=True)
    before = fingerprint(real, "header")
    assert fingerprint(real, "header") == before
    assert fingerprint(real, "header, one more backlink") != before
    _bump(root / "docs/a.md", "# A\n\nEdited.\n")
    assert fingerprint(real, "header") != before


def test_pages_naming_an_added_or_removed_file(tmp_path):
    root = _site(
        tmp_path,
        {"a.md": "See [gone](sub/gone.md).\n", "b.md": "Nothing here.\n", "c.md": "[x](my%20notes.md)\n"},
    )
    config = load_config(config_file=str(root / "mkdocs.yml"))
    pages = [f for f in get_files(config) if f.is_documentation_page()]
    assert naming(pages, {"sub/gone.md"}, set()) == {"a.md"}
    assert naming(pages, {"sub/gone.md"}, {"a.md"}) == set()  # already rebuilt
    assert naming(pages, {"my notes.md"}, set()) == {"c.md"}  # linked URL-encoded


def test_remove_stale_deletes_only_output_of_gone_files_inside_the_site(tmp_path):
    site = tmp_path / "site"
    gone, kept = site / "t" / "gone" / "index.html", site / "t" / "kept" / "index.html"
    outside = tmp_path / "outside.html"
    for p in (gone, kept, outside):
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x")
    remove_stale([str(gone), str(kept), str(outside)], [str(kept)], str(site))
    assert not gone.exists() and not gone.parent.exists()  # and the folder it leaves empty
    assert kept.exists() and outside.exists()
