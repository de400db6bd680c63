from django.urls import path

from . import views

app_name = "submissions"
urlpatterns = [
    path("<slug:slug>/submissions/<int:pk>/", views.detail, name="detail"),
]
