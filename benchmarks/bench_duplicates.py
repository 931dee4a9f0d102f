"""Duplicate detection at provincial scale (run by hand, not in CI).

    python benchmarks/bench_duplicates.py [--docs 5000] [--passages 8] [--drafts 100] [--keep DIR]

1. Generates a corpus of synthetic plan documents (passages built from sentence templates with
   random agencies, actions, objects, fields and places) and stores them in a fresh SQLite corpus
   store, the way `planreview corpus add` does (underthesea tokens, MinHash signatures).
2. Builds the matcher (MinHash LSH + TF-IDF) and generates drafts whose passages are, in equal
   parts: copied exactly, lightly edited (place name and numbers changed), reordered (sentences
   swapped), near misses (same template and topic, different content) and fresh text.
3. Reports precision and recall (a reused passage must be matched to its source document; near
   misses and fresh text must not match), query time per passage, index build time and size.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from pipeline.corpus_store import CorpusStore, Passage, normal_tokens
from pipeline.duplicates import load_index
from pipeline.model import Location

AGENCIES = ["Phòng Văn hóa và Thông tin", "Phòng Tài chính - Kế hoạch", "Phòng Nông nghiệp và Phát triển nông thôn",
            "Phòng Tài nguyên và Môi trường", "Phòng Giáo dục và Đào tạo", "Phòng Y tế", "Phòng Tư pháp",
            "Phòng Nội vụ", "Phòng Kinh tế và Hạ tầng", "Phòng Lao động - Thương binh và Xã hội", "Công an huyện",
            "Trung tâm Y tế huyện", "Trung tâm Văn hóa, Thể thao và Du lịch", "Văn phòng HĐND và UBND huyện",
            "Huyện đoàn", "Hội Nông dân huyện", "Hội Liên hiệp Phụ nữ huyện", "Chi cục Thống kê",
            "Ban Quản lý dự án", "Đài Truyền thanh huyện"]
ACTIONS = ["triển khai", "nâng cấp", "xây dựng", "số hóa", "chuẩn hóa", "kết nối", "tích hợp", "vận hành",
           "mở rộng", "đánh giá", "rà soát", "hoàn thiện", "thí điểm", "nhân rộng", "bảo trì", "đồng bộ hóa"]
OBJECTS = ["hệ thống quản lý văn bản", "cơ sở dữ liệu đất đai", "phần mềm một cửa điện tử", "cổng dịch vụ công",
           "hồ sơ sức khỏe điện tử", "học bạ số", "bản đồ du lịch số", "sàn thương mại điện tử nông sản",
           "hệ thống camera giám sát", "trung tâm điều hành thông minh", "mạng truyền số liệu chuyên dùng",
           "hệ thống họp trực tuyến", "kho dữ liệu dùng chung", "ứng dụng phản ánh hiện trường",
           "phần mềm quản lý hộ tịch", "hệ thống truy xuất nguồn gốc", "chữ ký số chuyên dùng",
           "phần mềm quản lý tài sản công", "cơ sở dữ liệu người có công", "hệ thống thông tin báo cáo",
           "nền tảng học trực tuyến", "phần mềm kế toán xã", "cơ sở dữ liệu hộ nghèo", "hệ thống cảnh báo thiên tai"]
FIELDS = ["đất đai", "hộ tịch", "y tế cơ sở", "giáo dục phổ thông", "du lịch cộng đồng", "nông nghiệp công nghệ cao",
          "giao thông nông thôn", "môi trường", "an sinh xã hội", "văn hóa cơ sở", "xây dựng", "tài chính công",
          "lao động việc làm", "phòng chống thiên tai", "an ninh trật tự", "thương mại dịch vụ"]
PURPOSES = ["phục vụ chỉ đạo, điều hành của lãnh đạo", "giảm thời gian giải quyết hồ sơ cho người dân",
            "bảo đảm dữ liệu đúng, đủ, sạch, sống", "nâng cao hiệu quả quản lý nhà nước",
            "tạo thuận lợi cho doanh nghiệp", "tiết kiệm chi phí vận hành", "tăng cường công khai, minh bạch",
            "hỗ trợ người dân vùng sâu, vùng xa", "đáp ứng yêu cầu kết nối liên thông với tỉnh",
            "rút ngắn quy trình nội bộ", "phát huy vai trò của cộng đồng", "thu hút đầu tư tư nhân",
            "nâng cao chỉ số hài lòng của người dân", "phòng ngừa rủi ro mất dữ liệu", "lan tỏa mô hình hiệu quả"]
TEMPLATES = [
    "{a} chủ trì {v} {o} trong lĩnh vực {f} tại {p}, {u}. Đến năm {y}, {n}% đơn vị áp dụng {o}.",
    "Giai đoạn {y0}-{y}, {p} tập trung {v} {o} gắn với {f}; {a} phối hợp các xã hướng dẫn sử dụng, {u}.",
    "Tiếp tục {v} {o} cho {n} cơ quan, đơn vị của {p}. Lĩnh vực {f} được ưu tiên trước nhằm {u}.",
    "Để {u}, {a} đề xuất {v} {o}; kinh phí dự kiến {k} triệu đồng từ ngân sách của {p} cho lĩnh vực {f}.",
    "Kết quả {v} {o} ở {p} được đánh giá hằng năm; lĩnh vực {f} phải đạt tối thiểu {n}% chỉ tiêu, do {a} theo dõi.",
    "{p} khuyến khích doanh nghiệp cùng {a} {v} {o} phục vụ {f}, hướng tới {u} trước năm {y}.",
    "Năm {y0}, {a} đã {v} {o} tại {n} xã; năm tới mở rộng sang lĩnh vực {f} của {p} để {u}.",
    "Người dân {p} được hướng dẫn sử dụng {o} qua tổ công nghệ số cộng đồng; {a} tổng hợp khó khăn về {f}.",
    "Ưu tiên nguồn lực {k} triệu đồng cho {a} {v} {o}; việc {f} tại {p} phải hoàn thành trong năm {y}.",
    "Trên cơ sở đánh giá {f}, {p} xác định {o} là khâu đột phá; {a} được giao {v} và {u}.",
    "Bảo đảm an toàn thông tin khi {v} {o}: {a} kiểm tra định kỳ, báo cáo {p} về {f} theo quý.",
    "Hội nghị sơ kết của {p} thống nhất {v} {o} theo lộ trình {y0}-{y}, trước hết cho {f}, do {a} đôn đốc.",
]
PLACES = [f"{kind} {a}{b}" for kind in ("huyện", "thị xã", "thành phố") for a in
          ["Đông", "Tây", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "Tân", "Phú", "Vĩnh", "An", "Bình"]
          for b in [" Sơn", " Hà", " Lâm", " Giang", " Thành", " Phong", " Yên", " Mỹ", " Xuân", " Hòa"]]


def make_passage(rng: random.Random, template: int | None = None, slots: dict | None = None) -> tuple[int, dict, str]:
    t = rng.randrange(len(TEMPLATES)) if template is None else template
    s = slots or {"a": rng.choice(AGENCIES), "v": rng.choice(ACTIONS), "o": rng.choice(OBJECTS),
                  "f": rng.choice(FIELDS), "p": rng.choice(PLACES), "u": rng.choice(PURPOSES),
                  "y": rng.choice([2025, 2026, 2030]), "y0": rng.choice([2021, 2022, 2023]),
                  "n": rng.choice([50, 60, 70, 80, 90, 100]), "k": rng.randrange(200, 9000)}
    return t, s, TEMPLATES[t].format(**s)


def light_edit(text: str, slots: dict, rng: random.Random) -> str:
    new_place = rng.choice([p for p in PLACES if p != slots["p"]])
    out = text.replace(slots["p"], new_place)
    for key in ("n", "k", "y"):
        out = out.replace(str(slots[key]), str(slots[key] + rng.randrange(1, 9)))
    return out


def reorder(text: str) -> str:
    parts = [p.strip() for p in text.replace(";", ".").split(".") if p.strip()]
    return ". ".join(reversed(parts)) + "."


def near_miss(rng: random.Random, template: int, slots: dict) -> str:
    """Same template and place, but a different agency, action, object and field: same topic area,
    different content."""
    other = dict(slots)
    other["a"] = rng.choice([a for a in AGENCIES if a != slots["a"]])
    other["v"] = rng.choice([v for v in ACTIONS if v != slots["v"]])
    other["o"] = rng.choice([o for o in OBJECTS if o != slots["o"]])
    other["f"] = rng.choice([f for f in FIELDS if f != slots["f"]])
    other["u"] = rng.choice([u for u in PURPOSES if u != slots["u"]])
    return TEMPLATES[template].format(**other)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--passages", type=int, default=8, help="passages per corpus document")
    parser.add_argument("--drafts", type=int, default=100)
    parser.add_argument("--threshold", type=float, default=0.75)
    parser.add_argument("--min-overlap", type=float, default=0.6, help="word 3-shingle Jaccard for 20+ words")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="keep the store in this folder")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    folder = args.keep or Path(tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    store_path = folder / "bench-corpus.sqlite"
    reuse = store_path.exists() and args.keep is not None
    if not reuse:
        store_path.unlink(missing_ok=True)

    corpus: list[list[tuple[int, dict, str]]] = [[make_passage(rng) for _ in range(args.passages)]
                                                  for _ in range(args.docs)]
    t0 = time.perf_counter()
    store = CorpusStore(store_path)
    for d, passages in ([] if reuse else enumerate(corpus)):
        name = f"plan-{d:05d}.txt"
        store.add_passages(name, name, f"sha-{d}", f"Kế hoạch mẫu {d}",
                           [Passage(name, name, "paragraph", text, Location(paragraph=k + 1), normal_tokens(text))
                            for k, (_, _, text) in enumerate(passages)])
    t_store = time.perf_counter() - t0
    t0 = time.perf_counter()
    index = load_index(store)
    t_index = time.perf_counter() - t0
    size_db = store_path.stat().st_size

    kinds = ["exact", "edited", "reordered", "near-miss", "fresh"]
    tp = fp = fn = 0
    per_kind = {k: [0, 0] for k in kinds}  # [matched, total]
    times = []
    for q in range(args.drafts):
        draft = f"draft-{q:03d}.docx"
        for kind in kinds:
            d = rng.randrange(args.docs)
            template, slots, text = corpus[d][rng.randrange(args.passages)]
            query = {"exact": text, "edited": light_edit(text, slots, rng), "reordered": reorder(text),
                     "near-miss": near_miss(rng, template, slots), "fresh": make_passage(rng)[2]}[kind]
            start = time.perf_counter()
            p = Passage(draft, draft, "paragraph", query, Location(paragraph=1))
            matches = index.query([p], args.threshold, min_overlap=args.min_overlap)
            times.append(time.perf_counter() - start)
            expected = f"plan-{d:05d}.txt" if kind in ("exact", "edited", "reordered") else None
            found = matches[0].source_doc if matches else None
            per_kind[kind][1] += 1
            if found is not None:
                per_kind[kind][0] += 1
            if expected and found == expected:
                tp += 1
            elif expected:
                fn += 1
                if found:
                    fp += 1
            elif found:
                fp += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"corpus: {args.docs} documents, {len(index)} passages")
    print(f"store build (tokenise + MinHash + SQLite): {t_store:.1f} s; matcher build (LSH + TF-IDF): {t_index:.1f} s")
    print(f"store size: {size_db / 1e6:.1f} MB")
    print(f"queries: {len(times)} passages; median {statistics.median(times) * 1000:.1f} ms, "
          f"p95 {sorted(times)[int(len(times) * 0.95)] * 1000:.1f} ms per passage")
    for kind, (matched, total) in per_kind.items():
        print(f"  {kind:<10} matched {matched}/{total}")
    print(f"precision {precision:.3f}  recall {recall:.3f}  (threshold {args.threshold}, shingle overlap "
          f"{args.min_overlap})")
    store.close()


if __name__ == "__main__":
    main()
