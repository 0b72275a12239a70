"""The small Markdown subset allowed in ``story`` and ``description``.

Paragraphs, emphasis, lists and links; nothing else. Raw HTML is never rendered (it comes out
as visible, escaped text), and a link is kept only when it is http(s). markdown-it-py does the
parsing: it is CommonMark-compliant, escapes by default and lets us switch rules on one by one.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from markdown_it import MarkdownIt

_ALLOWED_SCHEMES = {"http", "https"}


def is_web_url(url: str) -> bool:
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in _ALLOWED_SCHEMES and bool(parts.netloc)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    md.enable(["emphasis", "list", "link", "newline", "escape", "backticks"])
    md.validateLink = is_web_url  # a refused link stays visible as plain text
    renderer = md.renderer

    def link_open(tokens, idx, options, env):  # type: ignore[no-untyped-def]
        # Links in records lead off-site to places we do not vouch for.
        tokens[idx].attrSet("rel", "nofollow ugc noopener")
        return renderer.renderToken(tokens, idx, options, env)

    renderer.rules["link_open"] = link_open
    return md


def render_markdown(text: str) -> str:
    """Render record Markdown to safe HTML."""
    return _parser().render(text)


@lru_cache(maxsize=1)
def _link_probe() -> MarkdownIt:
    probe = MarkdownIt("zero").enable(["link"])
    probe.validateLink = lambda url: True
    return probe


def link_targets(text: str) -> list[str]:
    """Every link destination written in ``text``, including the ones the renderer refuses."""
    targets = []
    for block in _link_probe().parse(text):
        for token in block.children or []:
            if token.type == "link_open":
                targets.append(str(token.attrGet("href") or ""))
    return targets
