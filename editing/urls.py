from django.urls import path

from editing import views

app_name = "editing"
urlpatterns = [
    path("autosave/new/", views.autosave, name="autosave-new"),
    path("autosave/new/discard/", views.autosave_discard, name="autosave-new-discard"),
    path("autosave/<int:post_id>/", views.autosave, name="autosave"),
    path("autosave/<int:post_id>/discard/", views.autosave_discard, name="autosave-discard"),
    path("presence/<int:post_id>/", views.presence, name="presence"),
    path("presence/<int:post_id>/end/", views.presence_end, name="presence-end"),
]
