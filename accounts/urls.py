from django.urls import path

from accounts import views

# Not namespaced: "login" and "logout" are the names Django's settings and templates expect, and
# the single sign-on names are the ones mozilla-django-oidc reverses.
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.sign_out, name="logout"),
    path("oidc/authenticate/", views.SignInStartView.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", views.SignInCallbackView.as_view(), name="oidc_authentication_callback"),
    path("media/<path:path>", views.media_file, name="media"),
]
