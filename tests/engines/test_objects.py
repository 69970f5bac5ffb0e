"""engines/objects.py: records, keys, owners, markers, rights-granting fields and bodies, one rule at a time."""

from __future__ import annotations

from launchready.engines.inventory import ApiRoute, Parameter
from launchready.engines.objects import (
    Facts,
    body_for,
    fits,
    is_flag,
    is_password,
    key_of,
    markers,
    owned_by,
    raised_values,
    records,
    subject,
)

ORDER_ID = Parameter("order_id", "path", "integer", True)
BOOK_TITLE = Parameter("book_title", "path", "string", True)
USERNAME = Parameter("username", "path", "string", True)
DOC_UUID = Parameter("doc_id", "path", "string", True, "uuid")


def test_records_come_from_a_bare_list_a_usual_wrapper_or_any_key_holding_objects() -> None:
    assert records([{"id": 1}, "x"]) == [{"id": 1}]
    assert records({"data": [{"id": 2}], "meta": {"n": 1}}) == [{"id": 2}]
    assert records({"Books": [{"book_title": "b1", "user": "name1"}]}) == [{"book_title": "b1", "user": "name1"}]
    assert records({"tags": ["a", "b"]}) == []


def test_subject_unwraps_a_status_envelope_and_keeps_its_scalars() -> None:
    answer = {"status": "success", "data": {"username": "lr-alice", "admin": False}}
    assert subject(answer) == {"status": "success", "username": "lr-alice", "admin": False}
    assert subject({"id": 7}) == {"id": 7}


def test_an_integer_id_keys_an_order_and_a_title_keys_a_book() -> None:
    assert key_of({"id": 17, "user_id": 3}, ORDER_ID) == ("id", "17")
    assert key_of({"book_title": "bookTitle16", "user": "name1"}, BOOK_TITLE) == ("book_title", "bookTitle16")
    assert key_of({"title": "my-notes"}, BOOK_TITLE) == ("title", "my-notes")
    assert key_of({"username": "lr-bob", "email": "b@x.test"}, USERNAME) == ("username", "lr-bob")


def test_a_value_that_does_not_fit_the_declared_type_is_no_key() -> None:
    assert key_of({"id": "abc"}, ORDER_ID) is None
    assert key_of({"id": "7d9e1c1a-3b5e-4a1f-9f3c-2d2b8e1f0a11"}, DOC_UUID) == (
        "id", "7d9e1c1a-3b5e-4a1f-9f3c-2d2b8e1f0a11")
    assert key_of({"id": "17"}, DOC_UUID) is None
    assert not fits("a/b", None)


def test_owner_fields_decide_whose_record_it_is_and_silence_is_undecided() -> None:
    alice = Facts()
    alice.learn({"id": 4, "username": "lr-alice", "tenant_id": 1})
    assert owned_by({"book_title": "b", "user": "lr-alice"}, alice) is True
    assert owned_by({"book_title": "b", "user": "name1"}, alice) is False
    assert owned_by({"id": 9, "tenant_id": 1}, alice) is True
    assert owned_by({"id": 9, "tenant_id": 2}, alice) is False
    assert owned_by({"id": 9, "title": "x"}, alice) is None
    by_name = Facts()
    by_name.learn({"username": "lr-bob"})  # a profile without its numeric id
    assert owned_by({"id": 3, "user_id": 7}, by_name) is None
    assert owned_by({"id": 3, "user_id": 7, "owner": "lr-alice"}, by_name) is False


def test_markers_keep_what_a_user_wrote_and_leave_out_dates_mime_types_and_statuses() -> None:
    answer = {"id": 5, "title": "Acme launch plan", "content_type": "text/plain", "status": "Preparing-order",
              "created_at": "2026-01-05T09:00:00Z", "delivery_address": "lr-ti-1234-tenant-a", "role": "Customer1"}
    assert markers(answer) == {"Acme launch plan", "lr-ti-1234-tenant-a"}
    assert markers({"book_title": "short"}, key="bookTitle16") == {"bookTitle16"}


def test_fields_named_like_roles_flags_or_scopes_are_rights_granting() -> None:
    assert all(is_flag(n) for n in ("role", "is_admin", "admin", "tenant_id", "owner_id", "verified", "isAdmin"))
    assert not any(is_flag(n) for n in ("first_name", "title", "username", "email"))
    assert is_password("password") and is_password("new_password") and not is_password("secret")


def test_raised_values_are_true_for_a_flag_and_only_known_role_values_never_guesses() -> None:
    assert raised_values("admin", False) == [True]
    assert raised_values("admin", True) == []
    assert raised_values("role", "Customer") == []  # nothing known: nothing sent
    assert raised_values("role", "Customer", known=["Customer", "Employee", "Chef"]) == ["Employee", "Chef"]
    enum = Parameter("role", "body", "string", False, "", ("user", "admin", "viewer"))
    assert raised_values("role", "user", enum) == ["admin", "viewer"]
    assert raised_values("tenant_id", "1", known=["2"]) == []


def test_a_body_from_the_schema_fills_required_fields_by_type_and_never_a_flag() -> None:
    route = ApiRoute("POST", "/orders", (
        Parameter("delivery_address", "body", "string", True), Parameter("phone_number", "body", "string", True),
        Parameter("items", "body", "array"), Parameter("coupon_id", "body", ""), Parameter("note", "body", "string"),
        Parameter("quantity", "body", "integer", True), Parameter("role", "body", "string", True),
        Parameter("contact_email", "body", "string", True)))
    body = body_for(route, "lr-ti-abc")
    assert body["delivery_address"] == "lr-ti-abc" and body["note"] == "lr-ti-abc" and body["quantity"] == 1
    assert body["phone_number"].isdigit() and len(body["phone_number"]) == 9
    assert body["contact_email"] == "lr-ti-abc@example.test"
    assert "role" not in body and "items" not in body and "coupon_id" not in body
    assert body_for(route, "n", overrides={"role": "x"})["role"] == "x"
    assert body_for(route, "lr-ti-abc")["phone_number"] != body_for(route, "lr-ti-abd")["phone_number"]
