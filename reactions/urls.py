from django.urls import path

from reactions import views

app_name = "reactions"

urlpatterns = [
    path("reactions/post/<int:post_id>/", views.reaction_set_view, name="set"),
]
