"""sitemap.xml: every public page in every language the hub offers, with hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from medhub.core.selectors import hub_languages
from medhub.directory import selectors


class _HubSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    @property
    def languages(self):
        return [code for code, _name in hub_languages()]


class StaticPages(_HubSitemap):
    priority = 0.8

    def items(self):
        return ["home", "search", "specialties", "partners"]

    def location(self, item):
        return reverse(item)


class SpecialtyPages(_HubSitemap):
    priority = 0.7

    def items(self):
        return list(selectors.specialties().only("code"))

    def location(self, item):
        return reverse("specialty", kwargs={"code": item.code})


class InstitutionPages(_HubSitemap):
    limit = 2000

    def items(self):
        return selectors.published_institutions().only("slug", "updated_at").order_by("id")

    def location(self, item):
        return reverse("institution", kwargs={"slug": item.slug})

    def lastmod(self, item):
        return item.updated_at


class OfferingPages(_HubSitemap):
    limit = 2000

    def items(self):
        return selectors.offerings().select_related(None).only("slug", "updated_at")

    def location(self, item):
        return reverse("offering", kwargs={"slug": item.slug})

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "pages": StaticPages,
    "specialties": SpecialtyPages,
    "institutions": InstitutionPages,
    "offerings": OfferingPages,
}
