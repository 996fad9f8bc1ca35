from hypothesis import given
from hypothesis import strategies as st

from oracle_kb.read.text import count_lines, decode, repair_mojibake


def test_bom_is_stripped_and_remembered():
    src = decode("\ufeff# Title\n".encode())
    assert src.text == "# Title\n" and src.bom


def test_crlf_is_normalized_and_remembered():
    src = decode(b"a\r\nb\r\n")
    assert src.text == "a\nb\n" and src.newline == "\r\n"


def test_invalid_utf8_names_the_line_and_keeps_the_rest():
    src = decode(b"ok\nstill ok\ncaf\xe9\nafter\n")
    assert [i.kind for i in src.issues] == ["undecodable"]
    assert src.issues[0].line == 3
    assert "after" in src.text  # nothing after the bad byte is lost


def test_nul_bytes_mean_binary():
    src = decode(b"# x\n\x00\x01")
    assert src.text == "" and src.issues[0].kind == "binary" and src.issues[0].line == 2


def test_mac_roman_mojibake_from_the_seed_is_repaired():
    fixed, runs = repair_mojibake("ok\n- [\u201a\u00fa\u00ec] PART 1\n(~200\u221a\u00f3 compression)\n")
    assert fixed == "ok\n- [✓] PART 1\n(~200× compression)\n"
    assert [(r.line, r.text, r.repaired) for r in runs] == [(2, "\u201a\u00fa\u00ec", "✓"), (3, "\u221a\u00f3", "×")]


def test_windows_1252_mojibake_is_repaired():
    fixed, runs = repair_mojibake("caf\u00c3\u00a9 na\u00c3\u00afve")
    assert fixed == "café naïve" and [r.line for r in runs] == [1, 1]


def test_legitimate_unicode_is_left_alone():
    text = "× → ✓ — é è 你好 ⚠️ 🚀\n"
    assert repair_mojibake(text) == (text, [])


def test_count_lines_matches_wc_plus_unterminated_last_line():
    assert count_lines("") == 0
    assert count_lines("a\nb\n") == 2
    assert count_lines("a\nb") == 2


# Text made of the characters mojibake is made of, and of what real files hold next to them.
_MIXED = st.text(alphabet=st.sampled_from(list("ab \n#-✓—×→─├‚úì√óÃ©â€™Â·") + ["\u00e9", "\U0001f680"]), max_size=80)


@given(_MIXED)
def test_decode_repairs_exactly_what_the_run_search_repairs(text):
    # decode() skips the run search when no two non-ASCII characters touch; that shortcut must change nothing
    src = decode(text.encode("utf-8"))
    fixed, runs = repair_mojibake(text)
    assert (src.text, src.mojibake) == (fixed, tuple(runs))
