"""A province's own legal documents (rules/provinces/<today's province>.yaml), picked by the plan's province:
by today's name, else by a former name (provinces merged on 1 July 2025)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pipeline.analyse.admin_units import key
from pipeline.core import yaml_io
from pipeline.core.bundled import RULES_DIR
from pipeline.core.errors import RulesError

PROVINCES_DIR = RULES_DIR / "provinces"


@dataclass
class ProvinceKB:
    """A province's own legal documents (rules/provinces/<today's province>.yaml)."""

    province: str  # today's province, "Hải Phòng"
    former_provinces: list[str]  # provinces merged into it on 1 July 2025 (itself included if it kept its name)
    path: Path
    entries: list[dict[str, Any]]


def province_kbs(folder: Path | None = None) -> list[ProvinceKB]:
    """Every province knowledge base of a folder; each file names its ``province`` and ``former_provinces``."""
    out = []
    for path in sorted(Path(folder or PROVINCES_DIR).glob("*.yaml")):
        try:
            data = yaml_io.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise RulesError(f"{path}: invalid YAML: {exc}") from exc
        if not isinstance(data, dict) or not data.get("province"):
            raise RulesError(f"{path}: a province knowledge base names its 'province:' (today's name)")
        entries = list(data.get("legal_bases") or [])
        if any(not isinstance(e, dict) or not e.get("key") for e in entries):
            raise RulesError(f"{path}: every legal_bases entry needs a 'key'")
        out.append(ProvinceKB(str(data["province"]), [str(p) for p in data.get("former_provinces") or []],
                              path, entries))
    return out


def province_kb_for(province: str, former_province: str = "", folder: Path | None = None) -> ProvinceKB | None:
    """The knowledge base of a plan's province: by today's name, else by the former name the plan uses."""
    if not province and not former_province:
        return None
    kbs = province_kbs(folder)
    for kb in kbs:
        if province and key(kb.province) == key(province):
            return kb
    wanted = {key(n) for n in (former_province, province) if n}
    return next((kb for kb in kbs if wanted & {key(n) for n in kb.former_provinces}), None)
