"""API representations of the directory. Translated fields come out in the request's language."""

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from medhub.core.i18n import pick
from medhub.directory.models import Offering, OfferingPriceChange, Organization, Practitioner, Specialty
from medhub.directory.photos import describe


@extend_schema_field(serializers.CharField())
class TranslatedText(serializers.Field):
    """A translated content field rendered in the language the request asked for."""

    def to_representation(self, value):
        return pick(value, self.context.get("language"))


@extend_schema_field(serializers.ListField(child=serializers.CharField()))
class TranslatedList(TranslatedText):
    def to_representation(self, value):
        return pick(value, self.context.get("language"), default=[])


@extend_schema_field(serializers.ListField(child=serializers.CharField()))
class LanguageList(serializers.Field):
    def to_representation(self, value):
        return [code for code in (value or "").split(",") if code]


class SpecialtySerializer(serializers.ModelSerializer):
    name = TranslatedText()
    synonyms = TranslatedList()
    description = TranslatedText()

    class Meta:
        model = Specialty
        fields = ["code", "name", "synonyms", "description"]


class DistrictSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = TranslatedText()


class AccreditationSerializer(serializers.Serializer):
    body = serializers.CharField()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()


class RankReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    points = serializers.IntegerField()


class RankSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    reasons = RankReasonSerializer(many=True)


class MatchedPriceSerializer(serializers.Serializer):
    """The prices of the institution's offerings in the specialties the search names."""

    specialties = serializers.ListField(child=serializers.CharField())
    min_krw = serializers.IntegerField()
    max_krw = serializers.IntegerField()
    offerings = serializers.IntegerField()


class PriceSerializer(serializers.Serializer):
    min_krw = serializers.IntegerField(allow_null=True)
    max_krw = serializers.IntegerField(allow_null=True)
    offerings = serializers.IntegerField()
    matched = MatchedPriceSerializer(allow_null=True, help_text="Only when the search names a specialty.")


class PhotoSerializer(serializers.Serializer):
    """A photo's public copies: ``src`` (a JPEG of middle width), ``srcset_webp`` and
    ``srcset_jpeg`` (every width), its size and the alt text in the language asked for."""

    alt = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    src = serializers.CharField()
    srcset_webp = serializers.CharField()
    srcset_jpeg = serializers.CharField()


class PhotosField(serializers.Field):
    """The photos of an institution (in search results only the first), offering or practitioner."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        return photos_of(obj, self.context.get("language"))


extend_schema_field(PhotoSerializer(many=True))(PhotosField)


def photos_of(obj, language) -> list[dict]:
    listed = getattr(obj, "photo_list", None)
    if listed is None:
        listed = obj.photos.all()
    return [describe(p, language) for p in listed]


class InstitutionSerializer(serializers.ModelSerializer):
    name = TranslatedText()
    description = TranslatedText()
    address = TranslatedText()
    district = DistrictSerializer(allow_null=True)
    languages = LanguageList()
    specialties = serializers.SerializerMethodField()
    accreditations = serializers.SerializerMethodField()
    registration = serializers.SerializerMethodField()
    insurance = serializers.SerializerMethodField()
    prices = serializers.SerializerMethodField()
    rank = serializers.SerializerMethodField()
    photos = PhotosField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = [
            "id",
            "slug",
            "name",
            "description",
            "institution_class",
            "specialties",
            "languages",
            "district",
            "address",
            "lat",
            "lng",
            "phone",
            "website",
            "accreditations",
            "registration",
            "insurance",
            "prices",
            "rank",
            "photos",
            "url",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_specialties(self, obj):
        return [s.code for s in obj.specialty_list]

    @extend_schema_field(AccreditationSerializer(many=True))
    def get_accreditations(self, obj):
        return [
            {"body": a.body, "valid_from": a.valid_from, "valid_until": a.valid_until}
            for a in getattr(obj, "valid_accreditations", [])
        ]

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "number": {"type": "string"},
                "valid_until": {"type": "string", "format": "date"},
                "valid": {"type": "boolean"},
            },
        }
    )
    def get_registration(self, obj):
        return {
            "number": obj.registration_number,
            "registered_on": obj.registration_date,
            "valid_until": obj.registration_expires,
            "valid": obj.registration_valid(self.context.get("today") or timezone.localdate()),
        }

    @extend_schema_field(
        {"type": "object", "properties": {"cover_krw": {"type": "integer"}, "valid_until": {"type": "string", "format": "date"}}}
    )
    def get_insurance(self, obj):
        return {"cover_krw": obj.insurance_cover_krw, "valid_until": obj.insurance_expires}

    @extend_schema_field(PriceSerializer())
    def get_prices(self, obj):
        matched = getattr(obj, "matched_prices", None)
        return {
            "min_krw": getattr(obj, "price_low", None),
            "max_krw": getattr(obj, "price_high", None),
            "offerings": getattr(obj, "offering_count", 0),
            "matched": {
                "specialties": [s.code for s in matched.specialties],
                "min_krw": matched.low,
                "max_krw": matched.high,
                "offerings": matched.count,
            }
            if matched
            else None,
        }

    @extend_schema_field(RankSerializer(allow_null=True))
    def get_rank(self, obj):
        if not hasattr(obj, "rank_score"):
            return None
        return {
            "score": obj.rank_score,
            "reasons": [{"code": r.code, "label": r.label, "points": r.points} for r in getattr(obj, "rank_reasons", [])],
        }

    def get_url(self, obj) -> str:
        return reverse("institution", kwargs={"slug": obj.slug})

    def to_representation(self, obj):
        # The search endpoint renders many institutions per request; building the dict
        # directly keeps the fields above (and the schema) while skipping DRF's per-field
        # machinery. tests/directory/test_search_api.py checks both paths agree.
        if not self.context.get("fast", True):
            return super().to_representation(obj)
        language = self.context.get("language")
        district = obj.district
        return {
            "id": obj.id,
            "slug": obj.slug,
            "name": pick(obj.name, language),
            "description": pick(obj.description, language),
            "institution_class": obj.institution_class,
            "specialties": self.get_specialties(obj),
            "languages": obj.language_list,
            "district": {"code": district.code, "name": pick(district.name, language)} if district else None,
            "address": pick(obj.address, language),
            "lat": obj.lat,
            "lng": obj.lng,
            "phone": obj.phone,
            "website": obj.website,
            "accreditations": [
                {"body": a.body, "valid_from": a.valid_from.isoformat(), "valid_until": a.valid_until.isoformat()}
                for a in getattr(obj, "valid_accreditations", [])
            ],
            "registration": {
                "number": obj.registration_number,
                "registered_on": _iso(obj.registration_date),
                "valid_until": _iso(obj.registration_expires),
                "valid": obj.registration_valid(self.context.get("today") or timezone.localdate()),
            },
            "insurance": {"cover_krw": obj.insurance_cover_krw, "valid_until": _iso(obj.insurance_expires)},
            "prices": self.get_prices(obj),
            "rank": self.get_rank(obj),
            "photos": photos_of(obj, language),
            "url": self._fast_url(obj.slug),
        }

    def _fast_url(self, slug: str) -> str:
        # One reverse() per request, not per card: an institution's URL is a fixed prefix (which
        # depends on the active language) and its slug, which needs no quoting (<slug:slug>).
        prefix = self.context.get("institution_url_prefix")
        if prefix is None:
            prefix = reverse("institution", kwargs={"slug": "-"}).removesuffix("-/")
            self.context["institution_url_prefix"] = prefix
        return f"{prefix}{slug}/"


def _iso(day):
    return day.isoformat() if day else None


class InstitutionRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = TranslatedText()


class OfferingPriceChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = OfferingPriceChange
        fields = ["changed_at", "old_min_krw", "old_max_krw", "new_min_krw", "new_max_krw"]


class OfferingSerializer(serializers.ModelSerializer):
    name = TranslatedText()
    description = TranslatedText()
    included = TranslatedList()
    excluded = TranslatedList()
    specialty = serializers.SlugRelatedField(slug_field="code", read_only=True)
    institution = InstitutionRefSerializer(source="organization")
    photos = PhotosField()
    url = serializers.SerializerMethodField()
    price_history = OfferingPriceChangeSerializer(
        source="price_changes", many=True, read_only=True, help_text="Every change of the price range, newest first."
    )

    class Meta:
        model = Offering
        fields = [
            "id",
            "slug",
            "kind",
            "specialty",
            "institution",
            "name",
            "description",
            "included",
            "excluded",
            "price_min_krw",
            "price_max_krw",
            "stay_days",
            "recovery_days",
            "price_history",
            "photos",
            "url",
        ]

    def get_url(self, obj) -> str:
        return reverse("offering", kwargs={"slug": obj.slug})


class PractitionerSerializer(serializers.ModelSerializer):
    name = TranslatedText()
    title = TranslatedText()
    specialty = serializers.SlugRelatedField(slug_field="code", read_only=True)
    institution = InstitutionRefSerializer(source="organization")
    languages = LanguageList()
    photos = PhotosField()

    class Meta:
        model = Practitioner
        fields = ["id", "name", "title", "specialty", "languages", "institution", "photos"]


class PartnerSerializer(serializers.ModelSerializer):
    name = TranslatedText()
    description = TranslatedText()
    offer = TranslatedText()
    address = TranslatedText()
    district = DistrictSerializer(allow_null=True)
    languages = LanguageList()

    class Meta:
        model = Organization
        fields = [
            "id",
            "slug",
            "kind",
            "name",
            "description",
            "offer",
            "district",
            "address",
            "lat",
            "lng",
            "phone",
            "website",
            "languages",
        ]
