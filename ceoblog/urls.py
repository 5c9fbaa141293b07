from django.contrib import admin
from django.urls import include, path, re_path

from ceoblog.health import healthz
from pages.views import page_detail

urlpatterns = [
    # Sign-in, sign-out, single sign-on and the authorised /media/ files.
    path("", include("accounts.urls")),
    # Before the admin's own addresses, whose last pattern answers every other admin/ address.
    path("admin/editing/", include("editing.urls")),
    path("admin/checks/", include("checks.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # Comments are sent to comments/post/<id>/; a post's comment feeds are under its address.
    path("", include("comments.urls")),
    path("", include("alerts.urls")),
    path("", include("pages.urls")),
    path("", include("posts.urls")),
    # Last: a site page answers any address of words between slashes that nothing above does
    # (an old blog's /about/, /about/team/). Dots are left out, so old file addresses still
    # reach the WordPress redirects without a slash added.
    re_path(r"^(?P<path>[-\w/]+)/$", page_detail, name="page"),
]
