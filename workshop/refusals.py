"""How a service's refusal reads on a page: its sentences, whatever the exception."""


def sentences(refused: Exception) -> list[str]:
    """The sentences of a ValidationError (every field's), or the text of a PermissionDenied."""
    return list(getattr(refused, "messages", None) or [str(refused)])


def text(refused: Exception) -> str:
    return " ".join(sentences(refused))
