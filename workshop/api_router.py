"""Every API route under /api/v1/, gathered from the apps."""

from django.urls import path

from people import api as people_api

api_urlpatterns = [
    path("auth/token/", people_api.ObtainToken.as_view(), name="api-token"),
]
