"""Automatic poster board numbering: place accepted posters on boards across poster sessions."""

from .placing import (
    Placement,
    PosterPaper,
    PosterSession,
    jaccard,
    natural_board_key,
    place_posters,
    presenter_groups,
)

__all__ = [
    "Placement",
    "PosterPaper",
    "PosterSession",
    "jaccard",
    "natural_board_key",
    "place_posters",
    "presenter_groups",
]
