"""The composition root's URLs: every app's routes, the API and its schema."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views
from .admin_shortcuts import admin_urls
from .api_router import api_urlpatterns

# Under /api/ an unknown address (or a server error) answers JSON, as the API's own errors do.
handler400 = "workshop.api_errors.bad_request"
handler404 = "workshop.api_errors.not_found"
handler500 = "workshop.api_errors.server_error"

admin.site.site_header = "Workshop administration"
admin.site.site_title = "Workshop admin"
admin.site.index_title = "Organizer's workbench"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("admin/", admin_urls()),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", include(api_urlpatterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file of its own (?script):
    # the Content-Security-Policy allows no inline script.
    path(
        "api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"
    ),
    path("", include("people.urls")),
    path("", views.home, name="home"),
    # App routes come before the catch-all /<slug>/ of the workshop pages.
    path("", include("submissions.urls")),
    path("", include("reviews.urls")),
    path("", include("schedule.urls")),
    path("", include("workshop.urls_public")),
]
