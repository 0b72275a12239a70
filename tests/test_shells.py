"""The shell contract: a page written in bulk from its kind's shell is, byte for byte, the page
MkDocs and the theme would render for it (build/shells.py). A theme feature or a record that
made one shell print the same thing on every page would break this."""

from __future__ import annotations

import pytest

from .sitebuild import build_site, hostile_site, snapshot


def test_a_bulk_page_is_the_page_mkdocs_would_render(tmp_path_factory: pytest.TempPathFactory) -> None:
    # Records full of markup and sentinel-looking text, which the shells must neither let through
    # nor take for their own sentinels.
    bulk = hostile_site(tmp_path_factory)
    products = bulk.site.parent / "products"
    cache = bulk.config.plugins["ocop"].config.cache_dir  # type: ignore[attr-defined]
    engine = build_site(
        tmp_path_factory.mktemp("engine-build"), products, cache_dir=cache, options={"bulk": False}
    )
    written, rendered = snapshot(bulk.site), snapshot(engine.site)
    assert sorted(written) == sorted(rendered)
    assert "p/san-pham-thu-nghiem/XSS-1/index.html" in written
    differing = [
        name for name in written if (bulk.site / name).read_bytes() != (engine.site / name).read_bytes()
    ]
    assert differing == []
