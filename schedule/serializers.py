"""Output serializers of the public program API (read-only; there are no inputs).

The schedule's serializers read a released snapshot (plain dicts with ISO 8601 strings),
so what the API says is exactly what was released."""

from rest_framework import serializers

from .enums import ItemKind


class WorkshopOutput(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    acronym = serializers.CharField()
    conference = serializers.CharField()
    venue = serializers.CharField()
    room = serializers.CharField()
    timezone = serializers.CharField(help_text="IANA name of the venue's zone.")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    event_url = serializers.CharField()
    url = serializers.CharField(help_text="The workshop's public page.")
    schedule_url = serializers.CharField(help_text="The released program (this API).")
    schedule_version = serializers.IntegerField(
        allow_null=True, help_text="Number of the latest released version; null before one."
    )


class WorkshopDetailOutput(WorkshopOutput):
    description = serializers.CharField(help_text="Markdown.")


class PersonOutput(serializers.Serializer):
    name = serializers.CharField()
    affiliation = serializers.CharField()


class ItemPaperOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    authors = serializers.ListField(child=serializers.CharField())


class PosterOutput(serializers.Serializer):
    board = serializers.IntegerField(min_value=1)
    title = serializers.CharField(source="paper.title")
    authors = serializers.ListField(child=serializers.CharField(), source="paper.authors")


class ItemOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ItemKind.choices)
    title = serializers.CharField()
    description = serializers.CharField(help_text="Markdown.")
    start = serializers.DateTimeField(help_text="ISO 8601 with an offset (UTC).")
    end = serializers.DateTimeField(help_text="ISO 8601 with an offset (UTC).")
    room = serializers.CharField()
    speakers = PersonOutput(many=True)
    papers = ItemPaperOutput(many=True)
    posters = PosterOutput(many=True)
    ical_url = serializers.CharField(help_text="This item alone as an iCalendar file.")


class ScheduleOutput(serializers.Serializer):
    version = serializers.IntegerField()
    released_at = serializers.DateTimeField()
    timezone = serializers.CharField(help_text="IANA name of the venue's zone.")
    items = ItemOutput(many=True)


class PaperOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    title = serializers.CharField()
    authors = serializers.ListField(child=serializers.CharField())
    abstract = serializers.CharField()
    keywords = serializers.ListField(child=serializers.CharField())
    presented_as = serializers.ChoiceField(choices=["contributed_talk", "spotlight", "poster"])
    url = serializers.CharField(help_text="The paper's public page.")


class SpeakerOutput(serializers.Serializer):
    name = serializers.CharField()
    affiliation = serializers.CharField()
    items = serializers.ListField(
        child=serializers.IntegerField(), help_text="Ids of the schedule items they speak in."
    )
