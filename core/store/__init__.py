"""Storage: a DuckDB file (laptop) or a PostgreSQL server (team), reached only through :class:`Store`."""

from core.store.errors import AccessError, ConflictError, StoreBusyError, StoreDamagedError, StoreError
from core.store.rows import Blanks, RowChanges
from core.store.store import Progress, Store, default_location, default_user
from core.tables import SPECS, Column, Table, TableSpec, spec

__all__ = [
    "SPECS",
    "AccessError",
    "Blanks",
    "Column",
    "ConflictError",
    "Progress",
    "RowChanges",
    "Store",
    "StoreBusyError",
    "StoreDamagedError",
    "StoreError",
    "Table",
    "TableSpec",
    "default_location",
    "default_user",
    "spec",
]
