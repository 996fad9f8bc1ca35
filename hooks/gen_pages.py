"""mkdocs-gen-files script (listed under `gen-files: scripts:`): the generated pages, from the hooks' scan."""

from oracle_kb_mkdocs.generate import write_pages

write_pages()
