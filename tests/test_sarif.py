"""`oracle-kb check --format sarif`: valid SARIF 2.1.0 for GitHub code scanning."""

import copy
import json

import jsonschema
import pytest
from conftest import ROOT, knowledge

from oracle_kb.cli import main
from oracle_kb.rules import all_rules

SCHEMA = json.loads((ROOT / "tests/fixtures/sarif/sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.validators.validator_for(SCHEMA)(SCHEMA)


def errors(doc) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(doc)]


def sarif(capsys, *argv) -> tuple[int, dict]:
    code = main(["check", *map(str, argv), "--format", "sarif"])
    return code, json.loads(capsys.readouterr().out)


FILES = {
    "t/a.md": knowledge(body="See [gone](missing.md).\n\nSee [gone](missing.md).\n"),
    "t/with space é.md": "# No sources\n\ntext\n",
    "SKILL.md": "---\ntitle: [unclosed\n---\n# Skill\n",
}


def test_output_validates_against_the_official_schema(oracle_dir, capsys):
    root = oracle_dir(FILES)
    code, doc = sarif(capsys, root)
    assert code == 1
    assert errors(doc) == []
    results = doc["runs"][0]["results"]
    assert {r["ruleId"] for r in results} >= {"link-broken", "citations-missing", "frontmatter-invalid"}
    # the schema is doing its job: a wrong level is refused
    broken = copy.deepcopy(doc)
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert errors(broken)


def test_rules_metadata_comes_from_the_rule_docs(oracle_dir, capsys):
    root = oracle_dir(FILES)
    _, doc = sarif(capsys, root)
    driver = doc["runs"][0]["tool"]["driver"]
    assert driver["name"] == "oracle-kb"
    rules = all_rules()
    assert [r["id"] for r in driver["rules"]] == [r.id for r in rules]
    by_id = {r.id: r for r in rules}
    level = {"error": "error", "warning": "warning", "info": "note"}
    for meta in driver["rules"]:
        rule = by_id[meta["id"]]
        assert meta["shortDescription"]["text"] == rule.summary
        assert rule.why in meta["fullDescription"]["text"]
        assert rule.example in meta["help"]["markdown"] and rule.fix in meta["help"]["text"]
        assert meta["defaultConfiguration"]["level"] == level[rule.severity.value]
    for r in doc["runs"][0]["results"]:
        assert driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1


def test_result_level_follows_the_configured_severity(oracle_dir, tmp_path, capsys):
    root = oracle_dir({"t/a.md": "# A\n\nno sources\n"})
    cfg = tmp_path / "oracle-kb.toml"
    cfg.write_text('[severity]\ncitations-missing = "info"\n', encoding="utf-8")
    code, doc = sarif(capsys, root, "--config", cfg)
    assert code == 0
    assert [(r["ruleId"], r["level"]) for r in doc["runs"][0]["results"]] == [("citations-missing", "note")]


def test_uris_are_oracle_relative_outside_git(oracle_dir, capsys):
    root = oracle_dir(FILES)
    _, doc = sarif(capsys, root)
    run = doc["runs"][0]
    locs = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert {loc["uriBaseId"] for loc in locs} == {"ORACLEROOT"}
    assert "t/with%20space%20%C3%A9.md" in {loc["uri"] for loc in locs}
    assert "t/a.md" in {loc["uri"] for loc in locs}
    assert set(run["originalUriBaseIds"]) == {"ORACLEROOT"}


@pytest.mark.parametrize("git", ["folder", "file"])  # a clone has a .git folder, a worktree a .git file
def test_uris_are_repository_relative_inside_git(tmp_path, capsys, git):
    from conftest import write_oracle

    repo = tmp_path / "repo"
    root = write_oracle(repo / "docs", FILES, "my-oracle")
    if git == "folder":
        (repo / ".git").mkdir()
    else:
        (repo / ".git").write_text("gitdir: /elsewhere/.git/worktrees/repo\n", encoding="utf-8")
    _, doc = sarif(capsys, root)
    run = doc["runs"][0]
    locs = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert {loc["uriBaseId"] for loc in locs} == {"%SRCROOT%"}
    assert "docs/my-oracle/t/a.md" in {loc["uri"] for loc in locs}
    assert "repository" in run["originalUriBaseIds"]["%SRCROOT%"]["description"]["text"]
    assert errors(doc) == []


def test_fingerprints_survive_inserted_lines_and_count_identical_findings(oracle_dir, capsys):
    root = oracle_dir(FILES)
    _, before = sarif(capsys, root)
    a = root / "t/a.md"
    a.write_text("\n\n\n" + a.read_text(encoding="utf-8"), encoding="utf-8")
    _, after = sarif(capsys, root)

    def prints(doc):
        return [
            (
                r["ruleId"],
                r["partialFingerprints"]["oracleKb/v1"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
            )
            for r in doc["runs"][0]["results"]
            if r["ruleId"] == "link-broken"
        ]

    (_, fp1, line1), (_, fp2, line2) = prints(before)
    assert fp1.split(":")[0] == fp2.split(":")[0] and {fp1[-2:], fp2[-2:]} == {":1", ":2"}  # same line text twice
    assert [fp for _, fp, _ in prints(after)] == [fp1, fp2]
    assert [line for _, _, line in prints(after)] == [line1 + 3, line2 + 3]
