from django.urls import path

from .views import bidding, discussion, papers, pool

app_name = "reviews"
urlpatterns = [
    path("reviewing/", pool.home, name="home"),
    path("reviewing/invitations/<str:token>/", pool.invitation, name="invitation"),
    path("<slug:slug>/reviewing/", pool.workshop_home, name="workshop"),
    path("<slug:slug>/reviewing/profile/", pool.profile, name="profile"),
    path("<slug:slug>/reviewing/bids/", bidding.bids, name="bids"),
    path("<slug:slug>/reviewing/papers/<int:pk>/", papers.paper, name="paper"),
    path("<slug:slug>/reviewing/papers/<int:pk>/pdf/", papers.paper_pdf, name="paper_pdf"),
    path("<slug:slug>/reviewing/papers/<int:pk>/review/", papers.review, name="review"),
    path("<slug:slug>/reviewing/papers/<int:pk>/discussion/", discussion.comment, name="comment"),
    path(
        "<slug:slug>/reviewing/papers/<int:pk>/meta-review/",
        discussion.meta_review,
        name="meta_review",
    ),
    path("<slug:slug>/submissions/<int:pk>/reviews/", papers.author_reviews, name="author_reviews"),
    path(
        "<slug:slug>/submissions/<int:pk>/conflicts/",
        papers.pick_conflicts,
        name="pick_conflicts",
    ),
]
