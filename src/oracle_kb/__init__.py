"""oracle-kb: read a research oracle into one model, check it, and publish it.

The core (this package) never imports MkDocs; `hooks/` and the CLI are thin adapters over it.
"""

__version__ = "0.1.0"

from .config import Config, load_config  # noqa: E402
from .model import Finding, Oracle, Severity  # noqa: E402

__all__ = ["Config", "Finding", "Oracle", "Severity", "load_config", "__version__"]
