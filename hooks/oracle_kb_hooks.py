"""MkDocs hooks file (listed under `hooks:` in mkdocs.yml): the handlers live in the installed package."""

from oracle_kb_mkdocs.hooks import (  # noqa: F401
    on_config,
    on_env,
    on_files,
    on_nav,
    on_page_content,
    on_page_context,
    on_page_markdown,
    on_post_build,
    on_post_page,
    on_serve,
    on_startup,
)
