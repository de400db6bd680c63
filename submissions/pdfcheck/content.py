"""Active content a viewer could run or unpack: JavaScript and embedded files."""

from __future__ import annotations

import pypdf
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject


def _active_content(reader: pypdf.PdfReader) -> tuple[bool, bool]:
    """(JavaScript, embedded files) anywhere reachable from the trailer.

    Walking every reachable dictionary catches actions wherever a viewer could run them
    (/OpenAction, /AA on catalog, pages, fields and annotations, /Names /JavaScript) without
    listing those places; the seen-set makes shared and cyclic references cheap.
    """
    javascript = embedded = False
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]
    while stack and not (javascript and embedded):
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            kind, subtype = obj.get("/S"), obj.get("/Subtype")
            javascript |= "/JS" in obj or "/JavaScript" in obj or kind == "/JavaScript"
            embedded |= "/EmbeddedFiles" in obj or "/EF" in obj or subtype == "/FileAttachment"
            values = obj.values()
        elif isinstance(obj, ArrayObject):
            values = obj
        else:
            continue
        stack.extend(v for v in values if isinstance(v, IndirectObject | DictionaryObject | list))
    return javascript, embedded
