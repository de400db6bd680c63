"""How far pypdf may inflate an untrusted file: shared by the check and by the metadata strip."""

# Inflated streams of real papers stay well under a few MB; pypdf's defaults allow 75 MB each.
_LIMIT = 32 << 20
_PYPDF_LIMITS = {
    **{f"{f}_maximum_output_length": _LIMIT for f in ("zlib", "lzw", "run_length", "jbig2")},
    "brotli_maximum_output_length": _LIMIT,
    "array_based_stream_maximum_output_length": _LIMIT,
    "stream_decoding_work_maximum_length": 4 * _LIMIT,
    "disable_legacy_handling": True,  # skips looking for changed deprecated module constants
}
