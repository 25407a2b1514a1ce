"""The six divisions of the council and its committees (the executive, one per division, dispute
mediation), named in every language medhub speaks. The administrator can rename, reorder or
retire them afterwards; running this again changes nothing already there."""

from django.db import migrations

DIVISIONS = [
    (
        "medical",
        {
            "ko": "의료분과",
            "en": "Medical",
            "zh-hans": "医疗分会",
            "ja": "医療分科会",
            "ru": "Медицина",
            "mn": "Эмнэлгийн салбар",
            "kk": "Медицина бөлімі",
            "vi": "Phân ban Y tế",
            "th": "ฝ่ายการแพทย์",
            "ar": "القسم الطبي",
        },
    ),
    (
        "attraction",
        {
            "ko": "유치분과",
            "en": "Patient attraction",
            "zh-hans": "招揽分会",
            "ja": "誘致分科会",
            "ru": "Привлечение пациентов",
            "mn": "Өвчтөн татах салбар",
            "kk": "Пациент тарту бөлімі",
            "vi": "Phân ban Thu hút bệnh nhân",
            "th": "ฝ่ายดึงดูดผู้ป่วย",
            "ar": "قسم استقطاب المرضى",
        },
    ),
    (
        "shopping",
        {
            "ko": "쇼핑분과",
            "en": "Shopping",
            "zh-hans": "购物分会",
            "ja": "ショッピング分科会",
            "ru": "Шопинг",
            "mn": "Худалдааны салбар",
            "kk": "Сауда бөлімі",
            "vi": "Phân ban Mua sắm",
            "th": "ฝ่ายช้อปปิ้ง",
            "ar": "قسم التسوق",
        },
    ),
    (
        "accommodation",
        {
            "ko": "숙박분과",
            "en": "Accommodation",
            "zh-hans": "住宿分会",
            "ja": "宿泊分科会",
            "ru": "Проживание",
            "mn": "Байрны салбар",
            "kk": "Тұру бөлімі",
            "vi": "Phân ban Lưu trú",
            "th": "ฝ่ายที่พัก",
            "ar": "قسم الإقامة",
        },
    ),
    (
        "dining",
        {
            "ko": "외식분과",
            "en": "Dining",
            "zh-hans": "餐饮分会",
            "ja": "外食分科会",
            "ru": "Питание",
            "mn": "Хоолны салбар",
            "kk": "Тамақтану бөлімі",
            "vi": "Phân ban Ẩm thực",
            "th": "ฝ่ายอาหาร",
            "ar": "قسم المطاعم",
        },
    ),
    (
        "social",
        {
            "ko": "사회공헌분과",
            "en": "Social contribution",
            "zh-hans": "社会贡献分会",
            "ja": "社会貢献分科会",
            "ru": "Социальный вклад",
            "mn": "Нийгмийн хувь нэмрийн салбар",
            "kk": "Әлеуметтік үлес бөлімі",
            "vi": "Phân ban Đóng góp xã hội",
            "th": "ฝ่ายกิจกรรมเพื่อสังคม",
            "ar": "قسم المساهمة الاجتماعية",
        },
    ),
]

EXECUTIVE = {
    "ko": "운영위원회",
    "en": "Executive committee",
    "zh-hans": "执行委员会",
    "ja": "運営委員会",
    "ru": "Исполнительный комитет",
    "mn": "Гүйцэтгэх хороо",
    "kk": "Атқарушы комитет",
    "vi": "Ban điều hành",
    "th": "คณะกรรมการบริหาร",
    "ar": "اللجنة التنفيذية",
}
MEDIATION = {
    "ko": "분쟁조정위원회",
    "en": "Dispute mediation committee",
    "zh-hans": "纠纷调解委员会",
    "ja": "紛争調整委員会",
    "ru": "Комитет по урегулированию споров",
    "mn": "Маргаан зохицуулах хороо",
    "kk": "Дауларды реттеу комитеті",
    "vi": "Ủy ban hòa giải tranh chấp",
    "th": "คณะกรรมการไกล่เกลี่ยข้อพิพาท",
    "ar": "لجنة الوساطة في النزاعات",
}
# "<division> committee" in each language.
COMMITTEE_OF = {
    "ko": "{} 위원회",
    "en": "{} committee",
    "zh-hans": "{}委员会",
    "ja": "{}委員会",
    "ru": "Комитет: {}",
    "mn": "{} хороо",
    "kk": "{} комитеті",
    "vi": "Ủy ban {}",
    "th": "คณะกรรมการ{}",
    "ar": "لجنة {}",
}


def seed(apps, schema_editor):
    Division = apps.get_model("council", "Division")
    Committee = apps.get_model("council", "Committee")
    Committee.objects.get_or_create(code="executive", defaults={"name": EXECUTIVE, "kind": "executive", "order": 0})
    for order, (code, name) in enumerate(DIVISIONS, start=1):
        division, _ = Division.objects.get_or_create(code=code, defaults={"name": name, "order": order})
        Committee.objects.get_or_create(
            code=f"division-{code}",
            defaults={
                "name": {language: COMMITTEE_OF[language].format(text) for language, text in name.items()},
                "kind": "division",
                "division": division,
                "order": order,
            },
        )
    Committee.objects.get_or_create(code="mediation", defaults={"name": MEDIATION, "kind": "mediation", "order": 99})


def unseed(apps, schema_editor):
    apps.get_model("council", "Committee").objects.all().delete()
    apps.get_model("council", "Division").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("council", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
