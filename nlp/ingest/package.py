"""Bounded reading of zip packages (DOCX): inflated bytes and XML elements counted as they stream.

The sizes a zip's headers declare are never trusted: every member is inflated in chunks and the
bytes actually produced are counted against one budget for the whole package, the smaller of
``XXGK_MAX_UNCOMPRESSED`` and ``XXGK_MAX_RATIO`` × the package's size (at least
:data:`nlp.ingest.limits.RATIO_FLOOR`). XML is fed to a parser chunk by chunk, so the text is
never held whole, and its start tags (the elements the tree will hold) are counted against
``XXGK_MAX_NODES`` before each chunk is parsed. Entities are
not resolved and nothing is fetched from the network. Going over a budget is a
:class:`FileTooLargeError` (exit 8) raised as soon as the budget is crossed.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field

from lxml import etree

from ..core.errors import CorruptFileError, FileTooLargeError
from .limits import RATIO_FLOOR, limit


@dataclass
class Budget:
    """Inflated bytes and XML elements still allowed for one package."""

    path: str | None
    package_size: int
    max_bytes: int = field(init=False)
    max_nodes: int = field(init=False)
    inflated: int = 0
    nodes: int = 0

    def __post_init__(self) -> None:
        ratio_cap = max(RATIO_FLOOR, limit("XXGK_MAX_RATIO") * self.package_size)
        self.max_bytes = min(limit("XXGK_MAX_UNCOMPRESSED"), ratio_cap)
        self.max_nodes = limit("XXGK_MAX_NODES")

    def take_bytes(self, n: int) -> None:
        self.inflated += n
        if self.inflated > self.max_bytes:
            raise FileTooLargeError(self.path, f"the package inflates to more than {self.max_bytes} bytes "
                                    f"({self.package_size} bytes packed): a zip bomb or an oversized document")

    def take_nodes(self, n: int) -> None:
        self.nodes += n
        if self.nodes > self.max_nodes:
            raise FileTooLargeError(self.path, f"the document has more than {self.max_nodes} XML elements "
                                    "(set XXGK_MAX_NODES to allow more)")


def parse_member(zf: zipfile.ZipFile, name: str, budget: Budget) -> etree._Element:
    """Parse the XML member ``name`` of ``zf`` within ``budget``; its root element."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True)
    try:
        with zf.open(name) as fh:
            while chunk := fh.read(1 << 16):
                budget.take_bytes(len(chunk))
                budget.take_nodes(chunk.count(b"<") - chunk.count(b"</"))  # start tags: elements to come
                parser.feed(chunk)
        root = parser.close()
    except etree.XMLSyntaxError as exc:
        raise CorruptFileError(budget.path, f"{name} is not well-formed XML: {exc}") from exc
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
        raise CorruptFileError(budget.path, f"cannot inflate {name}: {exc}") from exc
    if root is None:
        raise CorruptFileError(budget.path, f"{name} is empty")
    return root
