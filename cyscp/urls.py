from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import RedirectView

from . import feeds, link_targets, publishing_calendar, sitemaps, two_factor, views, workflow_admin

admin.site.site_header = "CYSCP learning: staff"
admin.site.site_title = "CYSCP learning"
admin.site.index_title = "Publish learning"
admin.site.login_form = two_factor.StaffSignInForm
admin.site.login_template = "admin/cyscp/login.html"

# A database that does not answer gives "try again" (503), not an error.
handler500 = "cyscp.errors.server_error"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="hub"), name="home"),
    path("learning/", views.HubView.as_view(), name="hub"),
    path("learning/hub-picture", views.hub_image, name="hub_image"),
    path("learning/", include("reviews.urls")),
    path("learning/", include("briefings.urls")),
    path("learning/", include("events.urls")),
    path("learning/feed/", feeds.LearningFeed(), name="feed"),
    path("learning/themes/", views.ThemeList.as_view(), name="theme_list"),
    path("learning/themes/<slug:slug>/feed/", feeds.ThemeFeed(), name="theme_feed"),
    path("learning/themes/<slug:slug>/", views.ThemeDetail.as_view(), name="theme_detail"),
    path(
        "documents/<int:pk>/<slug:slug>.<str:extension>",
        views.document_download,
        name="document",
    ),
    path("search/", views.SearchView.as_view(), name="search"),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps.sitemaps(), "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps.sitemaps()},
        name="sitemap_section",
    ),
    path(
        "admin/publishing-calendar/",
        admin.site.admin_view(publishing_calendar.publishing_calendar),
        name="publishing_calendar",
    ),
    path(
        "admin/waiting-for-approval/",
        admin.site.admin_view(workflow_admin.waiting_for_approval),
        name="waiting_for_approval",
    ),
    path(
        "admin/two-factor/",
        admin.site.admin_view(two_factor.two_factor),
        name="two_factor",
    ),
    path(
        "admin/link-targets/",
        admin.site.admin_view(link_targets.link_targets),
        name="link_targets",
    ),
    path("admin/", admin.site.urls),
]
