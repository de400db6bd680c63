"""Public schedule routes; workshop/urls.py includes them before the workshop catch-all."""

from django.urls import path

from . import views

app_name = "schedule"
urlpatterns = [
    path("<slug:slug>/schedule/", views.page, name="page"),
    path("<slug:slug>/schedule/v/<int:version>/", views.page, name="version"),
    path("<slug:slug>/schedule.ics", views.program_ics, name="ics"),
    path("<slug:slug>/schedule/items/<int:item_id>.ics", views.item_ics, name="item-ics"),
    path("<slug:slug>/schedule.xml", views.frab_xml, name="frab-xml"),
    path("<slug:slug>/schedule.json", views.frab_json, name="frab-json"),
]
