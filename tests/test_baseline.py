"""`oracle-kb baseline` and `check --baseline`: old findings pass, new ones fail, gone ones are listed."""

import json

import pytest
from conftest import knowledge

from oracle_kb import baseline as bl
from oracle_kb.cli import main
from oracle_kb.model import Finding, Severity
from oracle_kb.rules import rules_by_id

BROKEN = "See [the old notes](missing-notes.md) for more.\n"


def messy(oracle_dir):
    """Two error findings: a broken link (line-scoped) and a file without sources (file-scoped)."""
    return oracle_dir(
        {
            "t/a.md": knowledge(body=BROKEN),
            "t/b.md": "# B\n\nNo sources here.\n",
            "t/c.md": knowledge(),
        }
    )


def check_json(capsys, root, base):
    code = main(["check", str(root), "--baseline", str(base), "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


@pytest.fixture
def baselined(oracle_dir, tmp_path, capsys):
    root = messy(oracle_dir)
    assert main(["check", str(root)]) == 1
    base = tmp_path / "oracle-kb-baseline.json"
    assert main(["baseline", str(root), "-o", str(base)]) == 0
    assert f"{base}: 2 findings recorded (2 errors, 0 warnings, 0 info)" in capsys.readouterr().out
    return root, base


def test_baseline_makes_a_failing_check_pass(baselined, capsys):
    root, base = baselined
    assert main(["check", str(root), "--baseline", str(base)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("3 files, 0 plans, 0 PARTs: 0 errors, 0 warnings, 0 info\n")  # no finding printed
    assert f"baseline {base}: 2 baselined findings still present (not shown), 0 new, 0 gone" in out


def test_a_new_defect_fails_and_is_the_only_one_named(baselined, capsys):
    root, base = baselined
    (root / "t/c.md").write_text(knowledge(body="Read [this](nowhere.md) too.\n"), encoding="utf-8")
    code, doc = check_json(capsys, root, base)
    assert code == 1
    assert [(f["rule"], f["path"]) for f in doc["findings"]] == [("link-broken", "t/c.md")]
    assert "nowhere.md" in doc["findings"][0]["message"]
    assert doc["baseline"]["matched"] == 2 and doc["baseline"]["gone"] == []


def test_lines_inserted_above_and_text_added_keep_findings_baselined(baselined, capsys):
    root, base = baselined
    a = root / "t/a.md"
    text = a.read_text(encoding="utf-8")
    a.write_text(
        text.replace("What this file teaches", "New intro.\n\nMore.\n\nWhat this file teaches"), encoding="utf-8"
    )
    # the file-scoped finding points at the last line; more text moves it and changes that line
    (root / "t/b.md").write_text("# B\n\nA new paragraph.\n\nNo sources here.\n\nStill none.\n", encoding="utf-8")
    code, doc = check_json(capsys, root, base)
    assert code == 0 and doc["findings"] == []
    assert doc["baseline"]["matched"] == 2


def test_changing_another_file_keeps_findings_baselined(baselined, capsys):
    root, base = baselined
    (root / "t/c.md").write_text(knowledge(title="C rewritten", body="Entirely new text.\n" * 5), encoding="utf-8")
    (root / "t/d.md").write_text(knowledge(title="D"), encoding="utf-8")
    code, doc = check_json(capsys, root, base)
    assert code == 0 and doc["findings"] == [] and doc["baseline"]["gone"] == []


def test_a_finding_moved_to_another_file_is_new_and_the_old_one_gone(baselined, capsys):
    root, base = baselined
    (root / "t/a.md").write_text(knowledge(), encoding="utf-8")
    (root / "t/c.md").write_text(knowledge(body=BROKEN), encoding="utf-8")
    code, doc = check_json(capsys, root, base)
    assert code == 1
    assert [(f["rule"], f["path"]) for f in doc["findings"]] == [("link-broken", "t/c.md")]
    assert [(g["rule"], g["path"]) for g in doc["baseline"]["gone"]] == [("link-broken", "t/a.md")]


def test_gone_findings_are_listed_with_how_many_and_which(baselined, capsys):
    root, base = baselined
    (root / "t/a.md").write_text(knowledge(), encoding="utf-8")
    assert main(["check", str(root), "--baseline", str(base)]) == 0
    out = capsys.readouterr().out
    assert "1 baselined finding still present (not shown), 0 new, 1 gone" in out
    assert "gone from the oracle since the baseline (fixed, moved, or their rule turned off): 1" in out
    assert "  t/a.md:" in out and "link-broken link to `missing-notes.md` points to nothing" in out
    assert f"run `oracle-kb baseline -o {base}` to drop them from the file" in out
    # writing the baseline again shrinks it and says so
    assert main(["baseline", str(root), "-o", str(base)]) == 0
    assert "1 finding recorded (1 errors, 0 warnings, 0 info); was 2: 1 gone, 0 added" in capsys.readouterr().out
    assert [e.rule for e in bl.load(str(base))] == ["citations-missing"]


def test_identical_findings_match_as_a_multiset(oracle_dir, tmp_path, capsys):
    root = oracle_dir({"t/a.md": knowledge(body=BROKEN + "\n" + BROKEN)})
    base = tmp_path / "b.json"
    assert main(["baseline", str(root), "-o", str(base)]) == 0
    capsys.readouterr()
    assert len(bl.load(str(base))) == 2
    (root / "t/a.md").write_text(knowledge(body=BROKEN + "\n" + BROKEN + "\n" + BROKEN), encoding="utf-8")
    code, doc = check_json(capsys, root, base)
    assert code == 1 and len(doc["findings"]) == 1 and doc["baseline"]["matched"] == 2


def test_editing_the_flagged_line_makes_the_finding_new(baselined, capsys):
    root, base = baselined
    a = root / "t/a.md"
    a.write_text(a.read_text(encoding="utf-8").replace("for more.", "for more detail."), encoding="utf-8")
    code, doc = check_json(capsys, root, base)
    assert code == 1 and [f["rule"] for f in doc["findings"]] == ["link-broken"]
    assert len(doc["baseline"]["gone"]) == 1


def test_baseline_file_is_versioned_sorted_one_finding_per_line_and_stable(baselined, capsys):
    root, base = baselined
    text = base.read_text(encoding="utf-8")
    doc = json.loads(text)
    assert doc["version"] == bl.VERSION and doc["tool"] == "oracle-kb"
    assert [(f["path"], f["rule"]) for f in doc["findings"]] == [
        ("t/a.md", "link-broken"),
        ("t/b.md", "citations-missing"),
    ]
    assert set(doc["findings"][0]) == {"path", "line", "rule", "fingerprint", "message"}
    lines = text.splitlines()
    assert sum(1 for line in lines if '"fingerprint"' in line) == 2  # one finding per line
    assert main(["baseline", str(root), "-o", str(base)]) == 0
    assert "(file unchanged)" in capsys.readouterr().out
    assert base.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_baseline_works_with_every_format(baselined, capsys, fmt):
    root, base = baselined
    (root / "t/c.md").write_text(knowledge(body="Read [this](nowhere.md) too.\n"), encoding="utf-8")
    assert main(["check", str(root), "--baseline", str(base), "--format", fmt]) == 1
    out = capsys.readouterr().out
    if fmt == "sarif":  # the rules' documentation is in the log too: look at the results only
        run = json.loads(out)["runs"][0]
        assert [r["baselineState"] for r in run["results"]] == ["new"]
        assert run["properties"]["baseline"] == {"file": str(base), "matched": 2, "gone": 0}
        out = json.dumps(run["results"])
    assert "nowhere.md" in out and "missing-notes.md" not in out and "no citations section" not in out


def test_unusable_baseline_files_are_usage_errors(oracle_dir, tmp_path, capsys):
    root = messy(oracle_dir)
    missing = tmp_path / "none.json"
    assert main(["check", str(root), "--baseline", str(missing)]) == 2
    assert f"no such baseline; create it with `oracle-kb baseline -o {missing}`" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text('{"version": 1, "findings": [', encoding="utf-8")
    assert main(["check", str(root), "--baseline", str(bad)]) == 2
    assert "not valid JSON (line 1" in capsys.readouterr().err
    old = tmp_path / "old.json"
    old.write_text('{"version": 99, "tool": "oracle-kb", "findings": []}', encoding="utf-8")
    assert main(["check", str(root), "--baseline", str(old)]) == 2
    assert "baseline version 99, this oracle-kb reads version 1" in capsys.readouterr().err
    other = tmp_path / "package.json"
    other.write_text('{"name": "not a baseline"}', encoding="utf-8")
    assert main(["baseline", str(root), "-o", str(other)]) == 2
    assert "not overwritten" in capsys.readouterr().err
    assert json.loads(other.read_text(encoding="utf-8")) == {"name": "not a baseline"}
    # an oracle-kb baseline of another version is replaced, as its message says
    old.write_text('{"version": 99, "tool": "oracle-kb", "findings": []}', encoding="utf-8")
    assert main(["baseline", str(root), "-o", str(old)]) == 0
    assert "2 findings recorded" in capsys.readouterr().out and len(bl.load(str(old))) == 2


def test_line_text_survives_bom_crlf_and_undecodable_bytes(oracle_dir, tmp_path, capsys):
    body = knowledge(body=BROKEN).replace("\n", "\r\n").encode("utf-8")
    root = oracle_dir({"t/a.md": b"\xef\xbb\xbf" + body, "t/z.md": b"# Z\n\n\xff\xfe bad bytes [x](gone.md)\n"})
    base = tmp_path / "b.json"
    assert main(["baseline", str(root), "-o", str(base)]) == 0
    capsys.readouterr()
    # the same text with plain line endings and no BOM is the same oracle to the baseline
    (root / "t/a.md").write_text(knowledge(body=BROKEN), encoding="utf-8")
    code, doc = check_json(capsys, root, base)
    assert doc["findings"] == [] and code == 0


def test_fingerprint_ignores_numbers_outside_quotes_but_not_inside():
    assert bl.normalise_message("531 lines; PART 33 budgets ~700") == "0 lines; PART 0 budgets ~0"
    assert bl.normalise_message("link to `../01-widgets.md` on line 4") == "link to `../01-widgets.md` on line 0"
    assert bl.normalise_message('section 2 "Part 2: setup"') == 'section 0 "Part 2: setup"'

    def fp(rule, message, line_text):
        return bl.fingerprint(Finding(rule, Severity.ERROR, "t/a.md", 9, message, ""), line_text)

    assert fp("link-broken", "link to `a1.md`", "x") != fp("link-broken", "link to `a2.md`", "x")
    assert fp("link-broken", "link to `a.md`", "see  [a](a.md) ") == fp(
        "link-broken", "link to `a.md`", "see [a](a.md)"
    )
    assert fp("link-broken", "link to `a.md`", "one line") != fp("link-broken", "link to `a.md`", "another line")
    # file-scoped rules ignore the line they point at
    few = "cites 2 distinct sources; at least {} expected"
    assert fp("citations-too-few", few.format(3), "## Sources") == fp("citations-too-few", few.format(4), "## Refs")


def test_file_scoped_rules_are_real_rules():
    assert bl.FILE_SCOPED_RULES <= set(rules_by_id())
