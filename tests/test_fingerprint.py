"""One fingerprint of a build, from which each cache takes the part it depends on."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from generator.build.fingerprint import SCOPES, Fingerprint

from .conftest import ROOT, TODAY

BUILD = Fingerprint("mkdocs 1.6.1", "settings", TODAY, ROOT / "theme" / "ocop")


def changed_keys(other: Fingerprint) -> set[str]:
    return {cache for cache in SCOPES if BUILD.key(cache) != other.key(cache)}


def test_every_cache_has_a_key_of_its_own() -> None:
    keys = [BUILD.key(cache) for cache in SCOPES]
    assert len(set(keys)) == len(keys)
    assert BUILD.key("pages") == replace(BUILD).key("pages")  # the same build, the same key


def test_a_new_day_checks_the_records_and_renders_the_pages_again_but_keeps_codes_and_photos() -> None:
    assert changed_keys(replace(BUILD, day=TODAY + timedelta(days=1))) == {"records", "pages"}


def test_new_settings_render_the_pages_again_only() -> None:
    assert changed_keys(replace(BUILD, settings="demo_notice: false")) == {"pages"}


def test_another_site_engine_compiles_its_templates_again() -> None:
    assert changed_keys(replace(BUILD, engine="properdocs 1.6.7")) == {"templates"}
