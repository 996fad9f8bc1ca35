"""The shape of the code, checked: one-way data flow from readers to rules to renderers."""

import ast
from pathlib import Path

from conftest import ROOT

from oracle_kb.rules import RULES

SRC = ROOT / "src"
CORE = SRC / "oracle_kb"


def _modules(folder: Path):
    for path in sorted(folder.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def _imports(tree) -> set[str]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            out.add("." * node.level + (node.module or ""))
            out.update("." * node.level + (node.module or "") + "." + a.name for a in node.names)
    return out


def test_no_function_is_longer_than_60_lines():
    long = [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for path, tree in _modules(SRC)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno + 1 > 60
    ]
    assert long == []


def test_readers_know_no_findings_severities_or_rule_ids():
    ids = {r.id for r in RULES}
    for path, tree in _modules(CORE / "read"):
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | {
            a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names
        }
        assert not names & {"Finding", "Severity"}, path
        strings = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
        assert not strings & ids, (path, strings & ids)


def test_renderers_and_writers_read_the_index_not_the_rules():
    for folder in ("render", "write"):
        for path, tree in _modules(CORE / folder):
            rule_imports = {i for i in _imports(tree) if i.startswith("..rules")}
            assert rule_imports <= {"..rules", "..rules.Rule"}, (path, rule_imports)


def test_the_model_imports_no_reader_and_the_core_no_mkdocs():
    model = ast.parse((CORE / "model.py").read_text(encoding="utf-8"))
    assert not any("read" in i for i in _imports(model))
    for path, tree in _modules(CORE):
        assert not any(i.split(".")[0] in ("mkdocs", "mkdocs_gen_files", "material") for i in _imports(tree)), path


def test_every_issue_kind_a_reader_notes_has_a_reporting_rule():
    from oracle_kb.model import IssueKind
    from oracle_kb.rules import REPORTED_BY

    assert set(REPORTED_BY) == set(IssueKind)
    assert all(rule in RULES for rule in REPORTED_BY.values())
