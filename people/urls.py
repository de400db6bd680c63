from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("profile/", views.ProfileEditView.as_view(), name="profile"),
    path("people/<int:pk>/photo/", views.photo, name="photo"),
]
