from django import template

from photos.images import photo_renditions

register = template.Library()

# Most pages show photos in the main column, which stops growing at about 46rem.
DEFAULT_SIZES = "(min-width: 64rem) 46rem, 100vw"


@register.inclusion_tag("photos/_picture.html")
def picture(photo, sizes=DEFAULT_SIZES, eager=False):
    """Render a photo as <picture> with WebP and fallback copies at several widths."""
    renditions = photo_renditions(photo)
    webp = [rendition for rendition in renditions if rendition.mime_type == "image/webp"]
    fallback = [rendition for rendition in renditions if rendition.mime_type != "image/webp"]
    largest = fallback[-1]
    return {
        "photo": photo,
        "sizes": sizes,
        "eager": eager,
        "webp_srcset": _srcset(webp),
        "fallback_srcset": _srcset(fallback),
        "src": largest.url,
        "width": largest.width,
        "height": largest.height,
    }


def _srcset(renditions):
    return ", ".join(f"{rendition.url} {rendition.width}w" for rendition in renditions)
