from django.urls import path

from . import views

app_name = "briefings"

urlpatterns = [
    path("briefings/", views.BriefingList.as_view(), name="list"),
    path("briefings/<slug:slug>/", views.BriefingDetail.as_view(), name="detail"),
    path("jtai/", views.JtaiGuideList.as_view(), name="jtai_list"),
    path("jtai/<slug:slug>/", views.JtaiGuideDetail.as_view(), name="jtai_detail"),
]
