"""budgetrules plugin: narrative (work in progress)."""
