from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("masterclasses/", views.MasterclassList.as_view(), name="list"),
    # Before <slug>.ics, which would otherwise take "calendar".
    path("masterclasses/calendar.ics", views.calendar_ics, name="calendar"),
    path("masterclasses/<slug:slug>.ics", views.masterclass_ics, name="ics"),
    path("masterclasses/<slug:slug>/", views.MasterclassDetail.as_view(), name="detail"),
]
