from django.contrib import admin
from django.urls import include, path

from ceoblog.health import healthz

urlpatterns = [
    # Sign-in, sign-out, single sign-on and the authorised /media/ files.
    path("", include("accounts.urls")),
    # Before the admin's own addresses, whose last pattern answers every other admin/ address.
    path("admin/editing/", include("editing.urls")),
    path("admin/checks/", include("checks.urls")),
    path("admin/readership/", include("readership.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # Comments are sent to comments/post/<id>/; a post's comment feeds are under its address.
    path("", include("comments.urls")),
    path("", include("alerts.urls")),
    path("", include("reactions.urls")),
    path("", include("pages.urls")),
    path("", include("posts.urls")),
    # Site pages (an old blog's /about/) answer what nothing here does: pages.middleware.
]
