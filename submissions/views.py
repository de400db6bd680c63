from django.http import Http404
from django.shortcuts import get_object_or_404, render

from .models import Submission


def detail(request, slug: str, pk: int):
    submission = get_object_or_404(
        Submission.objects.select_related("workshop"), pk=pk, workshop__slug=slug
    )
    # Someone who may not see a paper learns nothing about it, not even that it exists.
    if not request.user.has_perm("submissions.read_paper", submission):
        raise Http404("No such paper.")
    return render(request, "submissions/detail.html", {"submission": submission})
