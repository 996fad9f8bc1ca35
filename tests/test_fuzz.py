"""Property-based tests: arbitrary and mutated input never breaks the readers, the checks or the CLI.

Properties: no exception escapes; the result is a model plus findings; every finding names an existing
file (or folder) and a line within it; parsing is deterministic.
"""

import io
import json
import shutil
import tempfile
from contextlib import redirect_stdout
from pathlib import Path

from conftest import SEED_000, SEED_004, knowledge
from hypothesis import given
from hypothesis import strategies as st

from oracle_kb.cli import main
from oracle_kb.config import Config
from oracle_kb.pipeline import check
from oracle_kb.read.knowledge import scan_knowledge
from oracle_kb.read.plans import parse_plan
from oracle_kb.read.scan import Scanner
from oracle_kb.read.text import count_lines, decode

SEED_LINES = [SEED_000.read_text(encoding="utf-8").split("\n"), SEED_004.read_text(encoding="utf-8").split("\n")]
MARKS = ["[ ]", "[x]", "[X]", "[✓]", "[✔]", "[\u201a\u00fa\u00ec]", "[]", "[?]"]


def _mutate(lines: list[str], ops: list[tuple[int, int, int]]) -> str:
    lines = list(lines)
    for op, a, b in ops:
        if not lines:
            break
        i, j = a % len(lines), b % len(lines)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[j])
        elif op == 2:
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3:
            for m in MARKS:
                if m in lines[i]:
                    lines[i] = lines[i].replace(m, MARKS[b % len(MARKS)], 1)
                    break
        elif op == 4:
            lines[i] = lines[i] + " \u201a\u00fa\u00ec \u221a\u00f3 \u00c3\u00a9"
        elif op == 5:
            lines[i] = lines[i] + "\x00"
        elif op == 6:
            lines[i] = lines[i] + "x" * 100_000
        elif op == 7:
            lines = lines[:i]
    return "\n".join(lines)


mutated_plan = st.builds(
    _mutate,
    st.sampled_from(SEED_LINES),
    st.lists(st.tuples(st.integers(0, 7), st.integers(0, 10_000), st.integers(0, 10_000)), max_size=6),
)
text_bytes = st.one_of(
    st.binary(max_size=2000), st.text(max_size=2000).map(lambda s: s.encode("utf-8", "surrogatepass"))
)


@given(
    st.one_of(
        text_bytes,
        mutated_plan.map(lambda s: s.encode("utf-8")),
        st.binary(max_size=64).map(lambda b: SEED_004.read_bytes()[: len(b) * 200]),
    )
)
def test_plan_parser_total_and_deterministic(data):
    a = parse_plan("p/ingestion.md", decode(data))
    b = parse_plan("p/ingestion.md", decode(data))
    assert a == b
    for part in a.parts:
        assert 1 <= part.line <= max(a.line_count, 1)
        assert part.end_line == 0 or part.line <= part.end_line + 1
        for sec in part.sections:
            assert sec.line <= max(a.line_count, 1)


@given(text_bytes)
def test_knowledge_scanner_total_and_deterministic(data):
    src = decode(data)
    a = scan_knowledge("t/a.md", src)
    assert a == scan_knowledge("t/a.md", decode(data))
    # a binary file is not decoded (its text is empty), yet its finding names the line of the NUL byte
    n = max(count_lines(src.text), data.count(b"\n") + 1)
    for h in a.headings:
        assert 1 <= h.line <= h.end_line <= n
    for link in a.links:
        assert 1 <= link.line <= n
    for issue in a.issues:
        assert 1 <= issue.line <= n


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_front_matter_reader_never_raises(yaml_text):
    kf = scan_knowledge("t/a.md", decode(f"---\n{yaml_text}\n---\n# T\n".encode()))
    assert isinstance(kf.front_matter, dict)
    from oracle_kb.rules import REPORTED_BY

    assert all(REPORTED_BY[i.kind].id in ("frontmatter-invalid", "file-unreadable") for i in kf.issues)


def _assert_findings_point_into_files(root: Path, fs) -> None:
    for f in fs:
        p = root / f.path
        assert p.exists() or p.is_symlink(), f
        if p.is_file() and not p.is_symlink():
            raw = p.read_bytes()
            n = max(count_lines(decode(raw).text), raw.count(b"\n") + 1, 1)
            assert 0 <= f.line <= n, (f, n)


oracle_files = st.dictionaries(
    st.sampled_from(
        [
            "t/a.md",
            "t/b.md",
            "u/c.md",
            "SKILL.md",
            "INDEX.md",
            "_ingest-auto/completed/p/ingestion.md",
            "_ingest-auto/completed/p/KNOWLEDGE-DROP-x-2026-01-01-1000.md",
        ]
    ),
    st.one_of(text_bytes, mutated_plan.map(str.encode), st.just(knowledge().encode())),
    max_size=5,
)


@given(oracle_files)
def test_whole_check_on_random_oracles(files):
    root = Path(tempfile.mkdtemp(prefix="okb-fuzz-"))
    try:
        for rel, data in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(data)
        cfg = Config(oracle_dir=root)
        fs = check(cfg).findings
        assert fs == check(cfg, Scanner(cfg)).findings
        _assert_findings_point_into_files(root, fs)
    finally:
        shutil.rmtree(root)


@given(st.lists(oracle_files, min_size=1, max_size=4))
def test_cli_json_always_valid_and_exit_0_or_1(oracles):
    for files in oracles:
        root = Path(tempfile.mkdtemp(prefix="okb-cli-fuzz-"))
        try:
            for rel, data in files.items():
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                (root / rel).write_bytes(data)
            out = io.StringIO()
            with redirect_stdout(out):
                code = main(["check", str(root), "--format", "json"])
            assert code in (0, 1)
            doc = json.loads(out.getvalue())
            assert code == (1 if doc["summary"]["errors"] else 0)
        finally:
            shutil.rmtree(root)


def test_bad_inputs_named_in_the_issue(tmp_path):
    """Each bad input becomes a finding naming its file and line; nothing raises, nothing is lost."""
    big = "# Big\n" + ("x" * 99 + "\n") * 520_000  # ~52 MB
    files = {
        "t/empty.md": b"",
        "t/crlf.md": knowledge().replace("\n", "\r\n").encode(),
        "t/bom.md": b"\xef\xbb\xbf" + knowledge().encode(),
        "t/latin1.md": "# Caf\xe9\n".encode("latin-1"),
        "t/nul.md": b"# x\n\x00\x00",
        "t/big.md": big.encode(),
        "t/yaml.md": b"---\ntitle: [unclosed\n---\n# Y\n",
        "_ingest-auto/completed/p/ingestion.md": SEED_004.read_bytes(),
        "_ingest-auto/completed/q/ingestion.md": b"## PART 1: A (5 lines)\n## PART 1: B\n## PART 3: C\n- [x]\n- [ ]",
    }
    for rel, data in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    before = {rel: (tmp_path / rel).read_bytes() for rel in files}
    cfg = Config(oracle_dir=tmp_path)
    fs = check(cfg).findings
    got = {(f.path, f.rule) for f in fs}
    assert ("t/empty.md", "citations-missing") in got
    assert not any(f.path in ("t/crlf.md", "t/bom.md") for f in fs)
    assert ("t/latin1.md", "file-unreadable") in got and ("t/nul.md", "file-unreadable") in got
    assert ("t/big.md", "file-unreadable") in got and ("t/yaml.md", "frontmatter-invalid") in got
    assert ("_ingest-auto/completed/p/ingestion.md", "mojibake") in got
    assert ("_ingest-auto/completed/p/ingestion.md", "plan-truncated") in got
    assert ("_ingest-auto/completed/q/ingestion.md", "part-numbering") in got
    _assert_findings_point_into_files(tmp_path, fs)
    assert {rel: (tmp_path / rel).read_bytes() for rel in files} == before  # reading changes nothing


@given(
    st.lists(
        st.sampled_from(["a", "b.md", "..", ".", "x y", "c", "", ".hidden", "e%20f.md", "~", "C:", "\\"]),
        min_size=1,
        max_size=5,
    ),
    st.lists(st.sampled_from(["t", "u", "v"]), max_size=3),
)
def test_fast_path_normalization_agrees_with_the_careful_one(parts, base_parts):
    import posixpath

    from oracle_kb.read import paths as P

    raw, base = "/".join(parts), "/".join(base_parts)
    try:
        fast = P._normalize_plain(raw, base)
    except P.OutsideOracle:
        fast = "OUT"
    if fast is None:
        return
    path = raw.strip()
    joined = posixpath.normpath(posixpath.join(base, path)) if base else posixpath.normpath(path)
    careful = "OUT" if joined == ".." or joined.startswith("../") else joined
    assert fast == careful
