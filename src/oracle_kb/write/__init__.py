"""Commands that write into the oracle: atomic, encoding- and newline-preserving, idempotent."""
