"""Loaders: bytes on disk to the typed model. Nothing here knows about rules or output."""
