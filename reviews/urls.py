from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("case-reviews/", views.CaseReviewList.as_view(), name="list"),
    path("case-reviews/<slug:slug>/", views.CaseReviewDetail.as_view(), name="detail"),
    path("national-panel/", views.PanelPublicationList.as_view(), name="panel_list"),
    path(
        "national-panel/<slug:slug>/", views.PanelPublicationDetail.as_view(), name="panel_detail"
    ),
]
