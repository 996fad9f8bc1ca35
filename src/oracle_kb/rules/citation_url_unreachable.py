"""A cited URL that could not be judged. Reported by `oracle-kb links --external` only (see `oracle_kb.live`)."""

from ..model import Severity
from .rule import Rule


def check(oracle, index, config):
    """Nothing offline: `oracle-kb check` never touches the network. `oracle_kb.live` reports this rule."""
    return ()


RULE = Rule(
    id="citation-url-unreachable",
    severity=Severity.INFO,
    summary="A cited or linked external URL did not give a usable answer: no answer within the timeout, connection "
    "refused, a TLS error, or an HTTP status other than 404/410 (403, 429, 5xx…). Checked only by "
    "`oracle-kb links --external`.",
    why="It may be down for good or only today, or the site may refuse automated checks; it is worth a look, "
    "not a claim that the source is gone, so it does not fail the run.",
    example="## Sources\n- [Slow server](https://slow.example.org/paper)  <!-- no answer within 20 s -->",
    fix="Open the URL in a browser: if it works, nothing to do (the site is slow or blocks automated checks); "
    "if it does not, replace it with the current address or an archived copy.",
    check=check,
)
