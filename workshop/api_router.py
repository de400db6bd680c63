"""Every API route under /api/v1/, gathered from the apps."""

from django.urls import path

from people import api as people_api
from reviews import api as reviews_api
from schedule import api as schedule_api
from submissions import api as submissions_api

api_urlpatterns = [
    path("auth/token/", people_api.ObtainToken.as_view(), name="api-token"),
    *submissions_api.urlpatterns,
    *reviews_api.urlpatterns,
    *schedule_api.urlpatterns,
]
