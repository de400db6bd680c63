"""A paper's authors: cleaning the list a person typed, and linking each listed address to
the account that has verified it (now, or after signing up later)."""

from collections.abc import Sequence
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from people.models import User
from people.validators import invisible_characters

from .models import Author, Submission


@dataclass(frozen=True)
class AuthorData:
    name: str
    email: str
    affiliation: str = ""


def clean_authors(
    authors: Sequence[AuthorData], *, acting: User, require_self: bool = True
) -> list[AuthorData]:
    """Tidy the author list and say everything wrong with it at once. An author must list
    themselves (else they would lose the paper); an organizer editing it need not."""
    cleaned = [
        AuthorData(
            name=" ".join(a.name.split()),
            email=a.email.strip().lower(),
            affiliation=" ".join(a.affiliation.split()),
        )
        for a in authors
    ]
    errors = []
    if not cleaned:
        errors.append("List at least one author.")
    for index, author in enumerate(cleaned, start=1):
        if not author.name or not author.email:
            errors.append(f"Author {index} needs a name and an email address.")
        elif not _is_email(author.email):
            errors.append(f"Author {index}’s email address “{author.email}” is not valid.")
        for part in ("name", "affiliation"):
            if found := invisible_characters(getattr(author, part)):
                errors.append(
                    f"Author {index}’s {part} contains invisible or direction-changing "
                    f"characters ({', '.join(found)}); please type it without them."
                )
    emails = [a.email for a in cleaned]
    for email in sorted({e for e in emails if emails.count(e) > 1}):
        errors.append(f"{email} is listed more than once.")
    if cleaned and require_self and not acting.is_superuser and not _own_emails(acting) & {*emails}:
        errors.append(
            f"Add yourself ({acting.email}) to the authors: only authors can see "
            "and edit the paper."
        )
    if errors:
        raise ValidationError({"authors": errors})
    return cleaned


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _own_emails(user: User) -> set[str]:
    verified = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    return {user.email.lower(), *(e.lower() for e in verified)}


def set_authors(submission: Submission, authors: Sequence[AuthorData]) -> None:
    """Replace the author list (reordering included) and link verified accounts."""
    verified = dict(
        EmailAddress.objects.filter(
            email__in=[a.email for a in authors], verified=True
        ).values_list("email", "user_id")
    )
    submission.authors.all().delete()
    Author.objects.bulk_create(
        Author(
            submission=submission,
            position=position,
            name=a.name,
            email=a.email,
            affiliation=a.affiliation,
            user_id=verified.get(a.email),
        )
        for position, a in enumerate(authors)
    )


def link_verified_email(*, user: User, email: str) -> int:
    """An account verified `email`: it now sees the papers that list this address."""
    return Author.objects.filter(email__iexact=email, user__isnull=True).update(user=user)
