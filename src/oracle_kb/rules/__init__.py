"""Rules: one module per rule, each with a stable id, its documentation and a pure check.

`rule.py` says what a rule is; `registry.py` lists them all and runs them. A rule's
`check(oracle, index, config)` reads the parsed files and the cross-file index and yields hits, each with
the rule's own repair as edits where one is safe. The rules reference page (`oracle-kb rules`, the site's
Rules page) is generated from these same objects.
"""

from .registry import REPORTED_BY, RULES, all_rules, rules_by_id, run_checks, validate_config
from .rule import Hit, Rule

__all__ = ["Hit", "REPORTED_BY", "RULES", "Rule", "all_rules", "rules_by_id", "run_checks", "validate_config"]
