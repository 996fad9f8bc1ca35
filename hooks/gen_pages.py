"""mkdocs-gen-files script: the generated pages, virtual (nothing is written to the oracle or docs/).

It renders from the scan the hooks made in on_config, so the oracle is read once per build.
"""

import mkdocs_gen_files

from oracle_kb.render import site as pages
from oracle_kb.rules import all_rules

hooks = [m for m in (mkdocs_gen_files.config.hooks or {}).values() if hasattr(m, "current_site")]
if not hooks:
    raise SystemExit("gen_pages.py needs `hooks: [hooks/oracle_kb_hooks.py]` in mkdocs.yml")
site = hooks[0].current_site()
rules = all_rules()


def write(path: str, text: str, mode: str = "w") -> None:
    with mkdocs_gen_files.open(path, mode, encoding="utf-8") as fh:
        fh.write(text)


write("index.md", pages.home(site), mode="a")
for topic, files in site.oracle.topics.items():
    write(pages.topic_page(topic), pages.topic_index(site, topic, files))
for plan in site.oracle.plans:
    write(pages.plan_page(plan), pages.dashboard(site, plan))
    write(pages.matrix_page(plan), pages.influence_matrix(site, plan))
write(pages.REPORT, pages.report(site, rules))
write(pages.RULES, pages.rules_page(rules))
