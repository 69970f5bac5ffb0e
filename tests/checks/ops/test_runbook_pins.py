"""Pins for ops.runbook: where each missing piece is reported (the main runbook, the incident section's
line), the fallback to a section that only mentions the word, and the summaries of a pass and a warning."""

from __future__ import annotations

from pathlib import Path

from launchready.lab.gitrepo import Commit
from launchready.model import Result, Status
from tests.checks.ops.fixtures import APP, GOOD_RUNBOOK
from tests.checks.repo.helpers import run_check

OWNER = "- Owner: Dana Smith (dana@acme.test)\n"
RESPONSE = "Response time: acknowledge within 15 minutes.\n"
NO_OWNER = "no named incident owner (a line such as 'Owner: Dana Smith')"


def _runbook(tmp_path: Path, **files: str) -> Result:
    docs = {path.replace("__", "/").replace("_md", ".md"): text for path, text in files.items()}
    result, _ = run_check(tmp_path, "ops.runbook", [Commit("init", {"app.py": APP, **docs})])
    return result


def _items(result: Result) -> list[tuple[Status, str, str, str]]:
    return [(e.status, e.message, e.location, e.detail) for e in result.evidence]


def test_a_complete_runbook_passes_with_a_summary_naming_owner_and_providers(tmp_path: Path) -> None:
    result = _runbook(tmp_path, RUNBOOK_md=GOOD_RUNBOOK)
    assert (result.status, _items(result)) == (Status.PASS, [])
    assert result.summary == ("RUNBOOK.md: owner Dana Smith (dana@acme.test), response time, rollback, rotation for "
                              "OpenAI, Stripe, contacts")


def test_an_incident_section_titled_otherwise_is_found_by_mentioning_the_word(tmp_path: Path) -> None:
    text = GOOD_RUNBOOK.replace("## Incident response", "## First hour").replace(
        "Response time:", "When an incident is declared. Response time:")
    result = _runbook(tmp_path, RUNBOOK_md=text)
    assert (result.status, _items(result)) == (Status.PASS, [])


def test_a_missing_piece_is_reported_at_the_first_runbook_found(tmp_path: Path) -> None:
    no_rotation = GOOD_RUNBOOK.split("## Key rotation")[0] + "## On-call contacts" + \
        GOOD_RUNBOOK.split("## On-call contacts")[1]
    result = _runbook(tmp_path, RUNBOOK_md=no_rotation, docs__runbook_md="# Ops\nNothing yet.\n")
    assert _items(result) == [(Status.FAIL, "no key-rotation section", "RUNBOOK.md", "providers in use: OpenAI, Stripe")]
    assert result.summary == "RUNBOOK.md is missing what a new owner needs"


def test_a_missing_owner_is_reported_at_the_incident_section_when_there_is_one(tmp_path: Path) -> None:
    result = _runbook(tmp_path, RUNBOOK_md=GOOD_RUNBOOK.replace(OWNER, "- see below\n"))
    assert _items(result) == [(Status.FAIL, NO_OWNER, "RUNBOOK.md:6", "")]
    assert result.status is Status.FAIL


def test_without_an_incident_section_a_missing_owner_is_reported_at_the_runbook(tmp_path: Path) -> None:
    text = GOOD_RUNBOOK.replace(OWNER, "- see below\n").replace("## Incident response", "## Notes") \
        .replace(RESPONSE, "").replace("Acknowledge the page", "Look")
    result = _runbook(tmp_path, RUNBOOK_md=text)
    assert _items(result) == [(Status.FAIL, "no incident-response section", "RUNBOOK.md", ""),
                              (Status.FAIL, NO_OWNER, "RUNBOOK.md", "")]


def test_an_incident_section_without_a_response_time_fails_at_its_line(tmp_path: Path) -> None:
    result = _runbook(tmp_path, RUNBOOK_md=GOOD_RUNBOOK.replace(RESPONSE, ""))
    assert _items(result) == [
        (Status.FAIL, "the incident section states no response time (e.g. '15 minutes')", "RUNBOOK.md:6", "")]


def test_a_provider_without_rotation_steps_fails_at_the_rotation_section(tmp_path: Path) -> None:
    result = _runbook(tmp_path, RUNBOOK_md=GOOD_RUNBOOK.replace(
        "### Stripe\nRoll the key in the dashboard, deploy.\n", ""))
    assert _items(result) == [(Status.FAIL, "no rotation steps for Stripe (used in app.py)", "RUNBOOK.md:15", "")]


def test_a_contact_in_a_linked_document_passes_naming_the_first_linked_one(tmp_path: Path) -> None:
    text = GOOD_RUNBOOK.replace("- Primary: Dana Smith, dana@acme.test, +44 20 7946 0000\n",
                                "- see [security](SECURITY.md) and [team](TEAM.md)\n")
    result = _runbook(tmp_path, RUNBOOK_md=text, SECURITY_md="Report to security@acme.test\n",
                      TEAM_md="ops@acme.test\n")
    assert _items(result) == [
        (Status.PASS, "contact: an e-mail address in SECURITY.md, which the runbook links to", "SECURITY.md", "")]
    assert result.status is Status.PASS


def test_a_placeholder_alone_is_a_warning_with_its_own_summary(tmp_path: Path) -> None:
    result = _runbook(tmp_path, RUNBOOK_md=GOOD_RUNBOOK.replace("Create a new key", "TODO: create a new key"))
    assert _items(result) == [(Status.WARN, "placeholder left in 'OpenAI': TODO", "RUNBOOK.md:16", "")]
    assert (result.status, result.summary) == (Status.WARN, "RUNBOOK.md still has placeholders")


def test_a_response_time_in_one_of_two_incident_sections_is_enough(tmp_path: Path) -> None:
    text = GOOD_RUNBOOK + "\n## Outage notes\nPast outages and what we learned.\n"
    result = _runbook(tmp_path, RUNBOOK_md=text)
    assert (result.status, _items(result)) == (Status.PASS, [])


def test_rollback_steps_in_one_of_two_rollback_sections_are_enough(tmp_path: Path) -> None:
    text = GOOD_RUNBOOK + "\n## Revert history\nNone yet.\n"
    result = _runbook(tmp_path, RUNBOOK_md=text)
    assert (result.status, _items(result)) == (Status.PASS, [])


def test_with_two_incident_sections_the_missing_owner_and_response_time_name_the_first(tmp_path: Path) -> None:
    text = GOOD_RUNBOOK.replace(OWNER, "- see below\n").replace(RESPONSE, "") + \
        "\n## Outage playbook\nPage the team, then post on the status page.\n"
    result = _runbook(tmp_path, RUNBOOK_md=text)
    assert _items(result) == [
        (Status.FAIL, NO_OWNER, "RUNBOOK.md:6", ""),
        (Status.FAIL, "the incident section states no response time (e.g. '15 minutes')", "RUNBOOK.md:6", ""),
    ]


def test_with_two_rotation_sections_a_provider_without_steps_is_reported_at_the_first(tmp_path: Path) -> None:
    text = GOOD_RUNBOOK.replace("### Stripe\nRoll the key in the dashboard, deploy.\n", "") + \
        "\n## Rotating database passwords\nUse the console.\n"
    result = _runbook(tmp_path, RUNBOOK_md=text)
    assert [(e.status, e.message.split(" (")[0], e.location) for e in result.evidence] == [
        (Status.FAIL, "no rotation steps for Stripe", "RUNBOOK.md:15")]


def test_with_incident_sections_in_two_files_the_missing_owner_names_the_first_file(tmp_path: Path) -> None:
    outage = "# Outages\n\n## Outage playbook\nPage the team within 15 minutes, then post on the status page.\n"
    result = _runbook(tmp_path, RUNBOOK_md=GOOD_RUNBOOK.replace(OWNER, "- see below\n"), docs__playbook_md=outage)
    assert _items(result) == [(Status.FAIL, NO_OWNER, "RUNBOOK.md:6", "")]


def test_one_contact_section_with_a_contact_is_enough_when_another_has_none(tmp_path: Path) -> None:
    text = GOOD_RUNBOOK + "\n## Escalation path\nAsk in the team channel first, then page.\n"
    result = _runbook(tmp_path, RUNBOOK_md=text)
    assert (result.status, _items(result)) == (Status.PASS, [])


SKILL_RUNBOOK = """# Runbook — exact commands for the release phases

## Version images via CI

```bash
gh workflow run build-and-release.yml --ref main
gh run watch <run-id> --exit-status
```
"""


def test_a_coding_agents_skill_or_rules_folder_is_not_the_products_runbook(tmp_path: Path) -> None:
    skill = _runbook(tmp_path / "a", **{
        ".agents/skills/release/SKILL.md": "---\nname: release\n---\n", ".agents/skills/release/runbook.md": SKILL_RUNBOOK,
        "tools/skills/deploy/SKILL.md": "---\nname: deploy\n---\n", "tools/skills/deploy/ops/runbook.md": SKILL_RUNBOOK,
        ".claude/commands/runbook.md": SKILL_RUNBOOK})
    assert (skill.summary, _items(skill)) == ("no runbook in the repository", [(
        Status.FAIL, "no RUNBOOK.md / docs/runbook.md / OPERATIONS.md / incident-response.md is tracked",
        "(repository)", "`launchready handover` writes one pre-filled from the last scan")])
    # The same file as the product's own docs/runbook.md is judged as the runbook.
    docs = _runbook(tmp_path / "b", docs__runbook_md=SKILL_RUNBOOK)
    assert (Status.FAIL, "no incident-response section", "docs/runbook.md", "") in _items(docs)


def test_the_runbook_covering_most_is_the_main_one_not_the_first_in_path_order(tmp_path: Path) -> None:
    no_rotation = GOOD_RUNBOOK.split("## Key rotation")[0] + "## On-call contacts" + \
        GOOD_RUNBOOK.split("## On-call contacts")[1]
    result = _runbook(tmp_path, docs__operations_md="# Operations\nStart it with `make up`.\n", runbook_md=no_rotation)
    assert _items(result) == [(Status.FAIL, "no key-rotation section", "runbook.md", "providers in use: OpenAI, Stripe")]


def test_a_slot_in_a_command_is_a_parameter_but_one_in_prose_or_a_todo_in_code_is_left(tmp_path: Path) -> None:
    command = ("1. Run `fly releases rollback`.\n```bash\nfly releases rollback <version> --app acme\n```\n"
               "Check `https://<host>/health`.\n")
    ok = _runbook(tmp_path / "a", RUNBOOK_md=GOOD_RUNBOOK.replace("1. Run `fly releases rollback`.\n", command))
    assert (ok.status, _items(ok)) == (Status.PASS, [])
    prose = _runbook(tmp_path / "b", RUNBOOK_md=GOOD_RUNBOOK.replace("1. Run `fly releases rollback`.\n", command)
                     .replace("Roll the key in the dashboard", "Roll the key in <dashboard URL>"))
    assert _items(prose) == [(Status.WARN, "placeholder left in 'Stripe': <dashboard URL>", "RUNBOOK.md:22", "")]
    todo = _runbook(tmp_path / "c", RUNBOOK_md=GOOD_RUNBOOK.replace(
        "1. Run `fly releases rollback`.\n", "```bash\nfly releases rollback  # TODO: which app?\n```\n"))
    assert _items(todo) == [(Status.WARN, "placeholder left in 'Failed deploy / rollback': TODO", "RUNBOOK.md:10", "")]
