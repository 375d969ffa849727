"""budgetrules plugin: sangong (work in progress)."""
