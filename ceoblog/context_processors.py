from django.conf import settings


def blog(request):
    """Put the blog's title and tagline in every template."""
    return {"blog_title": settings.CEOBLOG_TITLE, "blog_tagline": settings.CEOBLOG_TAGLINE}
