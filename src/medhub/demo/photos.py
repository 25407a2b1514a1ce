"""Fictional photos for the demo hub, drawn with Pillow while the demo is built.

Nothing is downloaded and nothing shows a real person or a real hospital: institutions get a
simple drawn building on a coloured sky with their initials, offerings an abstract pattern,
doctors a coloured disc with initials (never a face). Each goes through the same service as an
uploaded photo (directory.services.photo_add): checked, resized, audited.
"""

import colorsys
import io
import random

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from medhub.core.i18n import pick
from medhub.directory import photos, services
from medhub.directory.models import Offering, Organization, Photo, Practitioner

# How many institutions get pictures (with one offering and one doctor each): enough to see
# them on every demo page without slowing ``make run``.
DEMO_PHOTO_INSTITUTIONS = 16

ALT_BUILDING = {
    "ko": "{name} 건물 그림 (가상의 이미지)",
    "en": "Drawing of the {name} building (a made-up picture)",
    "zh-hans": "{name}大楼的插图（虚构图片）",
    "ja": "{name}の建物のイラスト（架空の画像）",
    "ru": "Рисунок здания: {name} (вымышленное изображение)",
    "mn": "{name}-ийн барилгын зураг (зохиомол зураг)",
    "kk": "{name} ғимаратының суреті (ойдан шығарылған сурет)",
    "vi": "Hình vẽ tòa nhà {name} (hình minh họa hư cấu)",
    "th": "ภาพวาดอาคารของ {name} (ภาพสมมติ)",
    "ar": "رسم لمبنى {name} (صورة خيالية)",
}
ALT_PATTERN = {
    "ko": "{name}: 추상적인 그림",
    "en": "{name}: an abstract illustration",
    "zh-hans": "{name}：抽象插图",
    "ja": "{name}：抽象的なイラスト",
    "ru": "{name}: абстрактная иллюстрация",
    "mn": "{name}: хийсвэр зураг",
    "kk": "{name}: абстрактілі сурет",
    "vi": "{name}: hình minh họa trừu tượng",
    "th": "{name}: ภาพประกอบนามธรรม",
    "ar": "{name}: رسم تجريدي",
}
ALT_BADGE = {
    "ko": "{name}의 이니셜 배지",
    "en": "Initials badge for {name}",
    "zh-hans": "{name}的姓名首字母标志",
    "ja": "{name}のイニシャルのバッジ",
    "ru": "Значок с инициалами: {name}",
    "mn": "{name}-ийн нэрийн эхний үсгийн тэмдэг",
    "kk": "{name}: аты-жөнінің бас әріптері бар белгі",
    "vi": "Huy hiệu chữ cái đầu của {name}",
    "th": "ตราอักษรย่อของ {name}",
    "ar": "شارة الأحرف الأولى لـ {name}",
}


def _alt(patterns: dict, names: dict) -> dict:
    return {code: pattern.format(name=pick(names, code)) for code, pattern in patterns.items() if pick(names, code)}


def _colour(hue: float, lightness: float, saturation: float = 0.55) -> tuple[int, int, int]:
    return tuple(round(c * 255) for c in colorsys.hls_to_rgb(hue % 1.0, lightness, saturation))


def _font(size: int):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow before 10.1 has one bitmap size only
        return ImageFont.load_default()


def _initials(names: dict) -> str:
    english = names.get("en") or next(iter(names.values()), "")
    letters = [word[0] for word in english.replace("-", " ").split() if word[:1].isalpha()]
    return "".join(letters[:2]).upper() or "H"


def _gradient(size, top, bottom) -> Image.Image:
    width, height = size
    image = Image.new("RGB", size, top)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(1, height - 1)
        draw.line([(0, y), (width, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    return image


def building_picture(seed: int, names: dict) -> bytes:
    """A made-up building under a coloured sky, with a cross sign and the initials."""
    rng = random.Random(seed)  # noqa: S311 - shapes and colours of a drawing, not a secret
    hue = rng.random()
    size = (1280, 720)
    image = _gradient(size, _colour(hue, 0.78), _colour(hue + 0.08, 0.55))
    draw = ImageDraw.Draw(image)
    draw.ellipse((980, 70, 1120, 210), fill=_colour(0.13, 0.75, 0.9))  # a sun
    draw.rectangle((0, 600, 1280, 720), fill=_colour(0.3, 0.4, 0.35))  # grass
    floors, columns = rng.randint(4, 7), rng.randint(5, 9)
    left, right = 300, 300 + columns * 80 + 40
    top = 600 - floors * 70 - 30
    draw.rectangle((left, top, right, 600), fill=_colour(hue + 0.5, 0.88, 0.15), outline=(60, 60, 70), width=4)
    door = (left + right) // 2
    for floor in range(floors):
        for column in range(columns):
            x, y = left + 30 + column * 80, top + 25 + floor * 70
            if y + 40 > 510 and x < door + 50 and x + 45 > door - 50:
                continue  # the entrance is there
            draw.rectangle((x, y, x + 45, y + 40), fill=_colour(0.58, 0.7, 0.5))
    draw.rectangle((door - 40, 520, door + 40, 600), fill=(90, 70, 60))
    cx, cy = right - 60, top - 50
    draw.rectangle((cx - 40, cy - 12, cx + 40, cy + 12), fill=(200, 40, 50))
    draw.rectangle((cx - 12, cy - 40, cx + 12, cy + 40), fill=(200, 40, 50))
    draw.text((60, 60), _initials(names), font=_font(120), fill=(255, 255, 255), stroke_width=3, stroke_fill=(40, 40, 60))
    return _jpeg(image)


def pattern_picture(seed: int) -> bytes:
    """Abstract circles and bands: no subject at all."""
    rng = random.Random(seed)  # noqa: S311 - shapes and colours of a drawing, not a secret
    hue = rng.random()
    size = (960, 540)
    image = _gradient(size, _colour(hue, 0.85, 0.4), _colour(hue + 0.15, 0.65, 0.5))
    draw = ImageDraw.Draw(image, "RGBA")
    for _ in range(9):
        r = rng.randint(40, 200)
        x, y = rng.randint(0, size[0]), rng.randint(0, size[1])
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(*_colour(hue + rng.random() * 0.3, 0.6), 110))
    for band in range(3):
        y = 120 + band * 140
        draw.rectangle((0, y, size[0], y + 24), fill=(255, 255, 255, 70))
    return _jpeg(image)


def badge_picture(seed: int, names: dict) -> bytes:
    """A coloured disc with the doctor's initials: a placeholder, never a face."""
    rng = random.Random(seed)  # noqa: S311 - shapes and colours of a drawing, not a secret
    image = Image.new("RGB", (400, 400), _colour(rng.random(), 0.9, 0.3))
    draw = ImageDraw.Draw(image)
    draw.ellipse((30, 30, 370, 370), fill=_colour(rng.random(), 0.45, 0.5))
    draw.text((200, 200), _initials(names), font=_font(150), fill=(255, 255, 255), anchor="mm")
    return _jpeg(image)


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=88)
    return out.getvalue()


def build_demo_photos(limit: int | None = None) -> int:
    """Pictures for the first ``limit`` institutions (``settings.MEDHUB_DEMO_PHOTOS``, else
    DEMO_PHOTO_INSTITUTIONS), one of their offerings and one doctor each."""
    if limit is None:
        limit = getattr(settings, "MEDHUB_DEMO_PHOTOS", DEMO_PHOTO_INSTITUTIONS)
    made = 0
    institutions = Organization.objects.filter(kind=Organization.Kind.INSTITUTION).order_by("id")[:limit]
    for org in institutions:
        upload = SimpleUploadedFile(f"{org.slug}.jpg", building_picture(org.id, org.name), content_type="image/jpeg")
        services.photo_add(target=org, upload=upload, alt=_alt(ALT_BUILDING, org.name))
        made += 1
        offering = Offering.objects.filter(organization=org).order_by("id").first()
        if offering is not None:
            upload = SimpleUploadedFile(f"{offering.slug}.jpg", pattern_picture(offering.id), content_type="image/jpeg")
            services.photo_add(target=offering, upload=upload, alt=_alt(ALT_PATTERN, offering.name))
            made += 1
        doctor = Practitioner.objects.filter(organization=org).order_by("id").first()
        if doctor is not None:
            upload = SimpleUploadedFile(
                f"doctor-{doctor.id}.jpg", badge_picture(doctor.id, doctor.name), content_type="image/jpeg"
            )
            services.photo_add(target=doctor, upload=upload, alt=_alt(ALT_BADGE, doctor.name))
            made += 1
    return made


def clear_demo_photos() -> None:
    """Removes every photo and its files (the demo is rebuilt from nothing)."""
    for photo in Photo.objects.all():
        photos.delete_copies(photo.key, photo.sizes)
        if photo.original.name:
            photo.original.storage.delete(photo.original.name)
    Photo.objects.all().delete()
