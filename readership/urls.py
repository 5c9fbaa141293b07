from django.contrib import admin
from django.urls import path

from readership import views

app_name = "readership"
urlpatterns = [
    path("", admin.site.admin_view(views.month_view), name="index"),
    path("<int:year>/<int:month>/", admin.site.admin_view(views.month_view), name="month"),
    path(
        "<int:year>/<int:month>/most-read.csv",
        admin.site.admin_view(views.month_csv),
        name="month-csv",
    ),
    path("post/<int:post_id>/", admin.site.admin_view(views.post_view), name="post"),
    path(
        "post/<int:post_id>/readership.csv",
        admin.site.admin_view(views.post_csv),
        name="post-csv",
    ),
]
