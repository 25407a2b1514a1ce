"""``{% photo p sizes="…" %}``: a directory photo as a responsive, lazy ``<picture>``."""

from django import template
from django.utils.html import format_html

from medhub.core.i18n import pick
from medhub.directory.photos import public_name, srcset

register = template.Library()


@register.simple_tag
def photo(p, sizes="100vw", css_class="photo", eager=False):
    """WebP first with a JPEG fallback, every copy in ``srcset`` (the browser picks by ``sizes``),
    width and height so nothing jumps while loading, lazy unless ``eager`` (the first screen's
    photo), the alt text in the reader's language."""
    if p is None or not getattr(p, "sizes", None):
        return ""
    widths = list(p.sizes)
    middle = widths[min(1, len(widths) - 1)]
    return format_html(
        '<picture class="{}"><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="/photos/{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="{}" decoding="async"></picture>',
        css_class,
        srcset(p.key, widths, "webp"),
        sizes,
        public_name(p.key, middle, "jpg"),
        srcset(p.key, widths, "jpg"),
        sizes,
        p.width,
        p.height,
        pick(p.alt),
        "eager" if eager else "lazy",
    )
