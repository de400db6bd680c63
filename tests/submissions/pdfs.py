"""Generate test PDFs (papers and hostile files) with reportlab and pypdf; nothing is downloaded.

Papers: ``make_paper`` draws real text so pypdf's text extraction sees headings where a LaTeX
paper has them. Hostile files are assembled object by object with ``raw_pdf`` because no
honest library writes them.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Mapping, Sequence

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)
from reportlab.lib.pagesizes import A4, legal, letter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

__all__ = [
    "A4",
    "LEGAL",
    "LETTER",
    "deflate_bomb_pdf",
    "docx_bytes",
    "embedded_file_pdf",
    "encrypted_pdf",
    "javascript_pdf",
    "jpeg_bytes",
    "make_paper",
    "nested_arrays_pdf",
    "operator_flood_pdf",
    "page_fanout_pdf",
    "page_tree_cycle_pdf",
    "png_bytes",
    "raw_pdf",
    "reference_fanout_pdf",
    "repeated_stream_bomb_pdf",
    "truncated_pdf",
    "xmp_bomb_pdf",
    "zero_page_pdf",
]

LETTER = letter
LEGAL = legal

_MARGIN = 72
_LEADING = 13
_BODY = " ".join(
    [
        "We study how workshop papers are checked before review and report careful measurements",
        "on a corpus of generated documents. The method is simple, fast and reproducible, and",
        "the results hold across page sizes, fonts and layouts that authors commonly use today.",
    ]
).split()
_REFERENCES = [
    "[{n}] Ada Lovelace and Charles Babbage. Notes on the analytical engine. "
    "Scientific Memoirs, 3:666-731, 1843.",
    "[{n}] Alan Turing. On computable numbers, with an application to the "
    "Entscheidungsproblem. Proc. London Math. Soc., 1936.",
    "[{n}] Grace Hopper. The education of a computer. In Proc. ACM National Meeting, 1952.",
]


def _wrapped_lines(width_chars: int):
    """An endless, deterministic stream of body-text lines."""
    words, line = 0, []
    while True:
        word = _BODY[words % len(_BODY)]
        words += 1
        if sum(len(w) + 1 for w in line) + len(word) > width_chars:
            yield " ".join(line)
            line = []
        line.append(word)


class _Writer:
    """Fills pages top to bottom with lines of text, like a one-column paper."""

    def __init__(self, canvas: Canvas, page_size, page_sizes, running_header, fonts):
        self.canvas, self.page_size, self.page_sizes = canvas, page_size, page_sizes or {}
        self.running_header = running_header
        self.regular, self.bold = fonts
        self.page = 0
        self.body = _wrapped_lines(90)
        self.refs = 0
        self.new_page()

    def new_page(self) -> None:
        if self.page:
            self.finish()
        self.page += 1
        self.width, self.height = self.page_sizes.get(self.page, self.page_size)
        self.canvas.setPageSize((self.width, self.height))
        self.y = self.height - _MARGIN
        if self.running_header:
            self.canvas.setFont(self.regular, 8)
            self.canvas.drawString(_MARGIN, self.height - 40, self.running_header)

    @property
    def page_full(self) -> bool:
        return self.y < _MARGIN

    def line(self, text: str, size: int = 10, bold: bool = False) -> None:
        if self.page_full:
            self.new_page()
        self.canvas.setFont(self.bold if bold else self.regular, size)
        self.canvas.drawString(_MARGIN, self.y, text)
        self.y -= _LEADING if size <= 10 else size * 1.6

    def heading(self, text: str) -> None:
        self.y -= 6
        self.line(text, 12, bold=True)

    def body_line(self) -> None:
        self.line(next(self.body))

    def body_lines(self, n: int) -> None:
        for _ in range(n):
            self.body_line()

    def fill_page_with(self, draw_one) -> None:
        while not self.page_full:
            draw_one()

    def reference(self) -> None:
        self.refs += 1
        self.line(_REFERENCES[self.refs % len(_REFERENCES)].format(n=self.refs))

    def finish(self) -> None:
        """Close the current page: page number at the bottom, drawn last as LaTeX does."""
        self.canvas.setFont(self.regular, 10)
        self.canvas.drawCentredString(self.width / 2, 36, str(self.page))
        self.canvas.showPage()


def make_paper(
    content_pages: int = 4,
    reference_pages: int = 1,
    refs_start_midpage: bool = False,
    appendix_pages: int = 0,
    first_page_text: str | None = None,
    page_size: tuple[float, float] = LETTER,
    metadata: Mapping[str, str] | None = None,
    *,
    page_sizes: Mapping[int, tuple[float, float]] | None = None,
    references_heading: str = "References",
    appendix_heading: str = "A Appendix",
    running_header: str | None = None,
    xmp: str | None = None,
    embed_fonts: bool = False,
) -> bytes:
    """A paper: ``content_pages`` of body text, then references, then an optional appendix.

    With ``refs_start_midpage`` the references heading sits halfway down the last content page,
    after body text, and ``reference_pages`` more pages of references follow; otherwise the
    references start at the top of page ``content_pages + 1`` and fill ``reference_pages``
    pages. ``first_page_text`` (lines separated by newlines) replaces "Anonymous Authors" under
    the title. ``metadata`` keys are document-info names without the slash ("Author", "Title",
    "Subject", "Keywords", "Creator", "Producer"); ``xmp`` is an XMP packet for the catalog.
    ``page_sizes`` overrides ``page_size`` for single 1-based page numbers. ``embed_fonts``
    sets the text in embedded TrueType subsets (with ToUnicode maps, like a LaTeX paper) instead
    of the standard Times fonts: slower to extract, closer to real uploads.
    """
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=page_size, invariant=True)
    for key, value in (metadata or {}).items():
        getattr(canvas, f"set{key}")(value)
    fonts = _embedded_fonts() if embed_fonts else ("Times-Roman", "Times-Bold")
    w = _Writer(canvas, page_size, page_sizes, running_header, fonts)

    w.line("Checking Workshop Papers Before Review", 16, bold=True)
    for text in (first_page_text or "Anonymous Authors").splitlines():
        w.line(text)
    w.heading("1 Introduction")
    for page in range(1, content_pages + 1):
        if page > 1:
            w.new_page()
        if page == content_pages and refs_start_midpage:
            w.body_lines(max(0, int((w.y - w.height / 2) / _LEADING)))
            w.heading(references_heading)
            w.fill_page_with(w.reference)
        else:
            w.fill_page_with(w.body_line)
    for n in range(reference_pages):
        w.new_page()
        if n == 0 and not refs_start_midpage:
            w.heading(references_heading)
        w.fill_page_with(w.reference)
    for n in range(appendix_pages):
        w.new_page()
        if n == 0:
            w.heading(appendix_heading)
        w.fill_page_with(w.body_line)
    w.finish()
    canvas.save()
    pdf = buffer.getvalue()
    return _with_xmp(pdf, xmp) if xmp is not None else pdf


def _embedded_fonts() -> tuple[str, str]:
    for name, file in (("Vera", "Vera.ttf"), ("VeraBd", "VeraBd.ttf")):  # shipped by reportlab
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, file))
    return "Vera", "VeraBd"


def _with_xmp(pdf: bytes, xmp: str) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    writer.xmp_metadata = xmp.encode()
    return _write(writer)


def _write(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _writer_for(pdf: bytes | None = None) -> PdfWriter:
    return PdfWriter(clone_from=io.BytesIO(pdf if pdf is not None else make_paper()))


def encrypted_pdf(
    user_password: str = "secret", owner_password: str | None = None, pdf: bytes | None = None
) -> bytes:
    """``pdf`` (default: ``make_paper()``) encrypted with RC4-128 (AES would need the
    cryptography package); an empty user password gives a restrictions-only PDF."""
    writer = _writer_for(pdf)
    writer.encrypt(user_password, owner_password, algorithm="RC4-128")
    return _write(writer)


def truncated_pdf(pdf: bytes | None = None) -> bytes:
    """The first half of a paper, as an interrupted upload leaves it."""
    pdf = pdf if pdf is not None else make_paper()
    return pdf[: len(pdf) // 2]


def zero_page_pdf() -> bytes:
    """A well-formed PDF whose page tree is empty."""
    return _write(PdfWriter())


def _js_action(code: str = "app.alert('hi');") -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject(code),
        }
    )


def javascript_pdf(where: str = "open_action", pdf: bytes | None = None) -> bytes:
    """A paper carrying JavaScript: ``open_action``, ``names`` (the /JavaScript name tree),
    ``page_aa`` (a page's additional actions) or ``link`` (a link annotation's action), added to
    ``pdf`` (default: ``make_paper()``)."""
    writer = _writer_for(pdf)
    if where == "open_action":
        writer.root_object[NameObject("/OpenAction")] = writer._add_object(_js_action())
    elif where == "names":
        tree = DictionaryObject(
            {NameObject("/Names"): ArrayObject([TextStringObject("hi"), _js_action()])}
        )
        writer.root_object[NameObject("/Names")] = DictionaryObject(
            {NameObject("/JavaScript"): writer._add_object(tree)}
        )
    elif where == "page_aa":
        page = writer.pages[0]
        page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): _js_action()})
    elif where == "link":
        _add_annotation(writer, "/Link", {NameObject("/A"): _js_action()})
    else:
        raise ValueError(where)
    return _write(writer)


def _add_annotation(writer: PdfWriter, subtype: str, extra: dict) -> None:
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject(subtype),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (72, 72, 144, 144)]),
            **extra,
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])


def embedded_file_pdf(where: str = "names", pdf: bytes | None = None) -> bytes:
    """A paper carrying a file: in the /EmbeddedFiles name tree (``names``) or as a
    /FileAttachment annotation on page 1 (``annotation``), added to ``pdf`` (default: a paper)."""
    writer = _writer_for(pdf)
    if where == "names":
        writer.add_attachment("data.csv", b"a,b\n1,2\n")
    elif where == "annotation":
        stream = DecodedStreamObject()
        stream.set_data(b"a,b\n1,2\n")
        stream[NameObject("/Type")] = NameObject("/EmbeddedFile")
        filespec = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Filespec"),
                NameObject("/F"): TextStringObject("data.csv"),
                NameObject("/EF"): DictionaryObject({NameObject("/F"): writer._add_object(stream)}),
            }
        )
        _add_annotation(writer, "/FileAttachment", {NameObject("/FS"): filespec})
    else:
        raise ValueError(where)
    return _write(writer)


# --- Files that are not PDFs -------------------------------------------------------------


def png_bytes() -> bytes:
    """A valid 1x1 PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def jpeg_bytes() -> bytes:
    """The start of a JPEG (JFIF) file: enough for sniffing."""
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64


def docx_bytes() -> bytes:
    """A minimal Word document (a ZIP archive with word/document.xml)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


# --- Hostile files -----------------------------------------------------------------------


def raw_pdf(objects: Sequence[bytes], *, root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """Assemble a PDF from object bodies: ``objects[i]`` becomes object ``i + 1``."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\n" % (len(objects) + 1, root, trailer_extra)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


_CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _one_page_pdf(contents: bytes, *streams: bytes, catalog: bytes = _CATALOG) -> bytes:
    """Catalog, page tree, one page with a font (so text extraction reads its content stream),
    the font, then ``streams`` as objects 5, 6, ...; ``contents`` is the page's /Contents."""
    return raw_pdf(
        [
            catalog,
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %s "
            b"/Resources << /Font << /F1 4 0 R >> >> >>" % contents,
            _FONT,
            *streams,
        ]
    )


def _stream(data: bytes, flate: bool = True) -> bytes:
    filters = b"/Filter /FlateDecode " if flate else b""
    return b"<< /Length %d %s>>\nstream\n" % (len(data), filters) + data + b"\nendstream"


def _deflated_zeros(megabytes: int) -> bytes:
    compressor = zlib.compressobj(9)
    chunk = bytes(1 << 20)
    parts = [compressor.compress(chunk) for _ in range(megabytes)]
    return b"".join(parts) + compressor.flush()


def deflate_bomb_pdf(decompressed_mb: int = 1024) -> bytes:
    """One page whose content stream inflates to ``decompressed_mb`` MiB of zeros (~1000:1)."""
    return _one_page_pdf(b"5 0 R", _stream(_deflated_zeros(decompressed_mb)))


def repeated_stream_bomb_pdf(stream_mb: int = 30, repeats: int = 100) -> bytes:
    """One page whose /Contents array names the same ``stream_mb`` MiB stream ``repeats`` times:
    each stream stays under per-stream limits, the page as a whole does not."""
    contents = b"[%s]" % b" ".join([b"5 0 R"] * repeats)
    return _one_page_pdf(contents, _stream(_deflated_zeros(stream_mb)))


def xmp_bomb_pdf(decompressed_mb: int = 1024) -> bytes:
    """A paper-like page whose XMP metadata stream inflates to ``decompressed_mb`` MiB."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R /Metadata 5 0 R >>"
    return _one_page_pdf(b"[]", _stream(_deflated_zeros(decompressed_mb)), catalog=catalog)


def nested_arrays_pdf(depth: int = 100_000) -> bytes:
    """A page dictionary holding an array nested ``depth`` levels deep."""
    return raw_pdf(
        [
            _CATALOG,
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Deep %s >>"
            % (b"[" * depth + b"]" * depth),
        ]
    )


def page_tree_cycle_pdf() -> bytes:
    """A page tree whose intermediate node lists its own parent as a kid."""
    return raw_pdf(
        [
            _CATALOG,
            b"<< /Type /Pages /Kids [3 0 R] /Count 2 >>",
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 4 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] >>",
        ]
    )


def page_fanout_pdf(kids: int = 1_000_000) -> bytes:
    """A page tree naming the same page ``kids`` times (a million pages in about 6 MB)."""
    return raw_pdf(
        [
            _CATALOG,
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join([b"3 0 R"] * kids), kids),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        ]
    )


def reference_fanout_pdf(levels: int = 60) -> bytes:
    """A "billion laughs" graph: each array names the next one twice, 2**levels paths."""
    arrays = [b"[%d 0 R %d 0 R]" % (n + 1, n + 1) for n in range(4, 4 + levels)] + [b"[]"]
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /Laughs 4 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
            *arrays,
        ]
    )


def operator_flood_pdf(megabytes: int = 8) -> bytes:
    """One page whose content stream is ``megabytes`` MiB of tiny text operators."""
    unit = b"BT /F1 1 Tf (x) Tj ET\n"
    data = unit * ((megabytes << 20) // len(unit))
    return _one_page_pdf(b"5 0 R", _stream(zlib.compress(data, 9)))
