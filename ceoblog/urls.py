from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    # Sign-in, sign-out, single sign-on and the authorised /media/ files.
    path("", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("", include("posts.urls")),
]
