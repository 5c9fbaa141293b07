from django.contrib import admin
from django.urls import path

from checks import views

app_name = "checks"
urlpatterns = [
    path("analyse/", admin.site.admin_view(views.analyse_view), name="analyse-new"),
    path("analyse/<int:post_id>/", admin.site.admin_view(views.analyse_view), name="analyse"),
    path("override/<int:post_id>/", admin.site.admin_view(views.override_view), name="override"),
]
