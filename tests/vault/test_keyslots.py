"""Keyslots: wrapping, binding of parameters, atomic rewrite of one slot only."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from socialdesk.vault.kdf import KdfParams, calibrate
from socialdesk.vault.keyslots import KeysFileError, Keyslots, SlotUnwrapError
from socialdesk.vault.recovery import format_recovery_key, new_recovery_key, parse_recovery_key
from tests.conftest import CHEAP_KDF


def _slots_with_passphrase(key: bytes) -> Keyslots:
    slots = Keyslots.new()
    slots.set_passphrase(key, "a long passphrase", CHEAP_KDF)
    return slots


def test_passphrase_slot_round_trip_and_wrong_passphrase_refused() -> None:
    key = os.urandom(32)
    slots = _slots_with_passphrase(key)
    assert slots.unwrap_passphrase("a long passphrase") == key
    with pytest.raises(SlotUnwrapError):
        slots.unwrap_passphrase("a long passphrasE")


def test_slot_parameters_are_bound_to_the_ciphertext(tmp_path: Path) -> None:
    key = os.urandom(32)
    slots = _slots_with_passphrase(key)
    slots.save(tmp_path / "v.keys")
    data = json.loads((tmp_path / "v.keys").read_text())
    data["slots"][0]["kdf"]["time_cost"] = 2  # an attacker lowering the cost
    (tmp_path / "v.keys").write_text(json.dumps(data))
    with pytest.raises(SlotUnwrapError):
        Keyslots.load(tmp_path / "v.keys").unwrap_passphrase("a long passphrase")


def test_a_slot_moved_to_another_vault_does_not_open() -> None:
    key = os.urandom(32)
    slots = _slots_with_passphrase(key)
    other = Keyslots.new()
    other.slots = slots.slots
    with pytest.raises(SlotUnwrapError):
        other.unwrap_passphrase("a long passphrase")


def test_changing_the_passphrase_leaves_other_slots_byte_identical(tmp_path: Path) -> None:
    key = os.urandom(32)
    slots = _slots_with_passphrase(key)
    slots.set_recovery(key, new_recovery_key())
    recovery_before = json.dumps(slots.slots_of("recovery"))
    slots.set_passphrase(key, "another long passphrase", CHEAP_KDF)
    assert json.dumps(slots.slots_of("recovery")) == recovery_before
    assert len(slots.slots_of("passphrase")) == 1
    with pytest.raises(SlotUnwrapError):
        slots.unwrap_passphrase("a long passphrase")


def test_keys_file_is_private_and_malformed_files_are_rejected(tmp_path: Path) -> None:
    slots = _slots_with_passphrase(os.urandom(32))
    path = tmp_path / "v.keys"
    slots.save(path)
    assert (path.stat().st_mode & 0o777) == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    path.write_text("{not json")
    with pytest.raises(KeysFileError):
        Keyslots.load(path)
    path.write_text(json.dumps({"format": "other", "version": 1}))
    with pytest.raises(KeysFileError):
        Keyslots.load(path)


def test_recovery_key_format_is_13_groups_and_parsing_is_forgiving() -> None:
    raw = new_recovery_key()
    text = format_recovery_key(raw)
    groups = text.split("-")
    assert len(groups) == 13 and all(len(g) == 4 for g in groups)
    assert parse_recovery_key(text.lower().replace("-", " ")) == raw
    with pytest.raises(ValueError):
        parse_recovery_key(text[:-4])
    with pytest.raises(ValueError):
        parse_recovery_key("not a key at all")


def test_calibration_never_goes_below_the_floor() -> None:
    params = calibrate(target_seconds=0.01)
    assert params.time_cost >= 3 and params.memory_kib >= 64 * 1024 and params.parallelism >= 4


def test_kdf_parameters_out_of_range_are_refused() -> None:
    with pytest.raises(ValueError):
        KdfParams.from_json({"time_cost": 1, "memory_kib": 10**9, "parallelism": 1})
