"""docs/store.md's reference section, read back from the ``COMMENT ON`` texts of a new store.

Regenerate it with ``python -m nlp.corpus.store_reference docs/store.md``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .store import KEYS, UNENFORCED_KEYS, connect
from .store_views import VIEWS


def markdown(con: Any) -> str:
    """The reference section of docs/store.md, read back from the comments of an open store."""
    out = []
    for kind, rel, obj in (("Tables", "duckdb_tables()", "table_name"), ("Views", "duckdb_views()", "view_name")):
        out.append(f"## {kind}\n")
        found = dict(con.execute(f"SELECT {obj}, comment FROM {rel} WHERE NOT internal AND schema_name = 'main'"
                                 ).fetchall())
        order = [*KEYS, "store_info", *VIEWS]
        for name in sorted(found, key=lambda n: (order.index(n) if n in order else len(order), n)):
            key = KEYS.get(name)
            note = f" Key: {', '.join(key)}{' (not enforced)' if name in UNENFORCED_KEYS else ''}." if key else ""
            out.append(f"### `{name}`\n\n{found[name]}{note}\n\n| column | type | meaning |\n| --- | --- | --- |")
            for col, typ, text in con.execute(
                    "SELECT column_name, data_type, comment FROM duckdb_columns() WHERE table_name = ? "
                    "ORDER BY column_index", [name]).fetchall():
                out.append(f"| `{col}` | {typ} | {(text or '').replace('|', '/')} |")
            out.append("")
    return "\n".join(out)


BEGIN = "<!-- reference: generated from the store's COMMENT ON texts -->"
END = "<!-- end of reference -->"


def write_reference(page: str) -> None:
    """Replace the generated reference between :data:`BEGIN` and :data:`END` in ``page`` (docs/store.md)."""
    path = Path(page)
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    path.write_text(f"{head}{BEGIN}\n\n{markdown(connect(':memory:'))}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":  # python -m nlp.corpus.store_reference docs/store.md: regenerate the page's reference
    import sys

    write_reference(sys.argv[1] if len(sys.argv) > 1 else "docs/store.md")
