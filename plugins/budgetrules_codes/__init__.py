"""budgetrules plugin: codes (work in progress)."""
