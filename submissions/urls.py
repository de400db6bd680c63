from django.urls import path

from . import downloads, views

app_name = "submissions"
urlpatterns = [
    path("me/submissions/", views.mine, name="mine"),
    path("<slug:slug>/submit/", views.create, name="create"),
    path("<slug:slug>/submissions/<int:pk>/", views.detail, name="detail"),
    path("<slug:slug>/submissions/<int:pk>/edit/", views.edit, name="edit"),
    path("<slug:slug>/submissions/<int:pk>/submit/", views.submit, name="submit"),
    path("<slug:slug>/submissions/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<slug:slug>/submissions/<int:pk>/camera-ready/", views.camera_ready, name="camera_ready"),
    path(
        "<slug:slug>/submissions/<int:pk>/versions/<int:version_pk>/paper.pdf",
        downloads.download,
        name="download",
    ),
    path("<slug:slug>/papers/<slug:paper>/paper.pdf", downloads.public_pdf, name="public_pdf"),
]
