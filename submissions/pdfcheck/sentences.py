"""The sentences an author reads. Tests assert them exactly; change them here and nowhere else."""

EMPTY = "The file is empty."
NOT_PDF = "The file is not a PDF."
NOT_PDF_LIKE = "The file is not a PDF; it looks like {kind}."
TOO_LARGE = "The file is {size}; the limit is {limit}."
DAMAGED = "The PDF is damaged or incomplete and cannot be read; please export it again."
ENCRYPTED = "The PDF is encrypted; please upload it without a password or restrictions."
NO_PAGES = "The PDF has no pages."
PAGE_CAP = "The PDF has {pages} pages; at most {cap} are accepted."
TOO_MANY_BEFORE_REFERENCES = "The paper has {pages} before the references; the limit is {limit}."
TOO_MANY_BEFORE_APPENDIX = "The paper has {pages} before the appendix; the limit is {limit}."
TOO_MANY_NO_REFERENCES = (
    "The paper has {pages} and no references heading was found; the limit is {limit}."
)
TOO_MANY = "The paper has {pages}; the limit is {limit}."
APPENDIX = (
    "The paper has an appendix starting on page {page}; appendices are not allowed at this "
    "workshop."
)
PAGE_SIZE = "{pages} {verb} {size}; pages must be US Letter or A4."
JAVASCRIPT = "The PDF contains JavaScript, which is not allowed."
EMBEDDED_FILES = "The PDF contains embedded files, which are not allowed."
AUTHOR_ON_FIRST_PAGE = (
    "The first page names an author ({who}); under double-blind review it must not."
)
AUTHOR_IN_METADATA = (
    "The PDF's metadata names an author ({who}); under double-blind review it must not."
)
TIMEOUT = (
    "The PDF took too long to check (over {seconds} s); please export it again with a standard "
    "tool."
)
MEMORY = "The PDF needs too much memory to check; please export it again with a standard tool."
CHECK_FAILED = "The PDF could not be checked; please export it again with a standard tool."
