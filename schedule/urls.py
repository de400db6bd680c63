"""Public schedule routes; workshop/urls.py includes them before the workshop catch-all."""

from django.urls import path

from . import papers, speakers, views

app_name = "schedule"
urlpatterns = [
    path("<slug:slug>/schedule/", views.page, name="page"),
    path("<slug:slug>/schedule/v/<int:version>/", views.page, name="version"),
    path("<slug:slug>/schedule.ics", views.program_ics, name="ics"),
    path("<slug:slug>/schedule/items/<int:item_id>.ics", views.item_ics, name="item-ics"),
    path("<slug:slug>/schedule.xml", views.frab_xml, name="frab-xml"),
    path("<slug:slug>/schedule.json", views.frab_json, name="frab-json"),
    # The accepted papers (their PDFs are served by submissions: /<slug>/papers/<paper>/paper.pdf).
    path("<slug:slug>/papers/", papers.paper_list, name="papers"),
    path("<slug:slug>/papers.bib", papers.all_bibtex, name="papers-bib"),
    path("<slug:slug>/papers/<slug:paper>/", papers.paper_page, name="paper"),
    path("<slug:slug>/papers/<slug:paper>.bib", papers.paper_bibtex, name="paper-bib"),
    path("<slug:slug>/posters/", papers.posters, name="posters"),
    path("<slug:slug>/speakers/", speakers.speaker_list, name="speakers"),
    path("<slug:slug>/speakers/<slug:speaker>/", speakers.speaker_page, name="speaker"),
]
