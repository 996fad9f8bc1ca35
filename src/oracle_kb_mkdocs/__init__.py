"""MkDocs-specific code of oracle-kb (the core package `oracle_kb` never imports MkDocs).

- `search`: Material's search box answered by Pagefind, with the theme files it needs under `theme/`;
- `pagefind_index`: running the Pagefind binary over a built site, in the foreground or, for
  `mkdocs serve`, in the background.
"""
