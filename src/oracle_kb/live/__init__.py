"""Live citations: cited external URLs checked over the network (`oracle-kb links --external`).

Meant for a scheduled job, never for every pull request. `urls` collects the URLs with where they are
cited, `cache` remembers recent answers, `checker` asks linkchecker (a separate process, rate-limited per
host), `verdict` sorts its answers into ok / dead / unreachable, and `command` ties them to the CLI.
"""
