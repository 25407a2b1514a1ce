"""The interpreter registry, its admin, and the demo data."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from medhub.accounts.models import Role, User
from medhub.core.i18n import languages_to_db
from medhub.demo.interpreting import build_demo_interpreting
from medhub.interpreting.models import Availability, Interpreter, SubsidyProgram
from tests.cases.conftest import make_user

pytestmark = pytest.mark.django_db


def test_an_interpreter_needs_the_interpreter_role(db):
    plain = make_user("not-an-interpreter", Role.COORDINATOR)
    with pytest.raises(ValidationError) as error:
        Interpreter(user=plain, display_name="X", languages=languages_to_db(["ru"])).full_clean()
    assert "user" in error.value.message_dict
    user = make_user("real-interpreter", Role.INTERPRETER)
    interpreter = Interpreter(user=user, display_name="Real", languages=languages_to_db(["ru", "ko", "xx"]))
    interpreter.full_clean()
    interpreter.save()
    assert interpreter.language_codes == ["ko", "ru"] and interpreter.serves("ru") and not interpreter.serves("ja")


def test_the_admin_shows_every_interpreting_model(admin_client_with_mfa, interpreter):
    for model in ("interpreter", "certification", "availability", "interpreterbooking", "subsidyprogram", "subsidyclaim"):
        assert admin_client_with_mfa.get(f"/en/admin/interpreting/{model}/").status_code == 200, model
    assert admin_client_with_mfa.get(f"/en/admin/interpreting/interpreter/{interpreter.id}/change/").status_code == 200
    assert admin_client_with_mfa.get("/en/admin/interpreting/subsidyprogram/add/").status_code == 200


def test_the_admin_sets_up_a_program_and_keeps_what_remains(admin_client_with_mfa, directory):
    data = {
        "year": "2031",
        "name": "Admin program",
        "total_budget_krw": "1000000",
        "cap_per_case_krw": "200000",
        "cap_per_hour_krw": "30000",
        "counts_consultation": "on",
        "institutions": [str(directory["derm"].id)],
    }
    assert admin_client_with_mfa.post("/en/admin/interpreting/subsidyprogram/add/", data).status_code == 302
    program = SubsidyProgram.objects.get(year=2031)
    assert program.remaining_krw == 1_000_000 and list(program.institutions.all()) == [directory["derm"]]
    nobody = {**data, "year": "2032", "institutions": []}
    assert admin_client_with_mfa.post("/en/admin/interpreting/subsidyprogram/add/", nobody).status_code == 200  # form errors
    assert not SubsidyProgram.objects.filter(year=2032).exists()


@pytest.fixture
def admin_client_with_mfa(client, admin_user):
    client.force_login(admin_user)
    return client


def test_demo_interpreters_and_program(db):
    user = make_user("interpreter", Role.INTERPRETER)
    user.preferred_language = "ru"
    user.save()
    build_demo_interpreting(interpreter_user=user)
    build_demo_interpreting(interpreter_user=user)  # running the demo twice changes nothing
    assert Interpreter.objects.count() == 5
    olga = Interpreter.objects.get(user=user)
    assert olga.serves("ru") and olga.certifications.exists() and olga.display_name
    served = {code for i in Interpreter.objects.all() for code in i.language_codes}
    assert {"ru", "zh-hans", "ja", "en", "ar", "mn", "vi", "th"} <= served
    for interpreter in Interpreter.objects.exclude(user=user).select_related("user"):
        assert not interpreter.user.has_usable_password()
        assert Role.INTERPRETER in {m.role for m in interpreter.user.memberships.all()}
    assert Availability.objects.filter(interpreter=olga).count() >= 50
    latest = Availability.objects.filter(interpreter=olga).order_by("-ends_at").first()
    assert (latest.ends_at.date() - timezone.localdate()).days >= 55
    program = SubsidyProgram.objects.get(year=timezone.localdate().year)
    assert program.total_budget_krw == program.remaining_krw == 30_000_000
    assert (program.cap_per_case_krw, program.cap_per_hour_krw) == (500_000, 40_000)
    assert program.counts_consultation and program.counts_surgery and not program.counts_teleconsult
    assert program.all_institutions
    assert User.objects.filter(username__startswith="interpreter-").count() == 4
