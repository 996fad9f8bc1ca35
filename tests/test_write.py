import os

import pytest
from conftest import findings, knowledge, of

from oracle_kb.cli import main
from oracle_kb.write.atomic import ChangedOnDisk, encode_like, read_original, write_atomic


def test_atomic_write_keeps_crlf_and_bom(tmp_path):
    p = tmp_path / "f.md"
    p.write_bytes(b"\xef\xbb\xbfa\r\nb\r\n")
    orig = read_original(str(p))
    assert write_atomic(str(p), encode_like(orig, "a\nc\n"), orig)
    assert p.read_bytes() == b"\xef\xbb\xbfa\r\nc\r\n"


def test_write_refuses_a_file_changed_since_read(tmp_path):
    p = tmp_path / "f.md"
    p.write_text("one\n")
    orig = read_original(str(p))
    p.write_text("someone else\n")
    with pytest.raises(ChangedOnDisk):
        write_atomic(str(p), b"mine\n", orig)
    assert p.read_text() == "someone else\n"


def test_a_crash_before_rename_leaves_the_original_intact(tmp_path):
    p = tmp_path / "f.md"
    p.write_text("original\n")
    orig = read_original(str(p))

    def crash(tmp):
        assert os.path.exists(tmp)
        raise KeyboardInterrupt("killed mid-write")

    with pytest.raises(KeyboardInterrupt):
        write_atomic(str(p), b"new\n", orig, _before_rename=crash)
    assert p.read_text() == "original\n"
    assert os.listdir(tmp_path) == ["f.md"]  # no temporary file left behind


def test_index_write_keeps_hand_text_is_idempotent_and_check_detects_staleness(oracle_dir, capsys):
    root = oracle_dir({"t/a.md": knowledge("Alpha"), "INDEX.md": "# My index\r\n\r\nHand-written intro.\r\n"})
    assert main(["index", str(root), "--check"]) == 1
    assert main(["index", str(root), "--write"]) == 0
    data = (root / "INDEX.md").read_bytes()
    assert b"Hand-written intro.\r\n" in data and b"[a.md](t/a.md) | Alpha |" in data
    assert b"\n" not in data.replace(b"\r\n", b"")  # CRLF kept throughout
    assert main(["index", str(root), "--check"]) == 0
    assert main(["index", str(root), "--write"]) == 0
    assert (root / "INDEX.md").read_bytes() == data
    assert not of(findings(root), "index-stale")
    (root / "t" / "b.md").write_text(knowledge("Beta"))
    assert main(["index", str(root), "--check"]) == 1
    capsys.readouterr()


PLAN = "_ingest-auto/completed/p/ingestion.md"


def test_fix_dry_run_changes_nothing_then_fix_is_idempotent(oracle_dir, capsys):
    plan = "# P\n\n## PART 1: Create t/a.md (20 lines)\n\n- [ ] PART 1: Create t/a.md\n\nstatus \u201a\u00fa\u00ec\n"
    root = oracle_dir({PLAN: plan, "t/a.md": knowledge(body="[z](zed.md)\n"), "u/zed.md": knowledge()})
    before = {p: (root / p).read_bytes() for p in (PLAN, "t/a.md")}
    assert main(["fix", str(root), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "+- [✓] PART 1: Create t/a.md\n" in out and "+status ✓" in out and "+[z](../u/zed.md)" in out
    assert {p: (root / p).read_bytes() for p in before} == before
    assert main(["fix", str(root)]) == 0
    fs = findings(root)
    assert not of(fs, "mojibake") and not of(fs, "part-not-marked") and not of(fs, "link-broken")
    after = {p: (root / p).read_bytes() for p in before}
    assert main(["fix", str(root)]) == 0
    assert "changed 0 files" in capsys.readouterr().out
    assert {p: (root / p).read_bytes() for p in before} == after


def test_fix_stamps_a_tick_with_the_drop_time(oracle_dir, capsys):
    plan = "# P\n\n## PART 1: Create t/a.md (20 lines)\n\n- [ ] PART 1: Create t/a.md\n"
    drop = "_ingest-auto/completed/p/KNOWLEDGE-DROP-a-2026-03-04-0506.md"
    root = oracle_dir({PLAN: plan, "t/a.md": knowledge(), drop: "# d\n"})
    main(["fix", str(root)])
    assert "- [✓] PART 1: Create t/a.md (Completed 2026-03-04 05:06)" in (root / PLAN).read_text()


def test_fix_never_rewrites_invalid_utf8(oracle_dir, capsys):
    root = oracle_dir({"t/a.md": b"# A \xe9 \xe2\x80\x9a\xc3\xba\xc3\xac\n"})
    before = (root / "t/a.md").read_bytes()
    main(["fix", str(root)])
    assert (root / "t/a.md").read_bytes() == before


def test_index_refuses_symlinks_folders_bad_utf8_and_a_missing_end_marker(oracle_dir, tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET=hunter2\n")
    linked = oracle_dir({"t/a.md": knowledge()}, "linked")
    os.symlink(secret, linked / "INDEX.md")
    assert main(["index", str(linked), "--write"]) == 2
    assert os.path.islink(linked / "INDEX.md") and secret.read_text() == "SECRET=hunter2\n"
    folder = oracle_dir({"t/a.md": knowledge(), "INDEX.md/x.txt": "x"}, "folder")
    assert main(["index", str(folder), "--write"]) == 2
    latin = oracle_dir({"t/a.md": knowledge(), "INDEX.md": "# caf\xe9\n".encode("latin-1")}, "latin")
    assert main(["index", str(latin), "--write"]) == 2
    assert (latin / "INDEX.md").read_bytes() == b"# caf\xe9\n"
    half = "# Index\n\nmine\n\n<!-- oracle-kb:index:start (generated) -->\n| a |\n\nmore of mine\n"
    broken = oracle_dir({"t/a.md": knowledge(), "INDEX.md": half}, "broken")
    assert main(["index", str(broken), "--write"]) == 2
    assert (broken / "INDEX.md").read_text() == half
    assert "no end marker" in capsys.readouterr().err


def test_a_new_index_gets_the_usual_file_mode(oracle_dir):
    root = oracle_dir({"t/a.md": knowledge()})
    assert main(["index", str(root), "--write"]) == 0
    umask = os.umask(0)
    os.umask(umask)
    assert os.stat(root / "INDEX.md").st_mode & 0o777 == 0o666 & ~umask


def test_fix_repairs_mojibake_in_skill_md_too(oracle_dir):
    root = oracle_dir({"SKILL.md": "---\nname: x\n---\n# Skill \u201a\u00fa\u00ec\n" + knowledge()})
    assert of(findings(root), "mojibake")
    main(["fix", str(root)])
    assert "# Skill ✓" in (root / "SKILL.md").read_text() and not of(findings(root), "mojibake")


def test_fix_keeps_each_lines_own_ending(oracle_dir):
    plan = "# P\r\n\r\n## PART 1: Create t/a.md (20 lines)\n\n- [ ] PART 1: Create t/a.md\r\nlast line\rend\n"
    root = oracle_dir({PLAN: plan.encode(), "t/a.md": knowledge()})
    main(["fix", str(root)])
    data = (root / PLAN).read_bytes()
    # no drop names a finishing time and a file's mtime says nothing about it: the tick carries no time
    assert data == (
        b"# P\r\n\r\n## PART 1: Create t/a.md (20 lines)\n\n- [\xe2\x9c\x93] PART 1: Create t/a.md\r\nlast line\rend\n"
    )
