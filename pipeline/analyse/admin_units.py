"""Vietnam's administrative units as data: today's 34 provinces and 3,321 communes, and the 2025 old → new mapping.

The data come from the ``vietnam-address-converter`` package (pinned in pyproject.toml; its mapping table
``admin_mapping_old_to_new`` version ``10_25``: 63 former provinces, 696 former districts and 10,147 former
communes, each mapped to today's province and commune). This module only reads that data and indexes it by
name, so a plan can be placed:

* :func:`current_province` — "Hải Dương" (merged on 1 July 2025) → "Hải Phòng"; "Thanh Hóa" → "Thanh Hóa";
* :func:`former_names` — "Hải Phòng" → ["Hải Dương", "Hải Phòng"];
* :func:`district_provinces` — a former district ("huyện Cẩm Giàng") → the province(s) it is part of today;
* :func:`communes_named` — "xã Tân Hòa" → today's communes of that name and their provinces.

Names are compared with :func:`textnorm.fold` (no case, no diacritics, no "tỉnh/thành phố" prefix). Loading the
package's 10 MB data module and indexing it takes ~1.8 s, so the 200 kB index is cached on disk (keyed by the
package's version) under ``$PLANREVIEW_CACHE`` or ``$XDG_CACHE_HOME/planreview`` (~25 ms to read).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.core.textnorm import fold
from pipeline.core.user_cache import cache_root

PACKAGE = "vietnam-address-converter"
MODULE = "vietnam_address_converter"  # its import name
INDEX_FORMAT = 3

_PROVINCE_KIND = {"tinh": "tỉnh", "thanh-pho": "thành phố"}
_WARD_KIND = {"xa": "xã", "phuong": "phường", "dac-khu": "đặc khu", "thi-tran": "thị trấn"}
_PREFIX = re.compile(r"^(tinh|thanh pho|tp\.?|huyen|thi xa|quan|xa|phuong|dac khu|thi tran)\s+")


@dataclass(frozen=True)
class Province:
    name: str  # "Hải Phòng"
    kind: str  # "tỉnh" | "thành phố"
    slug: str  # "hai-phong"

    @property
    def full_name(self) -> str:
        return f"{self.kind} {self.name}"


@dataclass(frozen=True)
class Commune:
    name: str  # "Tân Hòa"
    kind: str  # "xã" | "phường" | "đặc khu"
    province: str  # today's province, "Tây Ninh"


# Names the package spells otherwise: the province called "Thừa Thiên Huế" until it became "thành phố Huế" (2025).
_ALIASES = {"thua thien hue": "hue"}


def key(name: str) -> str:
    """Comparison key of a unit's name: folded, without its kind prefix ("Tỉnh Hải Dương" → "hai duong")."""
    k = fold(name).replace("-", " ")
    k = _PREFIX.sub("", re.sub(r"\s+", " ", k)).strip()
    return _ALIASES.get(k, k)


def _kind_prefix(full_name: str) -> str:
    """"Phường Kim Mã" → "phường"; "Thị Trấn Cẩm Giang" → "thị trấn"."""
    low = full_name.lower()
    return next((k for k in ("đặc khu", "thị trấn", "phường", "xã") if low.startswith(k + " ")), "")


def _cache_path(version: str) -> Path:
    return cache_root() / f"admin-units-{version}-{INDEX_FORMAT}.json"


def _package_version() -> str:
    from importlib import metadata

    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        return ""


def _data_key() -> str:
    """What the disk cache of the index is named by: size and time of the package's data module, found
    without importing the package or importlib.metadata (≈ 20 ms of every run); "" without the package."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(MODULE)
        folder = Path(next(iter(spec.submodule_search_locations or [])))
        stat = (folder / "data.py").stat()
    except (AttributeError, StopIteration, ValueError, OSError):
        return ""
    return f"{stat.st_size}-{int(stat.st_mtime)}"


def _build() -> tuple[dict[str, Any], dict[str, Any]]:
    """The compact indexes, from the package's data (province, district and commune tables, mapping rows):
    the units and provinces (read for every plan), and the former communes (read only to place a commune)."""
    from vietnam_address_converter.data import DEFAULT_DATA as data  # noqa: N811  (10 MB, loaded once)

    new_provinces = {code: p for code, p in data["newProvinces"].items()}
    provinces = {key(p["name"]): [p["name"], _PROVINCE_KIND.get(p["type"], "tỉnh"), p["slug"]]
                 for p in new_provinces.values()}
    former: dict[str, set[str]] = {}
    districts: dict[str, dict[str, set[str]]] = {}
    old_names: dict[str, str] = {}
    old_kinds: dict[str, str] = {}
    for row in data["mapping"]["rows"]:
        old, new = row["old"], row["new"]
        old_province = re.sub(r"^(Tỉnh|Thành [Pp]hố)\s+", "", old["province_name"])
        old_kinds[key(old_province)] = "tỉnh" if old["province_name"].startswith("Tỉnh") else "thành phố"
        new_province = re.sub(r"^(Tỉnh|Thành [Pp]hố)\s+", "", new["province_name"])
        old_names[key(old_province)] = old_province
        former.setdefault(key(old_province), set()).add(new_province)
        district = old.get("district_name") or ""
        if district:
            districts.setdefault(key(district), {}).setdefault(old_province, set()).add(new_province)
    former_communes: dict[str, set[tuple[str, str, str, str]]] = {}
    for row in data["mapping"]["rows"]:
        old, new = row["old"], row["new"]
        if old.get("ward_name") and new.get("ward_name"):
            former_communes.setdefault(key(old["ward_name"]), set()).add((
                _kind_prefix(old["ward_name"]), re.sub(r"^(Tỉnh|Thành [Pp]hố)\s+", "", old["province_name"]),
                new["ward_name"], re.sub(r"^(Tỉnh|Thành [Pp]hố)\s+", "", new["province_name"])))
    communes: dict[str, list[list[str]]] = {}
    for ward in data["newWards"].values():
        province = new_provinces.get(ward.get("parent_code", ""), {}).get("name", "")
        communes.setdefault(key(ward["name"]), []).append(
            [ward["name"], _WARD_KIND.get(ward["type"], ward["type"]), province])
    return {
        "source": f"{PACKAGE} {_package_version()}, mapping {data['mapping']['meta'].get('version', '?')}",
        "provinces": provinces,
        "former": {k: [old_names[k], sorted(v), old_kinds[k]] for k, v in former.items()},
        "districts": {k: {p: sorted(v) for p, v in by_province.items()} for k, by_province in districts.items()},
        "communes": communes,
    }, {"former_communes": {k: sorted(map(list, v)) for k, v in former_communes.items()}}


_EMPTY = ({"source": "", "provinces": {}, "former": {}, "districts": {}, "communes": {}}, {"former_communes": {}})


def _load(part: int) -> dict[str, Any]:
    """Part 0 (units) or 1 (former communes) of the index, from the disk cache or built and cached."""
    version = _data_key()
    if not version:
        return _EMPTY[part]
    paths = [_cache_path(version), _cache_path(version).with_name(f"admin-units-history-{version}-{INDEX_FORMAT}.json")]
    try:
        return json.loads(paths[part].read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    built = _build()
    for path, data in zip(paths, built):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            tmp.replace(path)
        except OSError:  # a read-only cache folder only costs the rebuild next time
            pass
    return built[part]


@lru_cache(maxsize=1)
def _index() -> dict[str, Any]:
    return _load(0)


@lru_cache(maxsize=1)
def _history() -> dict[str, Any]:
    return _load(1)


def available() -> bool:
    """Whether the administrative-unit package is installed."""
    return bool(_index()["provinces"])


def data_source() -> str:
    """Where the data come from, for the memo and README: "vietnam-address-converter 1.0.5, mapping 10_25"."""
    return _index()["source"]


def province(name: str) -> Province | None:
    """Today's province called ``name`` ("Hải Phòng", "TP. Hải Phòng", "tỉnh Thanh Hóa"), or None."""
    entry = _index()["provinces"].get(key(name))
    return Province(*entry) if entry else None


def provinces() -> list[Province]:
    return [Province(*e) for e in _index()["provinces"].values()]


def current_province(name: str) -> Province | None:
    """Today's province for a province name of either era: a former province maps to the one it merged into.

    A former province split between two of today's (none in 2025) gives None rather than a guess.
    """
    found = province(name)
    if found:
        return found
    entry = _index()["former"].get(key(name))
    if entry and len(entry[1]) == 1:
        return province(entry[1][0])
    return None


def is_former_province(name: str) -> bool:
    """True for a province that no longer exists on its own (merged into another on 1 July 2025)."""
    return province(name) is None and key(name) in _index()["former"]


def is_city_province(name: str) -> bool:
    """True for a centrally-governed city of either era ("thành phố Hải Phòng", "thành phố Huế"), False for a
    province ("tỉnh Thanh Hóa") — so "thành phố Thanh Hóa" is the former district-level city."""
    today = province(name)
    if today is not None:
        return today.kind == "thành phố"
    entry = _index()["former"].get(key(name))
    return bool(entry) and entry[2] == "thành phố"


def former_names(today: str) -> list[str]:
    """The former provinces merged into today's province ``today`` (itself included when it kept its name)."""
    target = province(today)
    if target is None:
        return []
    return sorted(old for old, news, _kind in _index()["former"].values() if news == [target.name])


def district_provinces(district: str, former_province: str = "") -> list[str]:
    """Today's province(s) holding the communes of a former district (optionally of a given former province)."""
    by_province: dict[str, list[str]] = _index()["districts"].get(key(district), {})
    if former_province:
        by_province = {p: v for p, v in by_province.items() if key(p) == key(former_province)}
    return sorted({p for news in by_province.values() for p in news})


def communes_named(name: str, kind: str = "") -> list[Commune]:
    """Today's communes (xã, phường, đặc khu) called ``name`` (of ``kind`` if given), across all provinces."""
    found = [Commune(*c) for c in _index()["communes"].get(key(name), [])]
    return [c for c in found if not kind or fold(c.kind) == fold(kind)]


@dataclass(frozen=True)
class FormerCommune:
    kind: str  # "xã" | "phường" | "thị trấn" (before 1 July 2025)
    former_province: str  # "Hải Dương"
    successor: str  # today's commune it is part of, "Xã Cẩm Giàng"
    province: str  # today's province, "Hải Phòng"


def former_communes(name: str, kind: str = "", province: str = "") -> list[FormerCommune]:
    """The communes of before 1 July 2025 called ``name`` (of ``kind``; of ``province``, today's or former, if
    given) and the commune of today each became part of."""
    found = [FormerCommune(*c) for c in _history()["former_communes"].get(key(name), [])]
    if kind:
        found = [c for c in found if fold(c.kind) == fold(kind)]
    if province:
        found = [c for c in found if key(province) in (key(c.province), key(c.former_province))]
    return found
