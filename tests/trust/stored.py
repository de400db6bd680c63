"""What is stored: the row count of every model and every file under the media folder, to
compare before and after a refused request (which must change neither)."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps


def stored_state(media_root) -> tuple[dict[str, int], list[str]]:
    counts = {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }
    root = Path(media_root)
    files = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    return counts, files
