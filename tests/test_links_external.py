"""`oracle-kb links --external`: cited URLs checked by linkchecker against a local server, through the cache."""

import http.server
import json
import threading
import time

import pytest
from conftest import knowledge

from oracle_kb.cli import main
from oracle_kb.live.verdict import DEAD, OK, UNREACHABLE, judge

SLOW_SECONDS = 3  # the test timeout is 1 s


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.requests.append(self.path)
        path = self.path.split("?", 1)[0]
        if path == "/ok":
            self._answer(200, b"<html><body>fine</body></html>")
        elif path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/slow":
            time.sleep(SLOW_SECONDS)
            self._answer(200, b"late")
        else:
            self._answer(404, b"not here")

    do_HEAD = do_GET

    def _answer(self, code: int, body: bytes):
        try:
            self.send_response(code)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:  # the client gave up (the slow answer)
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def server(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.requests = []
    httpd.handle_error = lambda *a: None
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def sources(base: str) -> str:
    return (
        "## Sources\n\n"
        f"1. [Fine]({base}/ok) - answers 200.\n"
        f"2. [Moved]({base}/moved) - a 301 to a 200.\n"
        f"3. [Gone]({base}/missing) - answers 404.\n"
        f"4. [Slow]({base}/slow#part-2) - answers after the timeout.\n"
    )


def run_links(capsys, root, cache, *extra):
    argv = ["links", "--external", str(root), "--cache", str(cache), "--timeout", "1", "--rate", "50"]
    code = main([*argv, *extra, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_dead_and_unreachable_urls_are_reported_where_cited_and_cached(oracle_dir, tmp_path, capsys, server):
    base = server.base
    root = oracle_dir(
        {
            "t/a.md": knowledge(sources=sources(base)),
            "t/b.md": knowledge(
                body=f"Background: [the gone page]({base}/missing).\n", sources=f"## Sources\n\n- [Fine]({base}/ok)\n"
            ),
        }
    )
    cache = tmp_path / "cache" / "links.json"
    code, doc = run_links(capsys, root, cache)
    assert code == 1
    found = [(f["rule"], f["severity"], f["path"], f["message"].split(" (checked")[0]) for f in doc["findings"]]
    assert found == [
        ("citation-url-dead", "warning", "t/a.md", f"URL `{base}/missing` answers 404 Not Found"),
        (
            "citation-url-unreachable",
            "info",
            "t/a.md",
            f"URL `{base}/slow#part-2` could not be checked: no answer within 1 s",
        ),
        ("citation-url-dead", "warning", "t/b.md", f"URL `{base}/missing` answers 404 Not Found"),
    ]
    lines = (root / "t/a.md").read_text(encoding="utf-8").splitlines()
    for f in doc["findings"]:
        url = f["message"].split("`")[1].split("#")[0]
        assert url in (root / f["path"]).read_text(encoding="utf-8").splitlines()[f["line"] - 1], f
    assert "/missing" in lines[doc["findings"][0]["line"] - 1]
    assert doc["summary"] == {
        "urls": 4, "files": 2, "from_cache": 0, "checked": 4, "left": 0, "dead": 1, "unreachable": 1,
    }  # fmt: skip
    assert {"/ok", "/moved", "/missing", "/slow"} <= set(server.requests)

    # a second run within max-age asks nobody
    asked = len(server.requests)
    code2, doc2 = run_links(capsys, root, cache)
    assert code2 == 1 and doc2["findings"] == doc["findings"]
    assert doc2["summary"]["from_cache"] == 4 and doc2["summary"]["checked"] == 0
    assert len(server.requests) == asked

    # --max-age 0 asks again
    code3, doc3 = run_links(capsys, root, cache, "--max-age", "0")
    assert code3 == 1 and doc3["summary"]["checked"] == 4
    assert len(server.requests) > asked


def test_text_output_and_exit_0_without_dead_urls(oracle_dir, tmp_path, capsys, server):
    base = server.base
    body = f"## Sources\n\n1. [a]({base}/ok)\n2. [b]({base}/moved)\n3. [c]({base}/ok?page=2)\n"
    root = oracle_dir({"t/a.md": knowledge(sources=body)})
    argv = ["links", "--external", str(root), "--cache", str(tmp_path / "c.json"), "--timeout", "1", "--rate", "50"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert (
        out == "3 external URLs in 1 files, 0 from cache (younger than 6 days), 3 checked now: 0 dead, 0 unreachable\n"
    )


def test_max_urls_bounds_one_run_and_the_next_run_continues(oracle_dir, tmp_path, capsys, server):
    base = server.base
    body = f"## Sources\n\n1. [a]({base}/ok)\n2. [b]({base}/missing)\n3. [c]({base}/ok?page=2)\n"
    root = oracle_dir({"t/a.md": knowledge(sources=body)})
    cache = tmp_path / "c.json"
    _, first = run_links(capsys, root, cache, "--max-urls", "2")
    assert (first["summary"]["checked"], first["summary"]["left"]) == (2, 1)
    _, second = run_links(capsys, root, cache, "--max-urls", "2")
    assert (second["summary"]["from_cache"], second["summary"]["checked"], second["summary"]["left"]) == (2, 1, 0)


def test_no_answer_at_all_reports_nothing_and_caches_nothing(oracle_dir, tmp_path, capsys):
    import socket

    ports = []
    for _ in range(3):  # ports that were just free: nobody listens there
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            ports.append(s.getsockname()[1])
    body = "## Sources\n\n" + "".join(f"{i}. [x](http://127.0.0.1:{p}/paper)\n" for i, p in enumerate(ports, 1))
    root = oracle_dir({"t/a.md": knowledge(sources=body)})
    cache = tmp_path / "c.json"
    argv = ["links", "--external", str(root), "--cache", str(cache), "--timeout", "1", "--rate", "50"]
    assert main(argv) == 2
    assert "none of the 3 URLs checked got an answer from a server (is the network up?)" in capsys.readouterr().err
    assert not cache.exists()


def test_bad_options_and_missing_external_flag_are_usage_errors(oracle_dir, capsys):
    root = oracle_dir({"t/a.md": knowledge()})
    assert main(["links", str(root), "--external", "--timeout", "0"]) == 2
    assert "--timeout >= 1" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["links", str(root)])
    assert exc.value.code == 2


def test_check_never_reports_network_rules_but_documents_them(oracle_dir, capsys):
    root = oracle_dir(
        {"t/a.md": knowledge(sources="## Sources\n\n1. [a](http://127.0.0.1:9/x)\n2. [b](https://b.org/)\n")}
    )
    main(["check", str(root), "--format", "json"])
    assert not [f for f in json.loads(capsys.readouterr().out)["findings"] if f["rule"].startswith("citation-url-d")]
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert "## citation-url-dead" in out and "## citation-url-unreachable" in out


@pytest.mark.parametrize(
    "valid,result,kind,detail",
    [
        (True, "200 OK", OK, "200 OK"),
        (False, "404 Not Found", DEAD, "answers 404 Not Found"),
        (False, "410 Gone", DEAD, "answers 410 Gone"),
        (False, "403 Forbidden", UNREACHABLE, "answers 403 Forbidden"),
        (False, "503 Service Unavailable", UNREACHABLE, "answers 503 Service Unavailable"),
        (
            False,
            "ConnectionError: HTTPSConnectionPool(host='gone.invalid', port=443): Max retries exceeded "
            "(Caused by NameResolutionError(\"Failed to resolve 'gone.invalid'\"))",
            DEAD,
            "names a host that does not resolve",
        ),
        (False, "ReadTimeout: HTTPConnectionPool(host='a', port=80): Read timed out. (read timeout=5)", UNREACHABLE,
         "no answer within 5 s"),
    ],
)  # fmt: skip
def test_verdicts(valid, result, kind, detail):
    v = judge(valid, result, 5)
    assert (v.kind, v.detail) == (kind, detail)
