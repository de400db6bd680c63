"""The submissions API: an author's own papers in one workshop, by token or session.

Input and output serializers are separate; every write goes through the services, whose
ValidationError becomes a 400 with the same sentences the form shows, keyed by field
(workshop/api_errors.py). A paper the caller may not read is a 404. The size guard is installed
before authentication, because session authentication reads the body for its CSRF check.
workshop/api_router.py mounts `urlpatterns` under /api/v1/.
"""

from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiRequest,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from workshop.models import Workshop

from . import queries, services
from .authorship import AuthorData
from .downloads import serve_version
from .forms import split_keywords
from .models import PaperVersion, Submission
from .uploads import as_upload, guard_upload_size

# --- Serializers ----------------------------------------------------------------------------


class PaperAuthorSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField()
    affiliation = serializers.CharField(max_length=200, required=False, allow_blank=True)


class AuthorsField(serializers.JSONField):
    """The ordered authors: a JSON list of {name, email, affiliation}; in a multipart request,
    that list as one JSON-encoded field (which OpenAPI's multipart encoding means anyway)."""

    default_error_messages = {
        "invalid": "Give the authors as a JSON list of {{name, email, affiliation}} objects."
    }

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not isinstance(value, list) or not all(isinstance(a, dict) for a in value):
            self.fail("invalid")
        authors = PaperAuthorSerializer(data=value, many=True)
        if not authors.is_valid():
            raise serializers.ValidationError(_sentences(authors.errors))
        return [AuthorData(**a) for a in authors.validated_data]


class AuthorsFieldSchema(OpenApiSerializerFieldExtension):
    """In the schema: a non-empty list of authors (the service refuses an empty one)."""

    target_class = AuthorsField

    def map_serializer_field(self, auto_schema, direction):
        author = auto_schema.resolve_serializer(PaperAuthorSerializer, direction).ref
        return {"type": "array", "items": author, "minItems": 1}


def _sentences(errors) -> list[str]:
    """Per-author errors as sentences, like the form's: "Author 2’s email: …"."""
    items = errors.items() if isinstance(errors, dict) else enumerate(errors)
    return [
        f"Author {int(index) + 1}’s {field}: {message}"
        for index, fields in items
        for field, messages in (fields or {}).items()
        for message in messages
    ]


class PaperInput(serializers.Serializer):
    """A paper as JSON: everything but the PDF (see PaperUpload)."""

    title = serializers.CharField(max_length=300)
    abstract = serializers.CharField(max_length=5000)
    authors = AuthorsField()
    topics = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        help_text="Names of the workshop's topics.",
    )
    keywords = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, help_text="Free keywords."
    )
    declared_conflicts = serializers.CharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        help_text="People or institutions who should not review the paper, one per line.",
    )
    submit = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Submit now (needs a PDF, this one or an earlier version); else a draft.",
    )

    def validate_topics(self, names):
        workshop: Workshop = self.context["workshop"]
        by_name = {topic.name.lower(): topic for topic in workshop.topics.all()}
        unknown = [name for name in names if name.strip().lower() not in by_name]
        if unknown:
            choices = ", ".join(topic.name for topic in by_name.values()) or "none"
            raise serializers.ValidationError(
                f"“{unknown[0]}” is not a topic of {workshop.name}; the topics are: {choices}."
            )
        return [by_name[name.strip().lower()] for name in names]

    def validate_keywords(self, keywords):
        return [k for keyword in keywords for k in split_keywords(keyword)]

    def service_arguments(self) -> dict:
        data = dict(self.validated_data)
        data["pdf"] = as_upload(data.get("pdf"))
        if self.partial:
            data.setdefault("submit", False)
        return data


class PaperUpload(PaperInput):
    """A paper as a multipart form, which can carry its PDF; `authors` is one JSON part."""

    # Empty files reach the checker, which answers "The file is empty." as the form does.
    pdf = serializers.FileField(required=False, allow_empty_file=True)


PAPER_REQUEST = {
    "multipart/form-data": OpenApiRequest(
        PaperUpload,
        encoding={
            "pdf": {"contentType": "application/pdf"},
            "authors": {"contentType": "application/json"},
        },
    ),
    "application/json": PaperInput,
}


class VersionOutput(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = PaperVersion
        fields = [
            "id",
            "kind",
            "pages",
            "pages_before_references",
            "size",
            "sha256",
            "uploaded_at",
            "warnings",
            "download_url",
        ]

    def get_download_url(self, version) -> str:
        submission = self.context.get("submission") or version.submission
        url = reverse(
            "api-submission-version-pdf",
            kwargs={
                "slug": submission.workshop.slug,
                "pk": submission.pk,
                "version_pk": version.pk,
            },
        )
        return self.context["request"].build_absolute_uri(url)


class SubmissionOutput(serializers.ModelSerializer):
    workshop = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    status = serializers.CharField(
        source="status_for_authors",
        read_only=True,
        help_text="Decisions show once the workshop has released them.",
    )
    topics = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    authors = PaperAuthorSerializer(many=True, read_only=True)
    current_pdf = serializers.SerializerMethodField()
    deadline = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = [
            "id",
            "number",
            "workshop",
            "title",
            "abstract",
            "status",
            "topics",
            "keywords",
            "declared_conflicts",
            "authors",
            "current_pdf",
            "deadline",
            "submitted_at",
            "withdrawn_at",
        ]
        read_only_fields = fields

    @extend_schema_field(VersionOutput(allow_null=True))
    def get_current_pdf(self, submission):
        versions = getattr(submission, "submission_versions", None)
        current = versions[0] if versions else None
        if versions is None:
            current = services.current_version(submission)
        if current is None:
            return None
        return VersionOutput(current, context={**self.context, "submission": submission}).data

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_deadline(self, submission):
        deadline = services.submission_deadline(submission)
        return serializers.DateTimeField().to_representation(deadline) if deadline else None


REFUSED = OpenApiResponse(
    description='The refusal sentences keyed by field, e.g. {"pdf": ["The paper has 5 pages '
    'before the references; the limit is 4."]}; nothing is stored.'
)
NOT_FOUND = OpenApiResponse(description="No such workshop, or a paper the caller may not read.")
NOT_ALLOWED = OpenApiResponse(
    description="The caller may read the paper but not do this (the sentence says why)."
)


def _detailed(pk: int) -> Submission:
    return queries.with_details(
        Submission.objects.select_related("workshop").prefetch_related(
            queries.submission_versions(), "deadline_extensions"
        )
    ).get(pk=pk)


# --- Views ----------------------------------------------------------------------------------


class _WorkshopAPIView(APIView):
    login_required = True
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def initial(self, request, *args, **kwargs):
        # Before authentication, which may read the body (session auth's CSRF check).
        self.workshop = get_object_or_404(Workshop, slug=kwargs["slug"])
        guard_upload_size(request, self.workshop)
        super().initial(request, *args, **kwargs)

    def get_submission(self, request, pk: int) -> Submission:
        submission = get_object_or_404(
            Submission.objects.select_related("workshop"), pk=pk, workshop=self.workshop
        )
        self.check_object_permissions(request, submission)  # unreadable: 404
        return submission

    def output(self, submission: Submission, code=status.HTTP_200_OK) -> Response:
        data = SubmissionOutput(_detailed(submission.pk), context={"request": self.request}).data
        return Response(data, status=code)


class WorkshopSubmissions(_WorkshopAPIView):
    """The caller's own papers in a workshop; create one (a draft, or submitted with `submit`)."""

    @extend_schema(responses={200: SubmissionOutput(many=True), 404: NOT_FOUND})
    def get(self, request, slug: str):
        papers = queries.with_details(queries.papers_of(request.user)).filter(
            workshop=self.workshop
        )
        return Response(SubmissionOutput(papers, many=True, context={"request": request}).data)

    @extend_schema(
        request=PAPER_REQUEST,
        responses={201: SubmissionOutput, 400: REFUSED, 404: NOT_FOUND},
    )
    def post(self, request, slug: str):
        paper = PaperUpload(data=request.data, context={"workshop": self.workshop})
        paper.is_valid(raise_exception=True)
        submission = services.create_submission(
            workshop=self.workshop, by=request.user, **paper.service_arguments()
        )
        return self.output(submission, status.HTTP_201_CREATED)


class SubmissionDetail(_WorkshopAPIView):
    """One paper: read it, or change it until the deadline (a `pdf` becomes a new version)."""

    object_permissions = {"GET": "submissions.read_paper"}

    @extend_schema(responses={200: SubmissionOutput, 404: NOT_FOUND})
    def get(self, request, slug: str, pk: int):
        return self.output(self.get_submission(request, pk))

    @extend_schema(
        request=PAPER_REQUEST,
        responses={200: SubmissionOutput, 400: REFUSED, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def patch(self, request, slug: str, pk: int):
        submission = self.get_submission(request, pk)
        paper = PaperUpload(data=request.data, partial=True, context={"workshop": self.workshop})
        paper.is_valid(raise_exception=True)
        services.update_submission(
            submission=submission, by=request.user, **paper.service_arguments()
        )
        return self.output(submission)


class WithdrawSubmission(_WorkshopAPIView):
    """Withdraw a paper before a decision; it stays on record and every author is told."""

    object_permissions = {"GET": "submissions.read_paper"}

    @extend_schema(
        request=None, responses={200: SubmissionOutput, 403: NOT_ALLOWED, 404: NOT_FOUND}
    )
    def post(self, request, slug: str, pk: int):
        submission = self.get_submission(request, pk)
        services.withdraw(submission=submission, by=request.user)
        return self.output(submission)


class CameraReadyInput(serializers.Serializer):
    pdf = serializers.FileField(allow_empty_file=True)


class CameraReady(_WorkshopAPIView):
    """Upload the camera-ready version of an accepted paper (its own page limit)."""

    object_permissions = {"GET": "submissions.read_paper"}
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={
            "multipart/form-data": OpenApiRequest(
                CameraReadyInput, encoding={"pdf": {"contentType": "application/pdf"}}
            )
        },
        responses={201: VersionOutput, 400: REFUSED, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def post(self, request, slug: str, pk: int):
        submission = self.get_submission(request, pk)
        upload = CameraReadyInput(data=request.data)
        upload.is_valid(raise_exception=True)
        version = services.upload_camera_ready(
            submission=submission, by=request.user, pdf=as_upload(upload.validated_data["pdf"])
        )
        context = {"request": request, "submission": submission}
        data = VersionOutput(version, context=context).data
        return Response(data, status=status.HTTP_201_CREATED)


class VersionPdf(_WorkshopAPIView):
    """The stored PDF of one version, as an attachment."""

    object_permissions = {"GET": "submissions.read_paper"}

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The PDF, as an attachment."
            )
        },
    )
    def get(self, request, slug: str, pk: int, version_pk: int):
        submission = self.get_submission(request, pk)
        return serve_version(get_object_or_404(submission.versions, pk=version_pk))


_PAPER = "workshops/<slug:slug>/submissions/<int:pk>/"
urlpatterns = [
    path(
        "workshops/<slug:slug>/submissions/",
        WorkshopSubmissions.as_view(),
        name="api-submissions",
    ),
    path(_PAPER, SubmissionDetail.as_view(), name="api-submission"),
    path(f"{_PAPER}withdraw/", WithdrawSubmission.as_view(), name="api-submission-withdraw"),
    path(f"{_PAPER}camera-ready/", CameraReady.as_view(), name="api-submission-camera-ready"),
    path(
        f"{_PAPER}versions/<int:version_pk>/pdf/",
        VersionPdf.as_view(),
        name="api-submission-version-pdf",
    ),
]
