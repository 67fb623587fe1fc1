"""The files that deploy the project stay true to it: compose commands exist, layers hold, CI runs the tests."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from services.cli import main

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_every_compose_service_that_runs_our_image_runs_an_existing_command():
    services = compose()["services"]
    ours = {name: s for name, s in services.items() if s.get("build") == "."}
    assert ours, "compose must run the project's own processes"
    for name, service in ours.items():
        entry, command = service.get("entrypoint", ["tthc"]), service.get("command", [])
        if entry == ["tthc"]:
            assert command and command[0] in main.commands, f"{name}: tthc has no command {command[:1]}"
        else:
            assert entry[0] == "dramatiq", f"{name}: unexpected entrypoint {entry}"
            module = command[0]
            assert (ROOT / (module.replace(".", "/") + ".py")).exists(), f"{name}: no module {module}"


def test_compose_services_depend_on_healthy_postgres_and_redis():
    services = compose()["services"]
    for name in ("postgres", "redis"):
        assert "healthcheck" in services[name]
    for service in services.values():
        if service.get("build") == ".":
            assert service["environment"]["DATABASE_URL"].startswith("postgresql://")
            assert service["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_env_example_names_every_variable_settings_reads():
    read = set(re.findall(r'env\.get\("([A-Z_]+)"', (ROOT / "services/settings.py").read_text()))
    example = {line.split("=")[0].lstrip("# ") for line in (ROOT / ".env.example").read_text().splitlines()
               if "=" in line}
    assert read <= example, f"missing from .env.example: {sorted(read - example)}"


def test_ci_runs_the_test_command_the_readme_gives():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in readme and "make demo" in readme
    assert re.search(r"^make test$", (ROOT / ".ci/run").read_text(), re.MULTILINE)


def test_import_layers_hold():
    result = subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_domain_imports_only_the_standard_library_and_eventsourcing_domain():
    allowed_third_party = {"eventsourcing.domain"}
    stdlib = set(sys.stdlib_module_names) - {"sqlite3"}
    for path in (ROOT / "domain").glob("*.py"):
        for match in re.finditer(r"^\s*(?:from|import)\s+([\w.]+)", path.read_text(encoding="utf-8"), re.MULTILINE):
            module = match.group(1)
            top = module.split(".")[0]
            assert top in stdlib or top == "domain" or module in allowed_third_party, f"{path.name} imports {module}"


def test_lint_is_clean():
    result = subprocess.run([str(Path(sys.executable).parent / "ruff"), "check", "--quiet", "."], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
