"""Where uploaded papers live, from the environment: local files by default, or a bucket on
S3-compatible object storage (AWS S3, MinIO, Ceph, R2 …) through django-storages.

    STORAGE_URL=s3://BUCKET[/PREFIX]?endpoint_url=https://s3.example.org&region_name=eu-west-1
    (or AWS_STORAGE_BUCKET_NAME, AWS_LOCATION, AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME)
    AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY   (or the machine's role)

The objects are private: no ACL is sent (the bucket's default, private, applies), and the
site never hands out an object's URL; every download is streamed through a view that checks
who may read the paper (submissions/downloads.py). A read larger than
AWS_S3_MAX_MEMORY_SIZE (default 8 MB) spills to a temporary file instead of memory.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlparse

S3_BACKEND = "storages.backends.s3.S3Storage"
FILES_BACKEND = "django.core.files.storage.FileSystemStorage"


def default_storage(env) -> dict:
    """The STORAGES["default"] entry for these environment variables (`env`: environ.Env)."""
    url = env.str("STORAGE_URL", default="")
    bucket = env.str("AWS_STORAGE_BUCKET_NAME", default="")
    options: dict = {}
    if url:
        parts = urlparse(url)
        if parts.scheme in ("file", ""):
            return {"BACKEND": FILES_BACKEND}
        if parts.scheme != "s3" or not parts.netloc:
            raise ValueError(f"STORAGE_URL must be s3://BUCKET[/PREFIX][?…], not {url!r}.")
        bucket = parts.netloc
        options["location"] = parts.path.strip("/")
        options.update(parse_qsl(parts.query))
    if not bucket:
        return {"BACKEND": FILES_BACKEND}
    options = {
        "bucket_name": bucket,
        "location": env.str("AWS_LOCATION", default=""),
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,
        **options,
        # Private, whatever the variables say: no public ACL, signed URLs only (none used).
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
        "max_memory_size": env.int("AWS_S3_MAX_MEMORY_SIZE", default=8 * 1024 * 1024),
    }
    for key in ("access_key", "secret_key"):
        name = f"AWS_{'ACCESS_KEY_ID' if key == 'access_key' else 'SECRET_ACCESS_KEY'}"
        if value := env.str(name, default=""):
            options[key] = value
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}
