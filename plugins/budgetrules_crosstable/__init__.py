"""budgetrules plugin: crosstable (work in progress)."""
