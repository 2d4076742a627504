"""Data package: the boundary catalogue (catalogue.toml), installed as geo.catalogue."""
