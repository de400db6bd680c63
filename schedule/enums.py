from django.db import models


class ItemKind(models.TextChoices):
    OPENING = "opening", "Opening remarks"
    INVITED_TALK = "invited_talk", "Invited talk"
    CONTRIBUTED_TALK = "contributed_talk", "Contributed talk"
    SPOTLIGHT = "spotlight", "Spotlights"
    POSTER_SESSION = "poster_session", "Poster session"
    PANEL = "panel", "Panel"
    BREAK = "break", "Break"
    CLOSING = "closing", "Closing remarks"


# Items that present accepted papers as talks (a poster session presents them on boards).
PRESENTS_PAPERS = (ItemKind.CONTRIBUTED_TALK, ItemKind.SPOTLIGHT)
