"""A council's project settings: ``planreview.toml`` (or ``.planreview.yaml``) in the working folder.

Like ``.vale.ini`` for Vale, the file holds what a council would otherwise repeat on every command line::

    rules = ["rules", "rules-thanh-lam"]      # rule folders (the bundled rules/ unless given)
    kb = ["samples/kb-thanh-lam.yaml"]        # extra legal-basis files
    corpus = "corpora"                         # or: store = "corpus.sqlite"; corpus = false for none
    disable = ["LEGAL-08"]                     # rules that never run
    min_severity = "low"                       # findings below this level are left out
    reject_words = ["không đồng ý", "bỏ"]     # how an expert's comment rejects a finding (merge)

    [council]                                  # the memo's letterhead and signature (memo.docx)
    parent = "LIÊN HIỆP CÁC HỘI KHOA HỌC VÀ KỸ THUẬT TỈNH THANH LÂM"   # the body above the council
    name = "HỘI ĐỒNG PHẢN BIỆN ĐỀ ÁN CHUYỂN ĐỔI SỐ"
    number = "15/BC-HĐPB"                      # số, ký hiệu of the report
    place = "Thanh Lâm"                        # địa danh before the date
    authority = "TM. HỘI ĐỒNG"                 # quyền hạn of the signatory
    title = "CHỦ TỊCH"                         # chức vụ
    signer = "Nguyễn Văn A"
    recipients = ["UBND huyện Đông Hải", "Các thành viên Hội đồng"]   # Nơi nhận ("Lưu: VT" is added)

    [[accepted]]                               # findings the council accepted: never reported again
    fingerprint = "TASK-03:5d1c0a9e8b7f"
    reason = "Kinh phí do doanh nghiệp viễn thông tự bố trí"
    by = "Hội đồng, phiên họp 12/3"

Relative paths are taken from the file's folder. Command-line flags win: ``--rules``, ``--kb``,
``--corpus``/``--store``/``--no-corpus`` replace the file's values, ``--disable`` adds to its list and
``--min-severity`` replaces its level. ``planreview accept`` appends an ``[[accepted]]`` entry.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.core import yaml_io
from pipeline.core.atomic_io import atomic_write
from pipeline.core.errors import InputError
from pipeline.core.fingerprint import FINGERPRINT_PATTERN
from pipeline.core.model import SEVERITIES

CONFIG_NAMES = ("planreview.toml", ".planreview.toml", ".planreview.yaml", ".planreview.yml")
DEFAULT_REJECT_WORDS = ("không đồng ý", "không chấp nhận", "đề nghị bỏ", "bỏ")
_KEYS = {"rules", "kb", "corpus", "store", "disable", "min_severity", "reject_words", "accepted", "council"}
_COUNCIL_KEYS = ("parent", "name", "number", "place", "authority", "title", "signer", "recipients")


@dataclass
class Council:
    """Who issues and signs the memo (memo.docx letterhead, số/ký hiệu, place, Nơi nhận, signature). Empty
    values are printed as blanks to fill by hand (memo_docx.py)."""
    parent: str = ""
    name: str = ""
    number: str = ""
    place: str = ""
    authority: str = ""
    title: str = ""
    signer: str = ""
    recipients: list[str] = field(default_factory=list)


@dataclass
class AcceptedFinding:
    fingerprint: str
    reason: str = ""
    by: str = ""
    date: str = ""
    title: str = ""  # what the finding said, for people reading the file


@dataclass
class ProjectConfig:
    path: Path | None = None
    rules_dirs: list[Path] = field(default_factory=list)
    kb_files: list[Path] = field(default_factory=list)
    corpus_dir: Path | None = None
    store_path: Path | None = None
    no_corpus: bool = False
    disabled_rules: list[str] = field(default_factory=list)
    min_severity: str | None = None
    reject_words: list[str] = field(default_factory=lambda: list(DEFAULT_REJECT_WORDS))
    accepted: list[AcceptedFinding] = field(default_factory=list)
    council: Council = field(default_factory=Council)

    @property
    def accepted_map(self) -> dict[str, AcceptedFinding]:
        return {a.fingerprint: a for a in self.accepted}


def find_config(folder: Path | None = None) -> Path | None:
    """The first config file of ``folder`` (default: the working folder), or None."""
    folder = folder or Path.cwd()
    return next((folder / n for n in CONFIG_NAMES if (folder / n).is_file()), None)


def _read(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix == ".toml":
            try:
                import tomllib
            except ImportError:  # Python 3.10
                import tomli as tomllib

            return tomllib.loads(text)

        data = yaml_io.safe_load(text) or {}
        if not isinstance(data, dict):
            raise ValueError("the file is not a mapping of settings")
        return data
    except Exception as exc:  # tomllib.TOMLDecodeError, yaml.YAMLError, ValueError
        raise InputError(f"Tệp cấu hình {path} không hợp lệ: {exc}", f"Invalid config file {path}: {exc}") from exc


def _paths(value: Any, base: Path, key: str, path: Path) -> list[Path]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise InputError(f"{path}: '{key}' phải là đường dẫn hoặc danh sách đường dẫn",
                         f"{path}: '{key}' must be a path or a list of paths")
    return [(base / v).resolve() if not Path(v).is_absolute() else Path(v) for v in items]


def load_config(path: Path | None) -> ProjectConfig:
    """Read and check a config file; ``None`` gives the defaults."""
    if path is None:
        return ProjectConfig()
    if not path.is_file():
        raise InputError(f"Không tìm thấy tệp cấu hình: {path}", f"Config file not found: {path}")
    data = _read(path)
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise InputError(f"{path}: khóa không hợp lệ {', '.join(unknown)} (hợp lệ: {', '.join(sorted(_KEYS))})",
                         f"{path}: unknown key(s) {', '.join(unknown)}")
    base = path.parent
    cfg = ProjectConfig(path=path)
    if "rules" in data:
        cfg.rules_dirs = _paths(data["rules"], base, "rules", path)
    if "kb" in data:
        cfg.kb_files = _paths(data["kb"], base, "kb", path)
    if data.get("corpus") is False:
        cfg.no_corpus = True
    elif "corpus" in data:
        cfg.corpus_dir = _paths(data["corpus"], base, "corpus", path)[0]
    if "store" in data:
        cfg.store_path = _paths(data["store"], base, "store", path)[0]
    disable = data.get("disable", [])
    if isinstance(disable, str):
        disable = [disable]
    cfg.disabled_rules = [str(r).strip().upper() for r in disable]
    severity = data.get("min_severity")
    if severity is not None:
        cfg.min_severity = check_severity(str(severity), str(path))
    if "reject_words" in data:
        words = data["reject_words"]
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise InputError(f"{path}: 'reject_words' phải là danh sách cụm từ",
                             f"{path}: 'reject_words' must be a list of phrases")
        cfg.reject_words = words
    if "council" in data:
        cfg.council = _council(data["council"], path)
    for i, entry in enumerate(data.get("accepted", []), start=1):
        if not isinstance(entry, dict) or not re.match(FINGERPRINT_PATTERN, str(entry.get("fingerprint", ""))):
            raise InputError(f"{path}: mục accepted thứ {i} thiếu mã phát hiện hợp lệ (vd. TASK-03:5d1c0a9e8b7f)",
                             f"{path}: accepted entry {i} lacks a valid fingerprint")
        cfg.accepted.append(AcceptedFinding(entry["fingerprint"], str(entry.get("reason", "")),
                                            str(entry.get("by", "")), str(entry.get("date", "")),
                                            str(entry.get("title", ""))))
    return cfg


def _council(value: Any, path: Path) -> Council:
    if not isinstance(value, dict):
        raise InputError(f"{path}: [council] phải là một bảng khóa = giá trị", f"{path}: [council] must be a table")
    unknown = sorted(set(value) - set(_COUNCIL_KEYS))
    if unknown:
        raise InputError(f"{path}: [council] có khóa không hợp lệ {', '.join(unknown)} (hợp lệ: "
                         f"{', '.join(_COUNCIL_KEYS)})", f"{path}: unknown [council] key(s) {', '.join(unknown)}")
    recipients = value.get("recipients", [])
    if isinstance(recipients, str):
        recipients = [recipients]
    if not isinstance(recipients, list) or not all(isinstance(r, str) for r in recipients):
        raise InputError(f"{path}: [council] recipients phải là danh sách nơi nhận",
                         f"{path}: [council] recipients must be a list of strings")
    texts = {k: value.get(k, "") for k in _COUNCIL_KEYS if k != "recipients"}
    if not all(isinstance(v, str) for v in texts.values()):
        raise InputError(f"{path}: [council] các giá trị phải là chuỗi ký tự",
                         f"{path}: [council] values must be strings")
    return Council(**{k: v.strip() for k, v in texts.items()}, recipients=[r.strip() for r in recipients if r.strip()])


def check_severity(value: str, where: str = "--min-severity") -> str:
    aliases = {"cao": "high", "trung-binh": "medium", "trung bình": "medium", "thap": "low", "thấp": "low",
               "thong-tin": "info", "thông tin": "info"}
    key = aliases.get(value.strip().lower(), value.strip().lower())
    if key not in SEVERITIES:
        raise InputError(f"{where}: mức '{value}' không hợp lệ (dùng {', '.join(SEVERITIES)})",
                         f"{where}: unknown severity '{value}' (use {', '.join(SEVERITIES)})")
    return key


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def append_accepted(path: Path, entries: list[AcceptedFinding]) -> None:
    """Add ``[[accepted]]`` entries to a TOML config (created if missing), keeping what the file had."""
    if path.suffix != ".toml":
        raise InputError(f"Chỉ ghi được vào tệp .toml: {path}", f"Can only append to a .toml file: {path}")
    old = path.read_text(encoding="utf-8") if path.exists() else "# planreview.toml — cấu hình của Hội đồng\n"
    lines = [old.rstrip("\n"), ""]
    for e in entries:
        lines += ["[[accepted]]", f"fingerprint = {_toml_string(e.fingerprint)}", f"reason = {_toml_string(e.reason)}"]
        if e.by:
            lines.append(f"by = {_toml_string(e.by)}")
        lines.append(f"date = {_toml_string(e.date or dt.date.today().isoformat())}")
        if e.title:
            lines.append(f"title = {_toml_string(e.title)}")
        lines.append("")

    atomic_write(path, "\n".join(lines))
    load_config(path)  # the file must still read back


def apply_to_args(args: Any) -> ProjectConfig:
    """Fill the command-line options the user did not give from the project config; return the config."""
    if getattr(args, "no_config", False):
        cfg = ProjectConfig()
    else:
        cfg = load_config(getattr(args, "config", None) or find_config())
    if getattr(args, "rules", None) is None and cfg.rules_dirs:
        args.rules = cfg.rules_dirs
    if getattr(args, "kb", None) is None and cfg.kb_files:
        args.kb = cfg.kb_files
    corpus_given = any(getattr(args, k, None) for k in ("corpus", "store", "no_corpus"))
    if not corpus_given and hasattr(args, "corpus"):
        if cfg.no_corpus:
            args.no_corpus = True
        elif cfg.store_path is not None:
            args.store = cfg.store_path
        elif cfg.corpus_dir is not None:
            args.corpus = cfg.corpus_dir
    disabled = list(dict.fromkeys(cfg.disabled_rules + [r.strip().upper() for r in getattr(args, "disable", None)
                                                         or []]))
    args.disable = disabled
    severity = getattr(args, "min_severity", None)
    args.min_severity = check_severity(severity) if severity else cfg.min_severity
    return cfg


def disable_rules(ruleset: Any, rule_ids: list[str]) -> None:
    """Remove rules from a loaded rule set; an id that names no rule is an input error (a typo)."""
    known = {r.id for r in ruleset.rules}
    unknown = [r for r in rule_ids if r not in known]
    if unknown:
        raise InputError(f"Không có quy tắc {', '.join(unknown)} (xem 'planreview rules')",
                         f"No rule {', '.join(unknown)} (see 'planreview rules')")
    ruleset.rules = [r for r in ruleset.rules if r.id not in set(rule_ids)]
