"""budgetrules plugin: claims (work in progress)."""
