"""OCOP catalog generator: records in, a static bilingual site model out."""
