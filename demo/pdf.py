"""Generated papers for the demo: a title, a few pages of body text, then references.
The same shape the checks expect of a real workshop paper (US Letter, text a PDF reader can
extract, a "References" heading at the top of its page), with no author names in it."""

import io
import textwrap

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas

_MARGIN, _LEADING = 72, 13
_SENTENCES = (
    "We replace a hand-tuned heuristic with a learned policy and measure what it costs.",
    "The model is trained offline on traces and deployed behind a safety fallback.",
    "Across the workloads we tried, the learned policy matches or beats the baseline.",
    "We report tail latency as well as the mean, since systems fail in their tails.",
)
_REFERENCES = (
    "Device Placement Optimization with Reinforcement Learning. ICML, 2017.",
    "The Case for Learned Index Structures. SIGMOD, 2018.",
    "Learning Memory Access Patterns. ICML, 2018.",
    "End to End Deep Learning of Optimization Heuristics. PACT, 2017.",
)


def paper_pdf(
    title: str, abstract: str, *, content_pages: int = 3, byline: str = "Anonymous Authors"
) -> bytes:
    """`content_pages` pages (title, byline, abstract, body) and a references page; the
    byline is anonymous unless given (a camera-ready version names its authors)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=letter, invariant=True)  # same input, same bytes
    canvas.setTitle(title)
    width, height = letter
    body = textwrap.wrap(" ".join(_SENTENCES * 12), 95)

    def lines(rows, y, size=10, font="Times-Roman"):
        canvas.setFont(font, size)
        for row in rows:
            canvas.drawString(_MARGIN, y, row)
            y -= _LEADING
        return y

    for page in range(1, content_pages + 1):
        y = height - _MARGIN
        if page == 1:
            y = lines(textwrap.wrap(title, 60), y, 16, "Times-Bold") - 8
            y = lines(textwrap.wrap(byline, 95), y) - 12
            y = lines(["Abstract"], y, 12, "Times-Bold")
            y = lines(textwrap.wrap(abstract, 95), y) - 12
            y = lines([f"{page} Introduction"], y, 12, "Times-Bold")
        else:
            y = lines([f"{page} Results"], y, 12, "Times-Bold")
        lines(body[: int((y - _MARGIN) / _LEADING)], y)
        canvas.drawCentredString(width / 2, 36, str(page))
        canvas.showPage()
    y = lines(["References"], height - _MARGIN, 12, "Times-Bold")
    lines([f"[{n}] {ref}" for n, ref in enumerate(_REFERENCES, start=1)], y)
    canvas.drawCentredString(width / 2, 36, str(content_pages + 1))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
