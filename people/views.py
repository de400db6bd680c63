from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.views.generic import UpdateView

from .forms import ProfileForm
from .models import User


class ProfileEditView(LoginRequiredMixin, UpdateView):
    form_class = ProfileForm
    template_name = "people/profile_form.html"
    success_url = reverse_lazy("people:profile")

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        messages.success(self.request, "Your profile has been saved.")
        return super().form_valid(form)


def photo(request, pk: int):
    """Profile photos are public (organizer and speaker bios) but served by a view,
    because MEDIA_ROOT also holds private papers and is never exposed by URL."""
    user = get_object_or_404(User, pk=pk)
    if not user.photo:
        raise Http404("No photo.")
    response = FileResponse(user.photo.open("rb"))
    response["Cache-Control"] = "public, max-age=3600"
    return response
