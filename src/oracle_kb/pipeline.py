"""read -> resolve -> check, in one call: what the CLI, the MkDocs integration and the tests run."""

from __future__ import annotations

from dataclasses import dataclass

from .config import Config
from .model import Finding, Oracle
from .read.resolve import OracleIndex, resolve
from .read.scan import Scanner
from .rules import run_checks, validate_config


@dataclass(frozen=True)
class Checked:
    oracle: Oracle
    index: OracleIndex
    findings: list[Finding]


def check(config: Config, scanner: Scanner | None = None) -> Checked:
    """Scan the oracle (through `scanner` to reuse its cache), resolve cross-file facts, run the rules."""
    validate_config(config)
    oracle = (scanner or Scanner(config)).scan()
    index = resolve(oracle, config)
    return Checked(oracle, index, run_checks(oracle, index, config))
