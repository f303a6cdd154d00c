"""Every number b24xl shows: pure functions over DataFrames and one registry of definitions."""
