"""Case actions follow the API's rules for input: an anonymous caller gets 401, and
a body member the action does not take is 422 naming it."""

import pytest

from cases_util import act, assert_error
from test_cases_rules import case_in, w  # noqa: F401 (the fixture)

ANON = [("submit", "draft", {}), ("accept", "submitted", {}), ("close", "replied", {}),
        ("reply", "assigned", {"class": "A", "text": "x"})]


@pytest.mark.parametrize("action,state,body", ANON, ids=[f"{a}-{s}" for a, s, _ in ANON])
def test_anonymous_action_is_401(w, action, state, body):
    cid = case_in(w, state)
    assert_error(act(w.anon, cid, action, body), 401)
    assert w.state(cid, client=w.dc[0] if state == "draft" else None) == state


def test_unknown_body_field_is_422(w):
    cid = case_in(w, "submitted")
    assert_error(act(w.staff, cid, "accept", {"urgent": True}), 422, "urgent")
    assert w.state(cid) == "submitted"
