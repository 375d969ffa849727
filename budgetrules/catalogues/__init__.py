"""Classification catalogues (being written)."""
