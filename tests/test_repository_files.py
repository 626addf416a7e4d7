"""The repository's own files: CI workflows, issue forms, code owners, hooks, and the offline side of the link check."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from edition import config


def _standalone(path: Path):
    """scripts/check_links.py runs on its own (standard library + PyYAML), outside the edition package."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"
check_links = _standalone(ROOT / "scripts" / "check_links.py")
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
ISSUE_FORMS = sorted((GITHUB / "ISSUE_TEMPLATE").glob("*.yml"))


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name} is not a YAML mapping"
    return data


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the key `on` as True.
    on = workflow.get("on", workflow.get(True))
    return on if isinstance(on, dict) else {name: None for name in ([on] if isinstance(on, str) else on)}


def test_the_expected_files_exist():
    assert {p.name for p in WORKFLOWS} >= {"test.yml", "deploy.yml", "links.yml"}
    assert {p.name for p in ISSUE_FORMS} >= {"report-an-error.yml", "suggest-a-note.yml", "config.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_parse_and_default_to_read_only(path):
    workflow = load(path)
    assert triggers(workflow) and workflow["jobs"]
    assert workflow["permissions"] == {"contents": "read"}
    assert "pull_request_target" not in triggers(workflow)
    for job in workflow["jobs"].values():
        for step in job.get("steps", []):
            if "uses" in step:
                assert "@" in step["uses"], f"{step['uses']} is not pinned"
        container = job.get("container")
        if container:  # a tag moves with every rebuild of the image; a digest names one image
            image = container["image"] if isinstance(container, dict) else container
            assert re.search(r"@sha256:[0-9a-f]{64}$", image), f"{path.name}: {image} is not pinned by digest"


@pytest.mark.parametrize("path", [p for p in ISSUE_FORMS if p.name != "config.yml"], ids=lambda p: p.name)
def test_issue_forms_parse(path):
    form = load(path)
    assert form["name"] and form["description"] and form["labels"]
    ids = [field["id"] for field in form["body"] if field["type"] != "markdown"]
    assert ids and len(ids) == len(set(ids))
    for field in form["body"]:
        assert field["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
        assert field["attributes"]


def test_issue_chooser_offers_the_contact_address_to_people_without_an_account():
    contact = config.read(ROOT).options.contact
    assert contact
    links = load(GITHUB / "ISSUE_TEMPLATE" / "config.yml")["contact_links"]
    assert f"mailto:{contact}" in [link["url"] for link in links]


def test_tests_run_on_pull_requests_with_read_only_permissions():
    workflow = load(GITHUB / "workflows" / "test.yml")
    on = triggers(workflow)
    assert "pull_request" in on and "pull_request_target" not in on
    assert on["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in workflow["jobs"].values())
    assert any("bash .ci/run" in step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"])


def test_only_the_deploy_job_can_write():
    workflow = load(GITHUB / "workflows" / "deploy.yml")
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["group"]
    jobs = workflow["jobs"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert all("permissions" not in job for name, job in jobs.items() if name != "deploy")
    steps = [step.get("run", "") for job in jobs.values() for step in job["steps"]]
    assert any(run.startswith("scripts/build") for run in steps)  # the strict build, every note checked first


def test_links_are_checked_on_a_schedule():
    workflow = load(GITHUB / "workflows" / "links.yml")
    on = triggers(workflow)
    assert on["schedule"][0]["cron"] and "workflow_dispatch" in on
    assert workflow["permissions"] == {"contents": "read"}


def test_codeowners_needs_editors_for_notes():
    rules = [line.split() for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    owners = {rule[0]: rule[1:] for rule in rules}
    assert owners["/annotations/"] == ["@annotated-editions/editors"]
    assert owners["/docs/"] == ["@annotated-editions/editors"]
    assert owners["*"] == ["@annotated-editions/maintainers"]


def test_gitattributes_sets_lf():
    lines = (ROOT / ".gitattributes").read_text(encoding="utf-8").splitlines()
    assert "* text=auto eol=lf" in lines
    assert any(line.split()[:2] == ["*.png", "binary"] for line in lines if line.strip())


def test_pre_commit_runs_the_check():
    config = load(ROOT / ".pre-commit-config.yaml")
    hooks = [hook for repo in config["repos"] if repo["repo"] == "local" for hook in repo["hooks"]]
    hook = next(hook for hook in hooks if hook["entry"] == "scripts/check")
    assert hook["language"] == "system" and hook["pass_filenames"] is False
    assert "annotations" in hook["files"] and "docs" in hook["files"]


def source_urls(root: Path) -> set[str]:
    """Every sources[].url and archive_url of the notes, read independently of the script."""
    urls = set()
    for path in (root / "annotations").rglob("*.md"):
        head = path.read_text(encoding="utf-8").split("\n---", 1)[0].removeprefix("---\n")
        for source in (yaml.safe_load(head) or {}).get("sources") or []:
            urls.update(source[key] for key in ("url", "archive_url") if source.get(key))
    return urls


def test_link_check_dry_run_lists_every_source_url():
    expected = source_urls(ROOT)
    assert len(expected) > 10
    result = subprocess.run([sys.executable, "scripts/check_links.py", "--dry-run"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    listed = result.stdout.splitlines()
    assert set(listed) == expected
    assert len(listed) == len(expected)  # each URL once


def test_link_check_collects_archive_links_without_the_network(tmp_path, monkeypatch):
    folder = tmp_path / "annotations" / "an-article"
    folder.mkdir(parents=True)
    (folder / "a-note.md").write_text(
        '---\nquote: "x"\nsources:\n  - url: "https://example.org/a"\n'
        '    archive_url: "https://web.archive.org/web/2022/https://example.org/a"\n---\nText.\n',
        encoding="utf-8",
    )
    (tmp_path / "annotations" / "README.md").write_text("No front matter here.\n", encoding="utf-8")
    monkeypatch.setattr(check_links, "probe", lambda url: pytest.fail("the dry run made a request"))
    links = check_links.collect(tmp_path)
    assert [(link.url, link.archive_url, link.is_archive) for link in links] == [
        ("https://example.org/a", "https://web.archive.org/web/2022/https://example.org/a", False),
        ("https://web.archive.org/web/2022/https://example.org/a", None, True),
    ]
    assert check_links.main(["--dry-run", "--root", str(tmp_path)]) == 0
