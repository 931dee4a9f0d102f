"""Command line: ``planreview review``, ``planreview batch``, ``planreview rules``."""

from __future__ import annotations

import argparse
import errno
import gc
import os
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.apps import collector
from pipeline.apps.cli_text import BilingualParser
from pipeline.core.errors import InputError, RulesError
from pipeline.core.formats import listed
from pipeline.core.lazy_import import loading_uncollected
from pipeline.core.version import __version__

if TYPE_CHECKING:
    from pipeline.core.forked import ForkedCall

EXIT_SOME_FAILED = 4  # batch: some drafts could not be reviewed (the others were)

EPILOG = """\
Ví dụ / examples:
  planreview review samples/de-an-cds-dong-hai.docx -o out/
      → out/memo.md, out/memo.html, out/memo.docx, out/findings.json, out/tasks.xlsx,
        out/<tên>.annotated.docx (bản dự thảo có chú thích Word tại từng phát hiện)
  planreview review a.docx b.pdf c.txt -o out/
      → out/a/, out/b/, out/c/ (mỗi dự thảo một thư mục; một tiến trình, nạp quy tắc một lần)
  planreview review ban-scan.pdf -o out/     (cũng: .png/.jpg/.tif, .doc/.rtf/.odt)
      → trang scan được nhận dạng (OCR, Tesseract tiếng Việt); out/<tên>.annotated.pdf: bản PDF
        tô sáng bằng chứng và ghi chú tại từng phát hiện
  planreview batch drafts/ -o out/
      → out/<tên tệp>/memo.* cho từng dự thảo + out/summary.csv, summary.html, similarity.html
        (-j N tiến trình song song; chạy lại chỉ rà soát dự thảo đã thay đổi)
  planreview corpus add corpora/ ke-hoach-tinh.docx
      → thêm văn bản đã có vào kho SQLite để phát hiện trùng lặp (--store FILE khi review)
  planreview serve              trang web http://127.0.0.1:8765/ để tải dự thảo lên và đọc báo cáo
  planreview rules              liệt kê các quy tắc kiểm tra (rules/*.yaml)
  planreview rules --explain TASK-03   mô tả, tham số, ví dụ và căn cứ của một quy tắc
  planreview review du-thao-v2.docx --previous out/ -o out-v2/
      → vòng 2: "Tình hình tiếp thu ý kiến phản biện" + phụ lục thay đổi, out-v2/<tên>.redline.docx
  planreview merge out/ chuyen-gia-a.docx chuyen-gia-b.docx
      → out/bao-cao-tong-hop.md/.html/.docx (phát hiện + ý kiến chuyên gia theo từng mục)
  planreview accept TASK-03:5d1c0a9e8b7f --reason "..."   ghi vào planreview.toml, không nêu lại
  planreview kb import van-ban.csv   nạp danh mục văn bản (CSV/JSON) vào cơ sở dữ liệu căn cứ SQLite
  planreview kb show 749/QĐ-TTg      tra một văn bản: ngày, hiệu lực, thay thế, nguồn

Mã thoát / exit codes: 0 xong; 2 lỗi đầu vào (tệp thiếu, hỏng, rỗng, thiếu Tesseract/LibreOffice;
thư mục kết quả không ghi được, là một tệp hoặc chứa kết quả của dự thảo khác; kho đề án hỏng) — kiểm tra
trước khi rà soát;
3 lỗi bộ quy tắc; 4 batch hoặc review nhiều tệp: một số dự thảo lỗi (số lượng ở stderr);
1 lỗi không lường trước (chạy lại với --debug để xem chi tiết).
"""


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--out", type=Path, default=Path("out"),
                   help="thư mục kết quả (mặc định: out/) / output folder (default: out/)")
    p.add_argument("--rules", type=Path, action="append", metavar="DIR",
                   help="thư mục quy tắc YAML; lặp lại để bổ sung quy tắc riêng của tỉnh (mặc định: rules/ đi "
                        "kèm) / a folder of YAML rules; repeat to add a province's own (default: the bundled rules/)")
    corpus = p.add_mutually_exclusive_group()
    corpus.add_argument("--corpus", type=Path, metavar="DIR",
                        help="thư mục đề án đã có để phát hiện trùng lặp (mặc định: corpora/ đi kèm) / a folder of "
                             "earlier plans to find duplicated passages in (default: the bundled corpora/)")
    corpus.add_argument("--store", type=Path, metavar="FILE",
                        help="kho đề án SQLite tạo bằng 'planreview corpus add' (thay cho --corpus) / a corpus "
                             "store made with 'planreview corpus add' (instead of --corpus)")
    corpus.add_argument("--no-corpus", action="store_true",
                        help="bỏ qua so sánh trùng lặp / skip the duplicate check")
    p.add_argument("--parent", metavar="PLAN",
                   help="kế hoạch cấp trên (tệp, hoặc id/tên văn bản trong kho đề án): đối chiếu việc dự thảo cụ thể "
                        "hóa nhiệm vụ, chỉ tiêu được giao; không nêu: kế hoạch dự thảo trích dẫn nếu kho (--store) có "
                        "/ the plan above (a file, or a corpus-store id/name): does the draft take up what it assigns? "
                        "Default: a plan the draft cites that the --store holds")
    p.add_argument("--dup-threshold", type=float, metavar="0..1",
                   help="ngưỡng tương đồng TF-IDF để coi là trùng lặp (mặc định theo quy tắc DUP-01: 0.75) / "
                        "TF-IDF similarity from which a passage is a duplicate (default: rule DUP-01, 0.75)")
    p.add_argument("--kb", type=Path, action="append", metavar="FILE",
                   help="tệp YAML bổ sung cơ sở dữ liệu văn bản pháp lý (văn bản của tỉnh); lặp lại được / a YAML "
                        "file of extra legal documents (a province's own); repeatable")
    p.add_argument("--kb-db", type=Path, metavar="FILE",
                   help="cơ sở dữ liệu văn bản SQLite (planreview kb import; mặc định "
                        "~/.local/share/planreview/kb.sqlite khi đã có) / the SQLite knowledge base of legal "
                        "documents (default: that file, once imported)")
    p.add_argument("--plan-year", type=int, metavar="YYYY",
                   help="năm xây dựng đề án, khi văn bản không ghi rõ ngày tháng / the plan's year, when the "
                        "draft carries no date")
    p.add_argument("--template-dir", type=Path, metavar="DIR",
                   help="mẫu báo cáo riêng của Hội đồng: memo.md.j2, memo.html.j2 (jinja2), memo-template.docx / "
                        "the council's own memo templates")
    p.add_argument("--max-size-mb", type=float, default=50, metavar="MB",
                   help="từ chối tệp lớn hơn mức này (mặc định 50 MB) / refuse larger files (default: 50 MB)")
    p.add_argument("--debug", action="store_true",
                   help="hiện traceback khi có lỗi không lường trước / show the traceback of an unexpected error")
    project = p.add_argument_group("cấu hình dự án / project config (planreview.toml)")
    project.add_argument("--config", type=Path, metavar="FILE",
                         help="tệp cấu hình (mặc định: planreview.toml hoặc .planreview.yaml trong thư mục hiện tại) "
                              "/ the config file (default: planreview.toml in the working folder)")
    project.add_argument("--no-config", action="store_true",
                         help="không đọc planreview.toml / do not read planreview.toml")
    project.add_argument("--disable", action="append", metavar="RULE",
                         help="tắt một quy tắc (vd. LEGAL-08); lặp lại được; cộng thêm vào danh sách trong cấu hình "
                              "/ turn a rule off; repeatable; added to the config's list")
    project.add_argument("--min-severity", metavar="LEVEL",
                         help="chỉ báo phát hiện từ mức này trở lên: high, medium, low, info (thay cho cấu hình) / "
                              "report findings from this level up")


def build_parser() -> argparse.ArgumentParser:
    parser = BilingualParser(
        prog="planreview",
        description="Rà soát dự thảo đề án chuyển đổi số (.docx, .pdf, .txt) theo bộ quy tắc của Hội đồng "
                    "phản biện và lập báo cáo nhận xét. / Review Vietnamese draft digital-transformation plans "
                    "against a YAML rule set and write annotated review memos.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"planreview {__version__}")  # (help: cli_text.py)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    review = sub.add_parser("review", help="rà soát một hoặc vài dự thảo / review one or a few drafts",
                            description="Rà soát một dự thảo và ghi memo.md, memo.html, memo.docx, findings.json "
                                        "vào thư mục -o; nhiều dự thảo: mỗi dự thảo một thư mục -o/<tên tệp>/, "
                                        "trong cùng một tiến trình (quy tắc và kho đề án chỉ nạp một lần). / "
                                        "Review a draft and write memo.md, memo.html, memo.docx, findings.json into "
                                        "-o; several drafts: one folder each, -o/<file name>/, in one process.",
                            epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    review.add_argument("files", type=Path, nargs="+", metavar="file",
                        help="dự thảo .docx, .pdf hoặc .txt; cả .doc/.rtf/.odt (cần LibreOffice) và "
                        "bản scan .pdf/.png/.jpg/.tif (cần Tesseract tiếng Việt); nhiều tệp: mỗi tệp một thư mục "
                        "con của -o / a draft (.docx, .pdf, .txt, .doc/.rtf/.odt, scans); several: one sub-folder "
                        "of -o each")
    review.add_argument("--appendix", "-a", type=Path, action="append", metavar="FILE", default=[],
                        help="phụ lục (hoặc quyết định ban hành) gửi kèm dự thảo, .xlsx/.xls/.ods, .docx, .pdf …; "
                             "lặp lại cho mỗi tệp: dự thảo và các phụ lục được rà soát như một hồ sơ (một báo cáo) / "
                             "an appendix of the plan (repeatable): plan and appendices reviewed as one submission")
    review.add_argument("--previous", type=Path, metavar="OUT",
                        help="kết quả lần rà soát trước (thư mục hoặc findings.json): báo cáo mở đầu bằng tình hình "
                             "tiếp thu ý kiến và phụ lục so sánh thay đổi / an earlier round's results (folder or "
                             "findings.json): the memo opens with what was taken up, and an appendix of changes")
    review.add_argument("--overwrite", action="store_true",
                        help="thay kết quả của dự thảo khác, hoặc tệp cùng tên không do planreview ghi, trong thư "
                             "mục -o (mặc định: từ chối, mã thoát 2) / replace another draft's results or files of "
                             "the same names planreview did not write (default: refuse, exit 2)")
    _common(review)
    batch = sub.add_parser("batch", help="rà soát cả thư mục / review a folder of drafts",
                           description="Rà soát mọi dự thảo trong thư mục; mỗi dự thảo một thư mục kết quả, "
                                       "kèm summary.csv và summary.html so sánh các dự thảo. Tệp lỗi được báo "
                                       "và bỏ qua, không dừng cả lô.",
                           epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    batch.add_argument("folder", type=Path, help="thư mục chứa các dự thảo / the folder of drafts")
    batch.add_argument("--no-progress", action="store_true",
                       help="không hiện thanh tiến độ / no progress bar")
    batch.add_argument("-j", "--jobs", type=int, default=-1, metavar="N",
                       help="số tiến trình song song (mặc định -1: mọi lõi CPU; 1: tuần tự) / parallel workers "
                            "(default -1: all cores)")
    batch.add_argument("--no-resume", action="store_true",
                       help="rà soát lại mọi dự thảo (mặc định bỏ qua dự thảo không đổi nội dung và bộ quy tắc) / "
                            "review every draft again (default: skip unchanged ones)")
    batch.add_argument("--dask-scheduler", metavar="ADDRESS",
                       help="chạy trên cụm Dask (vd. tcp://10.0.0.5:8786; cần pip install 'planreview[cluster]') / "
                            "run on a Dask cluster")
    batch.add_argument("--previous", type=Path, metavar="OLD_OUT",
                       help="thư mục kết quả của lô trước: mỗi dự thảo được so với lần trước (khớp theo tên tệp "
                            "hoặc tên đề án) / the previous batch's output: each draft compared with its earlier round")
    _common(batch)
    corpus = sub.add_parser(
        "corpus", help="quản lý kho đề án đã có / manage the corpus store",
        description="Kho đề án đã có (tệp SQLite): mỗi đoạn văn và nhiệm vụ được lưu cùng vị trí và chữ ký "
                    "MinHash để tìm trùng lặp nhanh. Thêm cùng một tệp hai lần không có tác dụng.",
        epilog="Ví dụ:\n  planreview corpus add corpora/*.txt ke-hoach-tinh-2021.docx\n  planreview corpus list\n"
               "  planreview corpus remove ke-hoach-tinh-2021.docx\n  planreview review du-thao.docx --store "
               "~/.local/share/planreview/corpus.sqlite",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    corpus_sub = corpus.add_subparsers(dest="corpus_command", metavar="ACTION")
    store_help = "tệp kho SQLite (mặc định: $PLANREVIEW_STORE hoặc ~/.local/share/planreview/corpus.sqlite)"
    c_add = corpus_sub.add_parser("add", help="thêm tệp hoặc thư mục vào kho")
    c_add.add_argument("files", type=Path, nargs="+",
                       help="tệp .docx/.pdf/.txt/.doc/.rtf/.odt, ảnh scan .png/.jpg/.tif, hoặc thư mục")
    c_list = corpus_sub.add_parser("list", help="liệt kê văn bản trong kho")
    c_rm = corpus_sub.add_parser("remove", help="xóa văn bản khỏi kho (theo id, tên tệp hoặc đường dẫn)")
    c_rm.add_argument("refs", nargs="+", help="id, tên tệp hoặc đường dẫn")
    for sp in (c_add, c_list, c_rm):
        sp.add_argument("--store", type=Path, help=store_help)
        sp.add_argument("--rules", type=Path, action="append", metavar="DIR", help="thư mục quy tắc YAML")
        sp.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến độ")
    serve = sub.add_parser(
        "serve", help="không gian làm việc của Hội đồng trên trình duyệt / the council's workspace in a browser",
        description=(
            "Mở trang web trên máy này, mỗi việc một trang, cùng bộ máy với dòng lệnh: (1) rà soát một hồ sơ (kế\n"
            "hoạch và phụ lục, nhiều tệp hoặc .zip; tùy chọn kế hoạch cấp trên), theo dõi tiến độ, đọc báo cáo có\n"
            "lọc theo mức độ và lĩnh vực, tải mọi tệp kết quả; (2) vòng ý kiến chuyên gia: tải bản có chú thích,\n"
            "nộp lại bản góp ý của từng người, báo cáo tổng hợp cập nhật sau mỗi bản; (3) vòng 2: nộp dự thảo sửa\n"
            "đổi, xem ý kiến đã/chưa tiếp thu và bản so sánh; (4) rà soát hàng loạt (nhiều dự thảo hoặc .zip các\n"
            "thư mục) với bảng điểm và bản đồ nhiệt; (5) 'Các lần rà soát của tôi': riêng từng trình duyệt/mã\n"
            "truy cập, tự xóa sau --keep-days.\n"
            "\n"
            "A web page on this machine, one page per job, the command line's engine behind it: a review (files\n"
            "or a .zip, optionally the plan above), the experts' round, round 2, a provincial batch, and this\n"
            "browser's own reviews.\n"),
        epilog="Ví dụ / examples:\n  planreview serve                      # http://127.0.0.1:8765\n"
               "  planreview serve --host 0.0.0.0 --token MA-CHUNG --workers 2 --job-timeout 600",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    serve.add_argument("--host", default="127.0.0.1",
                       help="địa chỉ lắng nghe (mặc định 127.0.0.1: chỉ máy này) / address to listen on (default "
                            "127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=8765, help="cổng (mặc định 8765) / port (default 8765)")
    serve.add_argument("--token", help="mã truy cập dùng chung (bắt buộc khi --host không phải 127.0.0.1): mở "
                                       "trang bằng http://máy:cổng/?token=MÃ hoặc gửi tiêu đề X-Planreview-Token / "
                                       "a shared access code (required off loopback): ?token=CODE or the "
                                       "X-Planreview-Token header")
    serve.add_argument("--keep-days", type=float, default=7, metavar="N",
                       help="xóa dự thảo tải lên và kết quả sau N ngày (mặc định 7) / delete uploads and results "
                            "after N days (default 7)")
    serve.add_argument("--workers", type=int, default=2, metavar="N",
                       help="số bản rà soát chạy cùng lúc, mỗi bản một tiến trình riêng (mặc định 2; một người dùng "
                            "không chiếm hết) / reviews at once, each in its own process")
    serve.add_argument("--job-memory-mb", type=float, default=2048, metavar="MB",
                       help="bộ nhớ riêng tối đa của một lần rà soát; vượt thì dừng và báo lỗi (mặc định 2048) / "
                            "memory limit of one review")
    serve.add_argument("--job-timeout", type=float, default=900, metavar="GIÂY",
                       help="thời gian tối đa của một lần rà soát, giây (mặc định 900) / time limit of one review, s")
    _common(serve)
    merge = sub.add_parser(
        "merge", help="tổng hợp ý kiến các chuyên gia / merge experts' Word comments",
        description="Đọc chú thích (comment) Word mà các chuyên gia thêm vào bản dự thảo có chú thích của họ và lập "
                    "một 'Báo cáo tổng hợp ý kiến phản biện' (md/html/docx) theo từng mục: phát hiện của công cụ và ý "
                    "kiến chuyên gia kèm tên. Ý kiến (hoặc trả lời) bắt đầu bằng 'không đồng ý', 'bỏ'… loại phát "
                    "hiện tự động tương ứng và ghi rõ ai bác bỏ.",
        epilog="Ví dụ:\n  planreview review du-thao.docx -o out/\n"
               "  (gửi out/du-thao.annotated.docx cho các chuyên gia)\n"
               "  planreview merge out/ chuyen-gia-a.docx chuyen-gia-b.docx\n"
               "      → out/bao-cao-tong-hop.md, .html, .docx",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    merge.add_argument("review_out", type=Path, metavar="OUT", help="thư mục kết quả của 'planreview review'")
    merge.add_argument("copies", type=Path, nargs="+", metavar="COPY.docx", help="bản góp ý của từng chuyên gia")
    merge.add_argument("-o", "--out", type=Path, help="thư mục ghi báo cáo tổng hợp (mặc định: OUT)")
    merge.add_argument("--reject-word", action="append", metavar="PHRASE",
                       help="cụm từ mở đầu ý kiến bác bỏ phát hiện (mặc định: 'không đồng ý', 'không chấp nhận', "
                            "'đề nghị bỏ', 'bỏ'; hoặc reject_words trong planreview.toml); lặp lại được")
    merge.add_argument("--config", type=Path, metavar="FILE", help="tệp cấu hình (mặc định: planreview.toml)")
    merge.add_argument("--no-config", action="store_true", help="không đọc planreview.toml")
    accept = sub.add_parser(
        "accept", help="Hội đồng chấp nhận một phát hiện / accept a finding",
        description="Ghi phát hiện (theo mã trong findings.json hoặc chú thích 'Mã phát hiện') vào planreview.toml: "
                    "các lần rà soát sau và chạy theo lô không nêu lại, chỉ liệt kê ở phụ lục kèm lý do.",
        epilog="Ví dụ:\n  planreview accept TASK-03:5d1c0a9e8b7f --reason \"Kinh phí do doanh nghiệp tự bố trí\" "
               "--from out/",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    accept.add_argument("fingerprints", nargs="+", metavar="FINGERPRINT", help="mã phát hiện, vd. TASK-03:5d1c0a9e8b7f")
    accept.add_argument("--reason", required=True, help="lý do Hội đồng chấp nhận")
    accept.add_argument("--by", default="", help="người / phiên họp chấp nhận")
    accept.add_argument("--from", dest="review_out", type=Path, metavar="OUT",
                        help="thư mục kết quả có findings.json để kiểm tra mã và ghi kèm nội dung phát hiện")
    accept.add_argument("--config", type=Path, metavar="FILE", help="tệp cấu hình (mặc định: ./planreview.toml)")
    serve.set_defaults(out=None)
    for action in serve._actions:
        if action.dest == "out":
            action.help = ("thư mục dữ liệu của trang web: kho công việc, tệp tải lên, kết quả "
                           "(mặc định: ~/.local/share/planreview/web) / the web page's data folder: jobs, uploads, "
                           "results")
    _kb_parser(sub)
    from pipeline.apps.rules_cli import add_arguments

    add_arguments(sub.add_parser("rules", help="liệt kê, giải thích quy tắc / list, explain the rules"))
    return parser


def _kb_parser(sub) -> None:
    from pipeline.apps.kb_cli import add_parser

    add_parser(sub)


def _reviewer(args: argparse.Namespace):
    from pipeline.core.project_config import apply_to_args
    from pipeline.corpus.duplicates import DEFAULT_CORPUS_DIR
    from pipeline.review.reviewer import Reviewer, ReviewOptions

    config = apply_to_args(args)  # planreview.toml fills what the command line does not say

    corpus = None if args.no_corpus or args.store else (args.corpus or DEFAULT_CORPUS_DIR)
    if corpus is not None and not corpus.is_dir():
        raise InputError(f"Không tìm thấy thư mục kho đề án: {corpus}", f"Corpus folder not found: {corpus}")
    if args.store is not None and not args.store.is_file():
        raise InputError(f"Không tìm thấy kho đề án: {args.store} (tạo bằng 'planreview corpus add')",
                         f"Corpus store not found: {args.store} (create it with 'planreview corpus add')")
    if args.template_dir is not None and not args.template_dir.is_dir():
        raise InputError(f"Không tìm thấy thư mục mẫu báo cáo: {args.template_dir}",
                         f"Template folder not found: {args.template_dir}")
    if args.dup_threshold is not None and not 0 < args.dup_threshold <= 1:
        raise InputError("--dup-threshold phải trong khoảng (0, 1]", "--dup-threshold must be in (0, 1]")
    check_limits(args)
    return Reviewer(ReviewOptions(rules_dirs=args.rules, corpus_dir=corpus, store_path=args.store,
                                  plan_year=args.plan_year, kb_files=args.kb, kb_db=args.kb_db,
                                  dup_threshold=args.dup_threshold,
                                  max_bytes=int(args.max_size_mb * 1024 * 1024), template_dir=args.template_dir,
                                  disabled_rules=args.disable, min_severity=args.min_severity,
                                  accepted=config.accepted_map, previous=getattr(args, "previous", None),
                                  council=config.council, parent=_parent_ref(args),
                                  # one review at a time: the corpus comparison takes the second core
                                  parallel=args.command == "review"))


def _parent_ref(args: argparse.Namespace) -> Path | str | None:
    """``--parent``: a file path when such a file exists, else a store reference (id, name) kept as text."""
    ref = getattr(args, "parent", None)
    if not ref:
        return None
    return Path(ref) if Path(ref).is_file() else ref


PLAN_YEARS = (1990, 2100)  # plans of digital transformation: none before 1990, none planned beyond 2100


def check_limits(args: argparse.Namespace) -> None:
    """Numbers on the command line that cannot be meant: exit 2 naming the option."""
    if getattr(args, "max_size_mb", None) is not None and not args.max_size_mb > 0:
        raise InputError(f"--max-size-mb phải lớn hơn 0 (nhận {args.max_size_mb:g})",
                         f"--max-size-mb must be greater than 0 (got {args.max_size_mb:g})")
    year = getattr(args, "plan_year", None)
    if year is not None and not PLAN_YEARS[0] <= year <= PLAN_YEARS[1]:
        raise InputError(f"--plan-year phải trong khoảng {PLAN_YEARS[0]}–{PLAN_YEARS[1]} (nhận {year})",
                         f"--plan-year must be within {PLAN_YEARS[0]}–{PLAN_YEARS[1]} (got {year})")


def review_folders(files: list[Path], out: Path) -> list[tuple[Path, Path]]:
    """(draft, output folder) for each draft: one draft writes into ``out`` itself; several drafts each into
    ``out/<file name without extension>`` (``-2``, ``-3`` … when two names clash, as ``planreview batch`` does).
    A draft named twice is reviewed once."""
    unique = list({f.resolve(): f for f in files}.values())
    if len(unique) == 1:
        return [(unique[0], out)]
    taken: set[str] = set()
    pairs = []
    for f in unique:
        name, n = f.stem or f.name, 2
        base = name
        while name.casefold() in taken:
            name, n = f"{base}-{n}", n + 1
        taken.add(name.casefold())
        pairs.append((f, out / name))
    return pairs


def cmd_review(args: argparse.Namespace, early: ForkedCall | None = None) -> int:
    """``planreview review``. ``early``: the comparing child :func:`main` forked on the command line's first words
    (:func:`_early_comparing_child`), kept for a review of one draft with a corpus, stopped otherwise."""
    from pipeline.core.forked import stopped_on_failure

    with stopped_on_failure(early):
        pairs = _checked_drafts(args)
    if early is not None and (len(pairs) != 1 or args.no_corpus):
        early.discard()
        early = None
    with stopped_on_failure(early), loading_uncollected():
        reviewer = _reviewer(args)  # rules, knowledge base and corpus matcher loaded once for all drafts
    if early is not None:
        reviewer.comparison.adopt(early)
    if len(pairs) == 1:
        _review_one(reviewer, args, *pairs[0])
        return 0
    failed = []
    for k, (draft, out) in enumerate(pairs, 1):
        print(f"[{k}/{len(pairs)}] {draft}", flush=True)
        try:
            _review_one(reviewer, args, draft, out)
        except InputError as err:
            failed.append(draft)
            print(f"  bỏ qua / skipped {draft.name}: {err.one_line()}", file=sys.stderr)
    return _some_failed(len(failed), len(pairs))


def _checked_drafts(args: argparse.Namespace) -> list[tuple[Path, Path]]:
    """(draft, output folder) of each draft of ``planreview review``, every draft and folder checked before any
    review: a wrong one is an input error (exit 2) at once."""
    from pipeline.ingest.safe_zip import check_package
    from pipeline.render.outputs import check_attached, check_output_folder

    check_limits(args)
    if args.appendix and len({f.resolve() for f in args.files}) > 1:
        raise InputError("--appendix đi kèm đúng một dự thảo (kế hoạch); hãy rà soát từng hồ sơ một",
                         "--appendix goes with exactly one draft (the plan); review one submission at a time")
    pairs = review_folders(args.files, args.out)
    if len(pairs) > 1 and not args.appendix:
        from pipeline.ingest.submission import file_role

        appendices = [f.name for f, _ in pairs if file_role(f) == "appendix"]
        if appendices:  # the files are reviewed one by one, as asked; say how to review them together
            print(f"Gợi ý / hint: {', '.join(appendices)} có vẻ là phụ lục; để rà soát cùng kế hoạch như một hồ sơ: "
                  f"planreview review KẾ-HOẠCH --appendix {appendices[0]} … / looks like an appendix: use --appendix "
                  "to review it with its plan", file=sys.stderr)
    for draft, out in pairs:
        check_output_folder(draft, out, args.overwrite)
        check_attached(args.appendix, out)
        for f in [draft, *args.appendix]:
            check_package(f, int(args.max_size_mb * 1024 * 1024))  # a decompression bomb is refused at once
    return pairs


_NO_EARLY_CHILD = frozenset({"-h", "--help", "--no-corpus"})


def _early_comparing_child(argv: list[str]) -> ForkedCall | None:
    """The comparing child of a review, forked before anything else is done when the command line's words say
    ``review`` (not ``--no-corpus``, not ``--help``): it loads the matcher and the word segmenter on the second
    core while this process parses the command line, checks the draft and imports the review's modules
    (review/early_child.py). A guess: :func:`cmd_review` stops it unless one draft is compared with a corpus."""
    if not argv or argv[0] != "review" or _NO_EARLY_CHILD.intersection(argv):
        return None
    from pipeline.review.early_child import fork_comparing_child

    return fork_comparing_child()


def _some_failed(failed: int, total: int) -> int:
    """The exit code of a run over several drafts: 0, or EXIT_SOME_FAILED with one line saying how many failed."""
    if not failed:
        return 0
    print(f"Lỗi: {failed}/{total} dự thảo không rà soát được / {failed} of {total} drafts "
          "failed (mã thoát / exit code 4)", file=sys.stderr)
    return EXIT_SOME_FAILED


def _duplicates_not_checked(result) -> bool:
    """Was the corpus comparison's area left unchecked (--no-corpus, no store)? Other areas (the plan above
    without --parent) say nothing about duplicates."""
    from pipeline.checks.catalogue import needs_corpus

    areas = {r.area for r in result.ruleset.rules if needs_corpus(r)}
    return bool(result.score and areas & set(result.score.not_checked))


def _review_one(reviewer, args: argparse.Namespace, draft: Path, out: Path) -> None:
    with collector.paused_after_parsing() as after_parse:
        _review_and_write(reviewer, args, draft, out, after_parse)


def _stage_printer():
    """Progress on a terminal: each stage as it starts, with the seconds so far (nothing when piped)."""
    if not sys.stderr.isatty():
        return None
    import time

    from pipeline.review.stages import STAGE_LABELS

    started = time.perf_counter()

    def show(stage) -> None:
        print(f"  [{time.perf_counter() - started:5.1f} s] {STAGE_LABELS.get(stage, stage)} …", file=sys.stderr,
              flush=True)

    return show


def _review_and_write(reviewer, args: argparse.Namespace, draft: Path, out: Path, after_parse) -> None:
    """One draft reviewed, its outputs written and a summary printed. When no comparing child runs beside the
    review (no corpus), the second core idles once the draft is read (reading a PDF or a scan uses it): memo.docx's
    side is forked then (render/writers.py, fork_memo_docx_side). With a comparing child the writers are imported
    while the checks wait for it (a third process would slow the comparison down as much as it saves)."""
    from pipeline.render.writers import fork_memo_docx_side, preload_writers, write_outputs
    from pipeline.review.stages import ReviewHooks

    docx_side: ForkedCall[None] | None = None

    def parsed() -> None:
        nonlocal docx_side
        after_parse()
        if not reviewer.comparison.beside:
            docx_side = fork_memo_docx_side(args.template_dir)

    try:
        result = reviewer.review(draft, hooks=ReviewHooks(on_stage=_stage_printer(), after_parse=parsed,
                                                          while_waiting=lambda: preload_writers(args.template_dir),
                                                          on_progress=ReviewHooks.shown()),
                                 attached=getattr(args, "appendix", None) or None)
        if args.previous is not None and result.round is None:
            raise InputError(f"Lô kết quả {args.previous} không có dự thảo trùng tên tệp hoặc tên đề án với "
                             f"{draft.name}",
                             f"No draft in {args.previous} matches {draft.name} by file name or title")
    except BaseException:
        if docx_side is not None:
            docx_side.discard()
        raise
    # (one review at a time: the second core writes beside this one)
    paths = write_outputs(result, out, args.template_dir, parallel=True, overwrite=args.overwrite,
                          docx_side=docx_side)
    counts = result.count_by_severity()
    print(f"Đã rà soát: {result.seg.meta.title or draft.name}")
    if not result.is_plan:
        print(result.shape.verdict())
    score = f"{result.overall_score}/100" if result.overall_score is not None else "không chấm điểm / not scored"
    print(f"Điểm tổng hợp: {score} · {len(result.findings)} phát hiện "
          f"(cao {counts['high']}, trung bình {counts['medium']}, thấp {counts['low']}, "
          f"thông tin {counts['info']}) · {len(result.tasks.tasks)} nhiệm vụ · "
          + ("trùng lặp: chưa kiểm tra / not checked" if _duplicates_not_checked(result)
             else f"{len(result.duplicates)} đoạn trùng lặp"))
    if result.score is not None and result.score.line:
        print(f"  {result.score.line}")
    if result.parent is not None:
        c = result.parent.counts()
        print(f"  Kế hoạch cấp trên / parent plan: {result.parent.parent.label()}"
              + (" (tự chọn: dự thảo trích dẫn / chosen: the draft cites it)" if result.parent.parent.chosen == "cited"
                 else "")
              + f" — cụ thể hóa / taken up {c['taken_up']}/{c['assigned']} nhiệm vụ, chỉ tiêu đạt / targets met "
                f"{c['targets_ok']}/{c['targets']}")
    if args.previous is not None:
        from pipeline.review.rounds import round_summary

        print(round_summary(result, args.previous))
    for path in paths.values():
        print(f"  → {path}")


def cmd_batch(args: argparse.Namespace) -> int:
    from pipeline.apps.batch import run_batch
    from pipeline.render.outputs import check_writable_folder

    if not args.folder.is_dir():
        raise InputError(f"Không tìm thấy thư mục: {args.folder}", f"Folder not found: {args.folder}")
    check_writable_folder(args.out)
    reviewer = _reviewer(args)
    backend = None
    if args.dask_scheduler:
        try:
            from dask.distributed import Client
        except ImportError as exc:
            raise InputError("Chưa cài Dask: pip install 'planreview[cluster]'",
                             "Dask is not installed: pip install 'planreview[cluster]'") from exc
        Client(args.dask_scheduler)  # registers itself as joblib's "dask" backend
        backend = "dask"
    rows = run_batch(args.folder, args.out, reviewer, progress=not args.no_progress, jobs=args.jobs,
                     backend=backend, resume=not args.no_resume and args.previous is None)  # rounds: redo all
    if not rows:
        raise InputError(f"Thư mục không có dự thảo nào ({listed()}): {args.folder}",
                         f"No drafts ({listed()}) in folder: {args.folder}")
    errors = [r for r in rows if r.status == "error"]
    print(f"Đã rà soát {len(rows) - len(errors)}/{len(rows)} dự thảo → {args.out / 'summary.html'}")
    if not args.no_progress and reviewer.corpus_skipped:
        print(f"  kho đề án: bỏ qua {len(reviewer.corpus_skipped)} tệp không đọc được", file=sys.stderr)
    for r in errors:
        print(f"  bỏ qua / skipped {r.file}: {r.error}", file=sys.stderr)
    return _some_failed(len(errors), len(rows))


def cmd_corpus(args: argparse.Namespace) -> int:
    from pipeline.corpus.store import add_files, default_store_path, open_store
    from pipeline.rules.loader import load_rules

    if not args.corpus_command:
        build_parser().parse_args(["corpus", "--help"])
        return 2
    path = args.store or default_store_path()
    if args.corpus_command == "add":
        missing = [str(f) for f in args.files if not f.exists()]
        if missing:
            raise InputError(f"Không tìm thấy: {', '.join(missing)} (chưa thêm gì vào kho)",
                             f"Not found: {', '.join(missing)} (nothing was added)")
    if args.corpus_command != "add" and not path.is_file():
        raise InputError(f"Chưa có kho đề án: {path}", f"No corpus store yet: {path}")
    with open_store(path, write=args.corpus_command != "list") as store:
        if args.corpus_command == "add":
            added, same, errors = add_files(store, args.files, load_rules(args.rules), progress=not args.no_progress)
            print(f"Kho {path}: thêm {len(added)} văn bản, {len(same)} đã có sẵn, {len(errors)} lỗi.")
            for e in errors:
                print(f"  bỏ qua / skipped {e}", file=sys.stderr)
        elif args.corpus_command == "list":
            docs = store.documents()
            print(f"Kho {path}: {len(docs)} văn bản, {sum(d.passages for d in docs)} đoạn/nhiệm vụ")
            for d in docs:
                print(f"  {d.id:>5}  {d.name:<45} {d.passages:>4} đoạn  {d.added_at}  {d.title[:60]}")
        else:
            removed = [d for ref in args.refs for d in store.remove(ref)]
            for d in removed:
                print(f"Đã xóa / removed {d.id} {d.name}")
            if not removed:
                raise InputError(f"Không có văn bản nào khớp: {', '.join(args.refs)}",
                                 f"No stored document matches: {', '.join(args.refs)}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from pipeline.apps.web import is_loopback, serve
    from pipeline.render.outputs import check_writable_folder

    if not is_loopback(args.host) and not args.token:
        raise InputError(f"--host {args.host} mở trang cho mạng ngoài: cần thêm --token MÃ (mã truy cập dùng chung)",
                         f"--host {args.host} exposes the page to the network: add --token SECRET (a shared secret)")
    if args.out is not None:
        check_writable_folder(args.out)
    reviewer = _reviewer(args)  # validates the options; the server builds its own from the same options
    if args.workers < 1 or args.job_memory_mb <= 0 or args.job_timeout <= 0:
        raise InputError("--workers, --job-memory-mb và --job-timeout phải lớn hơn 0",
                         "--workers, --job-memory-mb and --job-timeout must be greater than 0")
    from pipeline.core.project_config import find_config, load_config

    config = load_config(None if args.no_config else (args.config or find_config()))
    serve(args.host, args.port, reviewer.options, max_mb=args.max_size_mb, data_dir=args.out,
          keep_days=args.keep_days, token=args.token, workers=args.workers, job_memory_mb=args.job_memory_mb,
          job_time_s=args.job_timeout, reject_words=config.reject_words)
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from pipeline.apps.merge import merge_comments, write_merge_report
    from pipeline.core.project_config import find_config, load_config

    config = load_config(None if args.no_config else (args.config or find_config()))
    words = args.reject_word or config.reject_words
    report = merge_comments(args.review_out, args.copies, words)
    out = args.out or (args.review_out if args.review_out.is_dir() else args.review_out.parent)
    paths = write_merge_report(report, out)
    print(f"Tổng hợp {len(args.copies)} bản góp ý: {report.total_comments} ý kiến chuyên gia, {report.kept} phát hiện "
          f"giữ lại, {len(report.rejected)} bị bác bỏ")
    for path in paths.values():
        print(f"  → {path}")
    return 0


def cmd_accept(args: argparse.Namespace) -> int:
    import json
    import re

    from pipeline.core.fingerprint import FINGERPRINT_PATTERN, finding_dict_prints
    from pipeline.core.project_config import CONFIG_NAMES, AcceptedFinding, append_accepted, find_config, load_config

    path = args.config or find_config() or Path(CONFIG_NAMES[0])
    if path.suffix != ".toml":
        path = Path(CONFIG_NAMES[0])
    bad = [fp for fp in args.fingerprints if not re.match(FINGERPRINT_PATTERN, fp)]
    if bad:
        raise InputError(f"Mã phát hiện không hợp lệ: {', '.join(bad)} (dạng TASK-03:5d1c0a9e8b7f)",
                         f"Invalid fingerprint(s): {', '.join(bad)}")
    titles: dict[str, str] = {}
    if args.review_out is not None:
        found = args.review_out / "findings.json" if args.review_out.is_dir() else args.review_out
        try:
            findings = json.loads(found.read_text(encoding="utf-8"))["findings"]
        except (OSError, ValueError, KeyError) as exc:
            raise InputError(f"Không đọc được {found}", f"Cannot read {found}") from exc
        prints = finding_dict_prints(findings)
        titles = {fp: f"[{f['rule_id']}] {f['message']}" for f, (fp, _a) in zip(findings, prints)}
        missing = [fp for fp in args.fingerprints if fp not in titles]
        if missing:
            raise InputError(f"{found} không có phát hiện {', '.join(missing)}", f"{found} has no {', '.join(missing)}")
    known = load_config(path).accepted_map if path.exists() else {}
    new = [AcceptedFinding(fp, args.reason, args.by, title=titles.get(fp, "")) for fp in args.fingerprints
           if fp not in known]
    if new:
        append_accepted(path, new)
    print(f"{path}: chấp nhận {len(new)} phát hiện" + (f" ({len(args.fingerprints) - len(new)} đã có)"
                                                       if len(new) < len(args.fingerprints) else ""))
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    from pipeline.apps.rules_cli import cmd_rules as run

    return run(args)


def _silence_stdout() -> None:
    """The reader of our output went away (``| head -1``): drop what is left instead of a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    early = _early_comparing_child(argv)
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
    except BaseException:  # --help, a mistyped option: argparse's own message and exit
        if early is not None:
            early.discard()
        raise
    if early is not None and args.command != "review":
        early.discard()
        early = None
    if not args.command:
        parser.print_help()
        return 2
    from pipeline.apps.kb_cli import cmd_kb

    handler = {"review": partial(cmd_review, early=early), "batch": cmd_batch, "corpus": cmd_corpus,
               "serve": cmd_serve, "rules": cmd_rules, "merge": cmd_merge, "accept": cmd_accept,
               "kb": cmd_kb}[args.command]
    try:
        code = handler(args)
        sys.stdout.flush()  # a closed pipe (| head -1) is reported here, inside the handler below
        return code
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except InputError as err:
        if getattr(args, "debug", False) and err.__cause__ is not None:
            import traceback

            traceback.print_exception(err.__cause__, file=sys.stderr)
        print(f"Lỗi: {err.one_line()}", file=sys.stderr)
        return 2
    except RulesError as err:
        print(f"Lỗi bộ quy tắc / rules error: {err}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("Đã dừng / interrupted", file=sys.stderr)
        return 130
    except OSError as err:
        if err.errno not in (errno.ENOSPC, errno.EDQUOT) or getattr(args, "debug", False):
            return _unexpected(err, args)
        where = f" ({err.filename})" if err.filename else ""
        print(f"Lỗi: Không đủ dung lượng đĩa để ghi kết quả{where}; giải phóng chỗ trống hoặc chọn thư mục khác "
              f"bằng -o / Not enough disk space to write the results{where}; free some space or choose another "
              "folder with -o", file=sys.stderr)
        return 2
    except Exception as err:
        return _unexpected(err, args)


def _unexpected(err: BaseException, args: argparse.Namespace) -> int:
    """A failure nobody foresaw: one line (exit 1), the traceback only with --debug."""
    if getattr(args, "debug", False):
        raise err
    print(f"Lỗi không lường trước / unexpected error: {type(err).__name__}: {err} "
          "(chạy lại với --debug để xem chi tiết)", file=sys.stderr)
    return 1


def one_blas_thread() -> None:
    """numpy's OpenBLAS starts a thread per core when numpy is imported, and they spin a while after each call.
    planreview's numpy work (the matcher's lookups, the OCR's image clean-up) gains nothing from them — its
    parallel work is done by processes (the forked sides, ``batch -j``) — and on two cores they take the CPU the
    review's other side needs: a one-page review 0.384 → 0.339 s. The user's own setting is kept."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def run() -> None:
    """The ``planreview`` command: :func:`main`, then the process's exit without the garbage collector's last
    passes over every object the command made (``gc.freeze``: ≈ 0.05 s of each command, a tenth of a one-page
    review). Objects are still freed, files closed and exit handlers run as at any exit."""
    one_blas_thread()
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    run()
