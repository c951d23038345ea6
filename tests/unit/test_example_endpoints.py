"""The example dev stack's SIP endpoint passwords are stack config set with --secret (ciphertext)."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
PROJECT = "plivo-numbers"


def test_every_endpoint_password_of_the_dev_stack_is_encrypted_config() -> None:
    config = yaml.safe_load((ROOT / "Pulumi.dev.yaml").read_text(encoding="utf-8"))["config"]
    endpoints = config[f"{PROJECT}:endpoints"]
    assert endpoints
    for entry in endpoints:
        assert "password" not in entry
        stored = config[f"{PROJECT}:{entry['passwordSecret']}"]
        assert set(stored) == {"secure"}
        assert stored["secure"].startswith("v1:")


def test_the_dev_stack_puts_its_us_sms_number_in_a_declared_powerpack() -> None:
    config = yaml.safe_load((ROOT / "Pulumi.dev.yaml").read_text(encoding="utf-8"))["config"]
    pools = {entry["name"] for entry in config[f"{PROJECT}:powerpacks"]}
    joined = [entry for entry in config[f"{PROJECT}:numbers"] if "pool" in entry]
    assert joined
    assert {entry["pool"] for entry in joined} <= pools
