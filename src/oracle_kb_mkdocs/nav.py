"""The site's navigation, from the oracle's topics and plans."""

from __future__ import annotations

from oracle_kb.render import urls
from oracle_kb.render.home import topic_blurb
from oracle_kb.render.sanitize import safe_title
from oracle_kb.render.site_model import SiteModel

# A topic with more files than this shows only its INDEX page in the navigation (which lists every file):
# otherwise every page of the topic would carry links to all its siblings.
NAV_MAX_FILES_PER_TOPIC = 40
# The site's own guides: in docs_dir, or the package's copies added by the plugin.
GUIDES = (("Authoring", "authoring.md"), ("CI", "ci.md"))


def in_nav(site: SiteModel, path: str) -> bool:
    kf = site.oracle.files.get(path)
    return kf is not None and len(site.oracle.topics.get(kf.topic, ())) <= NAV_MAX_FILES_PER_TOPIC


def build_nav(site: SiteModel, guides: frozenset[str] = frozenset(p for _, p in GUIDES)) -> list:
    """The navigation; `guides`: the guide pages the site has (a nav entry to a missing page would warn)."""
    o = site.oracle
    home = ["index.md"]
    if o.skill is not None:
        home.append({"About this oracle": o.skill.path})  # a fixed title: SKILL.md's own is oracle text
    home.append({"All pages": o.index.path if o.index is not None else urls.ALL_PAGES})
    home.append({"Graph of pages": urls.GRAPH})
    if site.tagged:
        home.append({"Tags": urls.TAGS})
    topics = []
    for topic, files in o.topics.items():
        if not topic:
            continue
        listed = files if len(files) <= NAV_MAX_FILES_PER_TOPIC else []
        entries = [{safe_title(f.title): f.path} for f in listed]
        topics.append({safe_title(topic_blurb(site, topic)[0]): [urls.topic_page(topic), *entries]})
    plans = [
        {
            safe_title(p.title or site.index.slug(p)): [site.plan_page(p)]
            + ([{"Influence matrix": site.matrix_page(p)}] if site.has_matrix(p) else [])
        }
        for p in sorted(o.plans, key=lambda p: p.path)
    ]
    nav: list = [{"Home": home}, {"Topics": topics}]
    if plans:
        nav.append({"Plans": plans})
    nav.append({"Quality": [{"Validation report": urls.REPORT}, {"Rules": urls.RULES}]})
    nav.extend({title: page} for title, page in GUIDES if page in guides)
    return nav
