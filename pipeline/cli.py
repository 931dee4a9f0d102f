"""Command line: ``planreview review``, ``planreview batch``, ``planreview rules``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .errors import InputError, RulesError

EPILOG = """\
Ví dụ / examples:
  planreview review samples/de-an-dong-hai.docx -o out/
      → out/memo.md, out/memo.html, out/memo.docx, out/findings.json
  planreview batch drafts/ -o out/
      → out/<tên tệp>/memo.* cho từng dự thảo + out/summary.csv, out/summary.html
  planreview rules              liệt kê các quy tắc kiểm tra (rules/*.yaml)

Mã thoát / exit codes: 0 xong; 2 lỗi đầu vào (tệp thiếu, hỏng, rỗng, PDF scan);
3 lỗi bộ quy tắc; 1 lỗi không lường trước (chạy lại với --debug để xem chi tiết).
"""


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--out", type=Path, default=Path("out"),
                   help="thư mục kết quả / output folder (mặc định: out/)")
    p.add_argument("--rules", type=Path, action="append", metavar="DIR",
                   help="thư mục quy tắc YAML; lặp lại để bổ sung quy tắc riêng của tỉnh "
                        "(mặc định: rules/ đi kèm)")
    corpus = p.add_mutually_exclusive_group()
    corpus.add_argument("--corpus", type=Path, metavar="DIR",
                        help="kho đề án đã có để phát hiện trùng lặp (mặc định: corpora/ đi kèm)")
    corpus.add_argument("--no-corpus", action="store_true", help="bỏ qua so sánh trùng lặp")
    p.add_argument("--kb", type=Path, action="append", metavar="FILE",
                   help="tệp YAML bổ sung cơ sở dữ liệu văn bản pháp lý (văn bản của tỉnh); lặp lại được")
    p.add_argument("--plan-year", type=int, metavar="YYYY",
                   help="năm xây dựng đề án, khi văn bản không ghi rõ ngày tháng")
    p.add_argument("--debug", action="store_true", help="hiện traceback khi có lỗi không lường trước")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planreview",
        description="Rà soát dự thảo đề án chuyển đổi số (.docx, .pdf, .txt) theo bộ quy tắc của Hội đồng "
                    "phản biện và lập báo cáo nhận xét. / Review Vietnamese draft digital-transformation plans "
                    "against a YAML rule set and write annotated review memos.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"planreview {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    review = sub.add_parser("review", help="rà soát một dự thảo / review one draft",
                            description="Rà soát một dự thảo và ghi memo.md, memo.html, memo.docx, findings.json.",
                            epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    review.add_argument("file", type=Path, help="dự thảo .docx, .pdf hoặc .txt")
    _common(review)
    batch = sub.add_parser("batch", help="rà soát cả thư mục / review a folder of drafts",
                           description="Rà soát mọi dự thảo trong thư mục; mỗi dự thảo một thư mục kết quả, "
                                       "kèm summary.csv và summary.html so sánh các dự thảo. Tệp lỗi được báo "
                                       "và bỏ qua, không dừng cả lô.",
                           epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    batch.add_argument("folder", type=Path, help="thư mục chứa các dự thảo")
    batch.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến độ")
    _common(batch)
    rules = sub.add_parser("rules", help="liệt kê quy tắc / list the rules")
    rules.add_argument("--rules", type=Path, action="append", metavar="DIR", help="thư mục quy tắc YAML")
    rules.add_argument("--kb", type=Path, action="append", metavar="FILE",
                       help="tệp YAML bổ sung cơ sở dữ liệu văn bản")
    return parser


def _reviewer(args: argparse.Namespace):
    from .duplicates import DEFAULT_CORPUS_DIR
    from .review import Reviewer, ReviewOptions

    corpus = None if args.no_corpus else (args.corpus or DEFAULT_CORPUS_DIR)
    if corpus is not None and not corpus.is_dir():
        raise InputError(f"Không tìm thấy thư mục kho đề án: {corpus}", f"Corpus folder not found: {corpus}")
    return Reviewer(ReviewOptions(rules_dirs=args.rules, corpus_dir=corpus, plan_year=args.plan_year,
                                  kb_files=args.kb))


def cmd_review(args: argparse.Namespace) -> int:
    from .render import write_outputs

    reviewer = _reviewer(args)
    result = reviewer.review(args.file)
    paths = write_outputs(result, args.out)
    counts = result.count_by_severity()
    print(f"Đã rà soát: {result.seg.meta.title or args.file.name}")
    print(f"Điểm tổng hợp: {result.overall_score}/100 · {len(result.findings)} phát hiện "
          f"(cao {counts['high']}, trung bình {counts['medium']}, thấp {counts['low']}, "
          f"thông tin {counts['info']}) · {len(result.tasks.tasks)} nhiệm vụ · "
          f"{len(result.duplicates)} đoạn trùng lặp")
    for path in paths.values():
        print(f"  → {path}")
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    from .batch import run_batch

    if not args.folder.is_dir():
        raise InputError(f"Không tìm thấy thư mục: {args.folder}", f"Folder not found: {args.folder}")
    reviewer = _reviewer(args)
    rows = run_batch(args.folder, args.out, reviewer, progress=not args.no_progress)
    if not rows:
        raise InputError(f"Thư mục không có dự thảo .docx/.pdf/.txt nào: {args.folder}",
                         f"No .docx/.pdf/.txt drafts in folder: {args.folder}")
    errors = [r for r in rows if r.status == "error"]
    print(f"Đã rà soát {len(rows) - len(errors)}/{len(rows)} dự thảo → {args.out / 'summary.html'}")
    for r in errors:
        print(f"  bỏ qua / skipped {r.file}: {r.error}", file=sys.stderr)
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    from .rules_loader import SEVERITY_LABELS, load_rules

    ruleset = load_rules(args.rules, args.kb)
    print(f"Bộ quy tắc {ruleset.version} ({len(ruleset.rules)} quy tắc, "
          f"{len(ruleset.legal_bases)} văn bản trong cơ sở dữ liệu căn cứ):")
    for r in ruleset.rules:
        print(f"  {r.id:<12} {SEVERITY_LABELS[r.severity]:<11} {r.area:<22} {r.title}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    handler = {"review": cmd_review, "batch": cmd_batch, "rules": cmd_rules}[args.command]
    try:
        return handler(args)
    except InputError as err:
        print(f"Lỗi: {err.one_line()}", file=sys.stderr)
        return 2
    except RulesError as err:
        print(f"Lỗi bộ quy tắc / rules error: {err}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("Đã dừng / interrupted", file=sys.stderr)
        return 130
    except Exception as err:
        if getattr(args, "debug", False):
            raise
        print(f"Lỗi không lường trước / unexpected error: {type(err).__name__}: {err} "
              "(chạy lại với --debug để xem chi tiết)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
