"""submissions.pdfcheck against a generated corpus; every refusal asserts its exact sentence."""

import io
import time

import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from submissions.pdfcheck import (
    PdfRules,
    check_pdf,
    check_pdf_isolated,
    size_finding,
    strip_identifying_metadata,
)
from tests.submissions.pdfs import (
    A4,
    LEGAL,
    LETTER,
    deflate_bomb_pdf,
    docx_bytes,
    embedded_file_pdf,
    encrypted_pdf,
    javascript_pdf,
    jpeg_bytes,
    make_paper,
    nested_arrays_pdf,
    page_tree_cycle_pdf,
    png_bytes,
    truncated_pdf,
    zero_page_pdf,
)

RULES = PdfRules()
DAMAGED = "The PDF is damaged or incomplete and cannot be read; please export it again."
ENCRYPTED = "The PDF is encrypted; please upload it without a password or restrictions."
MEMORY = "The PDF needs too much memory to check; please export it again with a standard tool."
XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>{}</rdf:li>'
    "</rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
)


def messages(data: bytes, rules: PdfRules = RULES) -> list[str]:
    return [finding.message for finding in check_pdf(data, rules).findings]


# --- Page counting -------------------------------------------------------------------------


def test_four_pages_and_references_are_accepted():
    data = make_paper(content_pages=4, reference_pages=1)
    report = check_pdf(data, RULES)
    assert report.ok
    assert report.findings == ()
    assert (report.pages, report.pages_before_references, report.references_page) == (5, 4, 5)
    assert report.size == len(data)
    assert len(report.sha256) == 64


def test_five_content_pages_are_refused():
    report = check_pdf(make_paper(content_pages=5), RULES)
    assert not report.ok
    assert [(f.code, f.severity) for f in report.errors] == [("too_many_pages", "error")]
    assert report.errors[0].message == (
        "The paper has 5 pages before the references; the limit is 4."
    )


def test_references_starting_after_body_text_make_their_page_count():
    report = check_pdf(make_paper(content_pages=5, refs_start_midpage=True), RULES)
    assert (report.pages_before_references, report.references_page) == (5, 5)
    assert [f.message for f in report.findings] == [
        "The paper has 5 pages before the references; the limit is 4."
    ]


def test_references_at_the_top_below_a_running_header_do_not_count():
    data = make_paper(content_pages=4, running_header="Under review at WXYZ 2026. Do not share.")
    report = check_pdf(data, RULES)
    assert report.findings == ()
    assert report.pages_before_references == 4


@pytest.mark.parametrize(
    "heading",
    [
        "References",
        "6 References",
        "7. References",
        "REFERENCES",
        "R EFERENCES",
        "References:",
        "Bibliography",
        "Literature Cited",
    ],
)
def test_references_headings_are_recognised(heading):
    report = check_pdf(make_paper(content_pages=3, references_heading=heading), RULES)
    assert (report.references_page, report.pages_before_references) == (4, 3)


def test_no_references_heading_counts_every_page():
    assert messages(make_paper(content_pages=5, reference_pages=0)) == [
        "The paper has 5 pages and no references heading was found; the limit is 4."
    ]


@pytest.mark.parametrize(
    ("appendix_allowed", "expected"),
    [
        (True, []),
        (
            False,
            [
                "The paper has an appendix starting on page 6; appendices are not allowed at "
                "this workshop."
            ],
        ),
    ],
)
def test_appendix_after_references(appendix_allowed, expected):
    data = make_paper(content_pages=4, reference_pages=1, appendix_pages=2)
    assert messages(data, PdfRules(appendix_allowed=appendix_allowed)) == expected


@pytest.mark.parametrize(
    "heading", ["Appendix", "A Appendix", "Appendix A: Proofs", "Supplementary Material"]
)
def test_appendix_headings_are_recognised(heading):
    data = make_paper(
        content_pages=4, reference_pages=2, appendix_pages=1, appendix_heading=heading
    )
    assert messages(data, PdfRules(appendix_allowed=False)) == [
        "The paper has an appendix starting on page 7; appendices are not allowed at this workshop."
    ]


def test_a_sentence_starting_with_appendix_is_not_a_heading():
    data = make_paper(appendix_pages=1, appendix_heading="Appendix B shows that the bound holds.")
    assert messages(data, PdfRules(appendix_allowed=False)) == []


@pytest.mark.parametrize(
    ("paper", "expected"),
    [
        ({"content_pages": 3, "reference_pages": 1}, []),
        ({"content_pages": 4, "reference_pages": 1}, ["The paper has 5 pages; the limit is 4."]),
        (
            {"content_pages": 3, "reference_pages": 1, "appendix_pages": 3},
            [],  # 3 content pages + 1 of references before the appendix
        ),
        (
            {"content_pages": 4, "reference_pages": 1, "appendix_pages": 1},
            ["The paper has 5 pages before the appendix; the limit is 4."],
        ),
    ],
)
def test_references_count_when_not_excluded(paper, expected):
    assert messages(make_paper(**paper), PdfRules(references_excluded=False)) == expected


@settings(max_examples=12, deadline=None, database=None)
@given(
    content=st.integers(1, 7),
    references=st.integers(0, 2),
    midpage=st.booleans(),
    appendix=st.integers(0, 2),
)
def test_pages_before_references_is_the_number_of_content_pages(
    content, references, midpage, appendix
):
    data = make_paper(content, references, midpage, appendix)
    report = check_pdf(data, PdfRules(page_limit=100))
    assert report.ok
    has_references = midpage or references > 0
    assert report.pages_before_references == (content if has_references else None)


# --- Files that are not acceptable PDFs ----------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "The file is empty."),
        (png_bytes(), "The file is not a PDF; it looks like a PNG image."),
        (jpeg_bytes(), "The file is not a PDF; it looks like a JPEG image."),
        (docx_bytes(), "The file is not a PDF; it looks like a Word (.docx) document."),
        (b"%!PS-Adobe-3.0\n", "The file is not a PDF; it looks like a PostScript file."),
        (b"\\documentclass{article}\n", "The file is not a PDF; it looks like LaTeX source."),
        (b"Dear chairs,\nhere is my paper.\n", "The file is not a PDF; it looks like plain text."),
        (bytes(range(256)), "The file is not a PDF."),
        (truncated_pdf(), DAMAGED),
        (b"%PDF-1.7\n" + b"garbage " * 100 + b"\n%%EOF\n", DAMAGED),
        (zero_page_pdf(), "The PDF has no pages."),
        (encrypted_pdf(), ENCRYPTED),
        (encrypted_pdf(""), ENCRYPTED),
    ],
    ids=[
        "empty",
        "png",
        "jpeg",
        "docx",
        "postscript",
        "latex",
        "text",
        "binary",
        "truncated",
        "garbage",
        "no-pages",
        "encrypted",
        "restrictions-only",
    ],
)
def test_unacceptable_files(data, expected):
    report = check_pdf(data, RULES)
    assert [f.message for f in report.findings] == [expected]
    assert not report.ok


def test_page_cap():
    data = make_paper(content_pages=59, reference_pages=1)
    assert messages(data) == ["The PDF has 60 pages; at most 50 are accepted."]


@pytest.mark.parametrize(
    ("size", "max_bytes", "expected"),
    [
        (int(12.25 * 2**20) + 1, 10 * 2**20, "The file is 12.3 MB; the limit is 10 MB."),
        (10 * 2**20 + 1, 10 * 2**20, "The file is 10.1 MB; the limit is 10 MB."),
        (2048, 1024, "The file is 2 KB; the limit is 1 KB."),
        (500, 100, "The file is 500 bytes; the limit is 100 bytes."),
        (10 * 2**20, 10 * 2**20, None),
    ],
)
def test_size_finding(size, max_bytes, expected):
    finding = size_finding(size, max_bytes)
    assert (finding and finding.message) == expected
    assert finding is None or (finding.code, finding.severity) == ("too_large", "error")


def test_a_file_over_the_size_limit_is_refused_without_parsing():
    data = b"%PDF-1.7\n" + bytes(int(12.25 * 2**20))
    assert messages(data) == ["The file is 12.3 MB; the limit is 10 MB."]


@pytest.mark.parametrize("where", ["open_action", "names", "page_aa", "link"])
def test_javascript_is_refused(where):
    report = check_pdf(javascript_pdf(where), RULES)
    assert [(f.code, f.message) for f in report.findings] == [
        ("javascript", "The PDF contains JavaScript, which is not allowed.")
    ]


@pytest.mark.parametrize("where", ["names", "annotation"])
def test_embedded_files_are_refused(where):
    assert messages(embedded_file_pdf(where)) == [
        "The PDF contains embedded files, which are not allowed."
    ]


# --- Page size -----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [LETTER, A4, (792, 612), (595, 842)], ids=str)
def test_letter_and_a4_are_accepted_in_either_orientation(size):
    assert messages(make_paper(page_size=size)) == []


@pytest.mark.parametrize(
    ("paper", "expected"),
    [
        (
            {"page_sizes": {3: LEGAL}},
            "Page 3 is 8.5 \u00d7 14 in (Legal); pages must be US Letter or A4.",
        ),
        (
            {"page_size": LEGAL},
            "Pages 1\u20135 are 8.5 \u00d7 14 in (Legal); pages must be US Letter or A4.",
        ),
        (
            {"page_sizes": {2: (504, 648), 4: (504, 648), 5: (504, 648)}},
            "Pages 2, 4 and 5 are 7 \u00d7 9 in; pages must be US Letter or A4.",
        ),
    ],
)
def test_other_page_sizes_are_refused(paper, expected):
    assert messages(make_paper(**paper)) == [expected]


@pytest.mark.parametrize(
    ("paper", "expected"),
    [
        ({}, "US Letter"),
        ({"page_size": (595, 842)}, "A4"),
        ({"page_sizes": {2: A4}}, "US Letter and A4"),
        ({"page_sizes": {2: A4, 3: LEGAL, 4: (504, 648)}}, "US Letter, A4 and 2 more"),
    ],
)
def test_the_report_says_the_page_size_in_words(paper, expected):
    """For the author's view of the check; also across the isolation boundary."""
    assert check_pdf(make_paper(**paper), RULES).page_size == expected
    if not paper:
        assert check_pdf_isolated(make_paper(), RULES).page_size == expected


# --- Anonymity -----------------------------------------------------------------------------

AUTHORS = {"author_names": ("Anna Goldie", "Wei Li"), "author_emails": ("anna@goldie.org",)}


@pytest.mark.parametrize(("anonymity", "severity"), [("refuse", "error"), ("warn", "warning")])
def test_author_on_first_page(anonymity, severity):
    data = make_paper(first_page_text="Anna Goldie\nUniversity of Somewhere")
    report = check_pdf(data, PdfRules(anonymity=anonymity, **AUTHORS))
    assert [(f.code, f.severity, f.message) for f in report.findings] == [
        (
            "author_on_first_page",
            severity,
            "The first page names an author (Anna Goldie); under double-blind review it must not.",
        )
    ]
    assert report.ok is (anonymity == "warn")


def test_names_match_across_line_breaks_with_affiliation_marks_and_emails():
    data = make_paper(first_page_text="ANNA\nGoldie1,2 and Wei   LI*\nanna@goldie.org")
    assert messages(data, PdfRules(anonymity="refuse", **AUTHORS)) == [
        "The first page names an author (Anna Goldie, Wei Li, anna@goldie.org); under "
        "double-blind review it must not."
    ]


def test_a_name_inside_a_word_does_not_match():
    data = make_paper(first_page_text="Linear Algebra for Weird Littoral Annals")
    rules = PdfRules(anonymity="refuse", author_names=("Li", "Wei Li", "Anna"))
    assert messages(data, rules) == []


def test_names_under_four_letters_are_not_searched():
    # "A" and "Wu" would hit ordinary words and initials; the email still identifies them.
    data = make_paper(first_page_text="A study by Wu et al.\nwu@lab.example.org")
    rules = PdfRules(
        anonymity="refuse",
        author_names=("A", "Wu", "Ed Chi"),
        author_emails=("wu@lab.example.org",),
    )
    assert messages(data, rules) == [
        "The first page names an author (wu@lab.example.org); under double-blind review it "
        "must not."
    ]


def test_anonymity_off_checks_nothing():
    data = make_paper(first_page_text="Anna Goldie", metadata={"Author": "Anna Goldie"})
    assert messages(data, PdfRules(anonymity="off", **AUTHORS)) == []


@pytest.mark.parametrize(
    "paper",
    [
        {"metadata": {"Author": "Anna Goldie"}},
        {"metadata": {"Creator": "LaTeX with hyperref, by anna@goldie.org"}},
        {"xmp": XMP.format("Anna Goldie")},
    ],
    ids=["author", "creator-email", "xmp"],
)
def test_author_in_metadata(paper):
    who = "anna@goldie.org" if "Creator" in paper.get("metadata", {}) else "Anna Goldie"
    assert messages(make_paper(**paper), PdfRules(anonymity="refuse", **AUTHORS)) == [
        f"The PDF's metadata names an author ({who}); under double-blind review it must not."
    ]


def test_strip_identifying_metadata():
    data = make_paper(
        metadata={"Author": "Anna Goldie", "Creator": "TeX", "Producer": "pdfTeX", "Title": "T"},
        xmp=XMP.format("Anna Goldie"),
    )
    stripped = strip_identifying_metadata(data)
    reader = pypdf.PdfReader(io.BytesIO(stripped))
    assert reader.metadata is not None
    assert not {"/Author", "/Creator", "/Producer"} & set(reader.metadata)
    assert reader.metadata["/Title"] == "T"
    assert "/Metadata" not in reader.root_object
    assert len(reader.pages) == 5
    rules = PdfRules(anonymity="refuse", **AUTHORS)
    assert messages(data, rules) != []
    assert messages(stripped, rules) == []


def test_the_stripped_copy_carries_no_author_in_its_bytes_either():
    """Free-text entries go, a title naming an author goes, and the XMP packet is not left
    in the file as an unreferenced object (a reviewer running `strings` would read it)."""
    data = make_paper(
        metadata={
            "Title": "Anna Goldie's notes",
            "Subject": "A paper by Anna Goldie",
            "Keywords": "University of Somewhere; anna@goldie.org",
        },
        xmp=XMP.format("Anna Goldie (anna@goldie.org)"),
    )
    rules = PdfRules(anonymity="warn", **AUTHORS)
    stripped = strip_identifying_metadata(data, rules)
    reader = pypdf.PdfReader(io.BytesIO(stripped))
    assert set(reader.metadata or {}) <= {"/CreationDate", "/ModDate"}
    for trace in (b"Goldie", b"anna@goldie.org", b"Somewhere", b"xmpmeta"):
        assert trace in data and trace not in stripped
    assert len(reader.pages) == 5


def test_rules_reject_an_unknown_anonymity_mode():
    with pytest.raises(ValueError, match="anonymity"):
        PdfRules(anonymity="strict")


# --- Hostile files and isolation -----------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [(nested_arrays_pdf(), DAMAGED), (page_tree_cycle_pdf(), DAMAGED)],
    ids=["nested-arrays", "page-tree-cycle"],
)
def test_malformed_structures_are_damaged(data, expected):
    assert messages(data) == [expected]


def test_isolated_check_matches_the_in_process_check():
    data = make_paper(content_pages=5, first_page_text="Anna Goldie")
    rules = PdfRules(anonymity="warn", **AUTHORS)
    assert check_pdf_isolated(data, rules) == check_pdf(data, rules)


def test_isolated_check_refuses_the_obvious_without_a_child():
    assert [f.message for f in check_pdf_isolated(png_bytes(), RULES).findings] == [
        "The file is not a PDF; it looks like a PNG image."
    ]


def test_a_decompression_bomb_is_stopped_within_the_bounds():
    bomb = deflate_bomb_pdf(decompressed_mb=64)  # 64 MiB of zeros in 64 KB; bench/ tries 1 GiB
    started = time.monotonic()
    report = check_pdf_isolated(bomb, RULES)
    assert time.monotonic() - started < RULES.timeout_seconds
    assert [(f.code, f.message) for f in report.findings] == [("memory", MEMORY)]


def test_a_tight_memory_limit_is_enforced_in_the_child():
    rules = PdfRules(memory_limit_bytes=40 * 2**20)  # ~33 MB are the interpreter and pypdf
    report = check_pdf_isolated(deflate_bomb_pdf(decompressed_mb=30), rules)
    assert [(f.code, f.message) for f in report.findings] == [("memory", MEMORY)]


def test_a_check_over_the_time_limit_is_killed():
    report = check_pdf_isolated(make_paper(), PdfRules(timeout_seconds=0.01))
    assert [(f.code, f.message) for f in report.findings] == [
        (
            "timeout",
            "The PDF took too long to check (over 0.01 s); please export it again with a "
            "standard tool.",
        )
    ]
