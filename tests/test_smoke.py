from generator.records.loader import load_catalog

from .conftest import SAMPLE_PRODUCTS, TODAY, Records


def test_minimal_records_load(records: Records) -> None:
    result = load_catalog(records.minimal().products, today=TODAY)
    assert result.errors == []
    assert result.catalog is not None
    assert [b.lot for b in result.catalog.batches] == ["THV2610"]


def test_sample_records_are_valid() -> None:
    result = load_catalog(SAMPLE_PRODUCTS, today=TODAY)
    assert result.errors == []
