"""budgetrules: compliance checks for Chinese department budget and final-accounts disclosures."""

from .hookspecs import hookimpl

__version__ = "0.1.0"
__all__ = ["hookimpl", "__version__"]
