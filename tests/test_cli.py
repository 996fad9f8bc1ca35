import json
import subprocess
import sys

from conftest import EMBEDDED, ROOT, knowledge

from oracle_kb.cli import main


def run(*args, cwd=None, env=None):
    return subprocess.run(
        [sys.executable, "-m", "oracle_kb", *map(str, args)], capture_output=True, text=True, cwd=cwd or ROOT, env=env
    )


def test_exit_codes_and_text_format(oracle_dir, capsys):
    clean = oracle_dir({"t/a.md": knowledge()}, "clean")
    broken = oracle_dir({"t/a.md": "# A\n\nno sources\n"}, "broken")
    assert main(["check", str(clean)]) == 0
    assert main(["check", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "t/a.md:3: error citations-missing no citations section" in out
    assert "(fix: add a `## Sources` section" in out
    assert out.rstrip().endswith("1 files, 0 plans, 0 PARTs: 1 error, 0 warnings, 0 info")


def test_usage_errors_exit_2(tmp_path):
    assert run("check", tmp_path / "nope").returncode == 2
    assert "not a folder" in run("check", tmp_path / "nope").stderr
    assert run("check", "--format", "xml").returncode == 2
    bad = tmp_path / "oracle-kb.toml"
    bad.write_text("min-citations = 'three'\n")
    r = run("check", tmp_path, "--config", bad)
    assert r.returncode == 2 and "min-citations" in r.stderr and "Traceback" not in r.stderr


def test_json_format_schema(oracle_dir, capsys):
    root = oracle_dir(
        {
            "t/a.md": "# A\n",
            "_ingest-auto/completed/p/ingestion.md": "# Plan\n\n## PART 1: Create t/a.md (50 lines)\n\n- [x] PART 1: Create t/a.md\n",
        }
    )
    assert main(["check", str(root), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert set(doc["summary"]) >= {"files", "plans", "parts", "errors", "warnings"}
    assert doc["summary"]["files"] == 1 and doc["summary"]["parts"] == 1
    f = doc["findings"][0]
    assert set(f) == {"rule", "severity", "path", "line", "message", "fix"}
    part = doc["plans"][0]["parts"][0]
    assert part == {
        "number": 1,
        "title": "Create t/a.md",
        "status": "done",
        "target": "t/a.md",
        "resolved": "t/a.md",
        "budget_lines": 50,
        "actual_lines": 1,
        "influences": [],
    }
    assert doc["plans"][0]["path"] == "_ingest-auto/completed/p/ingestion.md"


def test_github_format_annotations(oracle_dir):
    root = oracle_dir({"t/a.md": "# A, with: comma\n"})
    r = run("check", root, "--format", "github", cwd=root.parent)
    line = r.stdout.splitlines()[0]
    assert line.startswith("::error file=oracle/t/a.md,line=1,title=citations-missing::")
    assert r.returncode == 1


def test_stats_and_rules(oracle_dir, capsys):
    root = oracle_dir({"t/a.md": knowledge(), "u/b.md": knowledge()})
    assert main(["stats", str(root), "--format", "json"]) == 0
    s = json.loads(capsys.readouterr().out)
    assert s["files"] == 2 and s["topics"] == 2 and s["citations"] == 6
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert "## citations-missing" in out and "**How to fix.**" in out


def test_env_overrides_config_and_argument_overrides_env(oracle_dir, tmp_path):
    a = oracle_dir({"t/a.md": knowledge()}, "a")
    b = oracle_dir({"t/b.md": "# B\n"}, "b")
    (tmp_path / "oracle-kb.toml").write_text('oracle-dir = "a"\n')
    assert run("check", cwd=tmp_path).returncode == 0
    env = {"ORACLE_KB_DIR": str(b), "PATH": "/usr/bin:/bin"}
    assert run("check", cwd=tmp_path, env=env).returncode == 1
    assert run("check", a, cwd=tmp_path, env=env).returncode == 0


def test_python_dash_m_on_the_embedded_oracle_reports_without_crashing():
    r = run("check", EMBEDDED, "--format", "json")
    assert r.returncode in (0, 1)
    doc = json.loads(r.stdout)
    assert doc["summary"]["plans"] >= 2
