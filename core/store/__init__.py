"""Storage: one DuckDB file, reached only through :class:`Store`."""

from core.store.store import Store, StoreBusyError, StoreError, default_path
from core.tables import SPECS, Column, Table, TableSpec, spec

__all__ = ["SPECS", "Column", "Store", "StoreBusyError", "StoreError", "Table", "TableSpec", "default_path", "spec"]
