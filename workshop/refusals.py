"""How a service's refusal reads on a page: its sentences, whatever the exception, and the
same sentences placed on the form that asked."""


def sentences(refused: Exception) -> list[str]:
    """The sentences of a ValidationError (every field's), or the text of a PermissionDenied."""
    return list(getattr(refused, "messages", None) or [str(refused)])


def text(refused: Exception) -> str:
    return " ".join(sentences(refused))


def show_on_form(refused: Exception, form, *, formset=None) -> None:
    """A service's refusal on the form that asked: each field's sentences next to that
    field (an `authors` error above the formset's rows when there is one), the rest — a
    passed deadline, a refusal of the whole, a PermissionDenied — at the top of the form."""
    if not hasattr(refused, "error_dict"):
        form.add_error(None, sentences(refused))
        return
    for field, messages in refused.message_dict.items():
        if field == "authors" and formset is not None:
            formset.service_errors = messages
        elif field in form.fields:
            form.add_error(field, messages)
        else:
            form.add_error(None, messages)
