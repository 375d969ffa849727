"""budgetrules plugin: arithmetic (work in progress)."""
