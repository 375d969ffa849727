"""Shipped rulesets (TOML data files); this file only makes the folder importable as package data."""
