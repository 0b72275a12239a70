"""The build: writing the bulk of the site on every core, shells, caches and their fingerprints."""
