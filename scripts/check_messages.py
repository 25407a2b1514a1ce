"""Checks that every supported language's catalog is complete, and compiles them.

Fails on an untranslated or fuzzy entry and on a translation whose placeholders differ from
its source (a missing %(name)s would break the page at run time). English is the source
language: its catalog is filled with the source text. With --compile, writes the .mo files
(polib, so no GNU gettext is needed on the machine that runs medhub).
"""

import argparse
import re
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "src" / "medhub" / "locale"
LANGUAGES = ["ko", "en", "zh_Hans", "ja", "ru", "mn", "kk", "vi", "th", "ar"]
# Vendor libraries that ship no catalog in some of medhub's languages (django-allauth: kk, vi;
# django-celery-beat: ja, mn, kk, vi, th, ar): medhub carries their strings here, one catalog
# per language, and every catalog present is checked and compiled.
VENDOR = ROOT / "src" / "medhub" / "locale_vendor"
VENDOR_LANGUAGES = sorted(path.parent.parent.name for path in VENDOR.glob("*/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]|\{\{ *\w+ *\}\}")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def check(compile_mo: bool) -> int:
    problems: list[str] = []
    catalogs = [(lang, LOCALE / lang / "LC_MESSAGES" / "django.po") for lang in LANGUAGES]
    catalogs += [(f"vendor-{lang}", VENDOR / lang / "LC_MESSAGES" / "django.po") for lang in VENDOR_LANGUAGES]
    for lang, path in catalogs:
        if not path.exists():
            problems.append(f"{lang}: no catalog at {path.relative_to(ROOT)}")
            continue
        catalog = polib.pofile(str(path), wrapwidth=0)
        changed = False
        for entry in catalog:
            if entry.obsolete:
                continue
            if lang == "en" and not entry.translated():
                entry.msgstr = entry.msgid
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                    entry.msgstr = ""
                changed = True
            if "fuzzy" in entry.flags:
                problems.append(f"{lang}: fuzzy: {entry.msgid!r}")
            elif not entry.translated():
                problems.append(f"{lang}: untranslated: {entry.msgid!r}")
            else:
                translations = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
                source = placeholders(entry.msgid_plural or entry.msgid)
                for text in translations:
                    got = placeholders(text)
                    # A language with one plural form may leave the count out of the text.
                    if got != source and not (entry.msgid_plural and set(got) <= set(source)):
                        problems.append(f"{lang}: placeholders differ in {entry.msgid!r}: {got} vs {source}")
        if changed:
            catalog.save(str(path))
        if compile_mo:
            catalog.save_as_mofile(str(path.with_suffix(".mo")))
    for problem in problems:
        print(problem)
    print(f"{len(catalogs)} catalogs checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--compile", action="store_true", help="write the .mo files")
    sys.exit(check(parser.parse_args().compile))
