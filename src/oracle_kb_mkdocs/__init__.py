"""The MkDocs adapter of oracle-kb: hooks, navigation and generated pages over the engine-free core.

`state.py` holds the one piece of global state (the current build); `hooks.py` has the MkDocs event
handlers; `nav.py` builds the navigation; `generate.py` writes the generated pages through mkdocs-gen-files;
`search.py` puts Pagefind behind Material's search box (its theme files under `theme/`) and
`pagefind_index.py` runs Pagefind, streaming pages during `mkdocs build`, in the background for `mkdocs serve`.
"""
