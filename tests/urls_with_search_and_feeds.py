"""The site's URLs plus stand-ins for search and feeds, which other branches provide."""

from django.http import HttpResponse
from django.urls import path

from ceoblog.urls import urlpatterns as site_urlpatterns


def stand_in(request):
    return HttpResponse("stand-in")


urlpatterns = [
    path("search/", stand_in, name="search"),
    path("feed/", stand_in),
    path("feed/atom/", stand_in),
    *site_urlpatterns,
]
