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
4. Compares two matchers, each in a fresh process that loads the matcher from its cache (so its peak
   memory is what a review would need): ``lsh`` — LSH candidates then TF-IDF, what the review uses —
   and ``product`` — every draft passage word-segmented, one sparse matrix product with the whole corpus.
   Drafts are queried 5 passages at a time (both matchers batch a draft's passages).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline.core.model import Location
from pipeline.corpus.duplicates import load_index
from pipeline.corpus.store import CorpusStore, Passage, normal_tokens

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


def product_query_all(index, passages: list[Passage], threshold: float, exclude_doc: str | None = None,
                      min_overlap: float = 0.6, overlap_min_tokens: int = 20) -> list[tuple[int, int, float]]:
    """The alternative matcher: every passage of the draft word-segmented, then one sparse matrix product of
    the draft's TF-IDF vectors with the whole corpus matrix (no LSH); the same shingle-overlap rule."""
    import numpy as np
    from scipy.sparse import csr_matrix

    from pipeline.corpus.store import shingles

    tfidf = index.tfidf
    width = len(tfidf.idf)
    corpus = csr_matrix((tfidf.data, tfidf.indices, tfidf.indptr), shape=(len(index), width), copy=False)
    vectors = [tfidf.vector(p.words()) for p in passages]
    lengths = [len(c) for c, _ in vectors]
    query = csr_matrix((np.concatenate([w for _, w in vectors]), np.concatenate([c for c, _ in vectors]),
                        np.concatenate(([0], np.cumsum(lengths)))), shape=(len(passages), width))
    scores = (query @ corpus.T).tocsr()
    excluded = index.doc_names.index(exclude_doc) if exclude_doc in index.doc_names else -1
    out = []
    for i, passage in enumerate(passages):
        row = slice(scores.indptr[i], scores.indptr[i + 1])
        cols, vals = scores.indices[row], scores.data[row]
        keep = (vals >= threshold) & (index.doc_of[cols] != excluded)
        mine = shingles(passage.words()) if len(passage.words()) >= overlap_min_tokens else None
        for j, sc in zip(cols[keep].tolist(), vals[keep].tolist()):
            if mine is not None:
                theirs = index._shingles(j)
                if len(mine & theirs) / len(mine | theirs) < min_overlap:
                    continue
            out.append((i, j, min(float(sc), 1.0)))
    return out


def _peak_mib() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the parent it was
    forked from)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_queries(args: argparse.Namespace, store_path: Path, corpus: list, rng: random.Random) -> None:
    """In a process of its own (its peak memory is the review's): load the matcher from its cache, query
    100 drafts of 5 probe passages each, print time per passage, precision and recall."""
    store = CorpusStore(store_path)
    normal_tokens("Khởi động bộ tách từ")  # the word segmenter's model loads once per process, not per passage
    t0 = time.perf_counter()
    index = load_index(store)
    t_load = time.perf_counter() - t0
    if args.query_only == "product":
        index.query_all = lambda *a, **k: product_query_all(index, *a, **k)
    kinds = ["exact", "edited", "reordered", "near-miss", "fresh"]
    tp = fp = fn = 0
    per_kind = {k: [0, 0] for k in kinds}  # [matched, total]
    copies = dict.fromkeys(kinds, 0)  # "unmatched" probes whose match is the same text (numbers aside)
    times = []
    for q in range(args.drafts):
        draft = f"draft-{q:03d}.docx"
        probes, expected = [], []
        for kind in kinds:
            d = rng.randrange(args.docs)
            template, slots, text = corpus[d][rng.randrange(args.passages)]
            query = {"exact": text, "edited": light_edit(text, slots, rng), "reordered": reorder(text),
                     "near-miss": near_miss(rng, template, slots), "fresh": make_passage(rng)[2]}[kind]
            probes.append(Passage(draft, draft, "paragraph", query, Location(paragraph=len(probes) + 1)))
            expected.append(f"plan-{d:05d}.txt" if kind in ("exact", "edited", "reordered") else None)
        start = time.perf_counter()
        matches = index.query(probes, args.threshold, min_overlap=args.min_overlap)
        times.append((time.perf_counter() - start) / len(probes))
        found_by_para = {m.draft_location.paragraph: m.source_doc for m in matches}
        source_by_para = {m.draft_location.paragraph: m.source_text for m in matches}
        for k, (kind, want) in enumerate(zip(kinds, expected), 1):
            found = found_by_para.get(k)
            per_kind[kind][1] += 1
            if found is not None:
                per_kind[kind][0] += 1
            if want and found == want:
                tp += 1
            elif want:
                fn += 1
                if found:
                    fp += 1
            elif found:
                fp += 1
                if _same_text(probes[k - 1].text, source_by_para[k]):
                    copies[kind] += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    peak = _peak_mib()
    print(f"[{args.query_only}] matcher load from cache {t_load:.2f} s; {len(times) * 5} passages in drafts of 5: "
          f"median {statistics.median(times) * 1000:.1f} ms, p95 {sorted(times)[int(len(times) * 0.95)] * 1000:.1f} ms "
          f"per passage; review-process peak memory {peak:.0f} MiB")
    print(f"[{args.query_only}]   " + ", ".join(f"{kind} {m}/{t}" for kind, (m, t) in per_kind.items())
          + f"; precision {precision:.3f} recall {recall:.3f} (threshold {args.threshold}, shingle overlap "
            f"{args.min_overlap})", flush=True)
    if any(copies.values()):
        print(f"[{args.query_only}]   of those counted false, the corpus holds the same text (numbers and place "
              f"aside, word Jaccard ≥ 0.9): " + ", ".join(f"{kind} {n}" for kind, n in copies.items() if n)
              + " — a dense synthetic corpus repeats a random 'fresh' passage; the label, not the matcher, is wrong",
              flush=True)
    store.close()


def _same_text(a: str, b: str) -> bool:
    from pipeline.corpus.store import normal_syllables

    x, y = set(normal_syllables(a)), set(normal_syllables(b))
    return bool(x | y) and len(x & y) / len(x | y) >= 0.9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--passages", type=int, default=8, help="passages per corpus document")
    parser.add_argument("--drafts", type=int, default=100)
    parser.add_argument("--threshold", type=float, default=0.75)
    parser.add_argument("--min-overlap", type=float, default=0.6, help="word 3-shingle Jaccard for 20+ words")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="keep the store (and the matcher's cache) in this folder")
    parser.add_argument("--matchers", nargs="+", choices=["lsh", "product"], default=["lsh", "product"],
                        help="lsh: LSH candidates, then TF-IDF (what the review uses); product: one sparse matrix "
                             "product of the draft's passages with the whole corpus")
    parser.add_argument("--query-only", choices=["lsh", "product"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    folder = (args.keep or Path(tempfile.mkdtemp())).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["PLANREVIEW_CACHE"] = str(folder / "cache")
    store_path = folder / "bench-corpus.sqlite"
    corpus: list[list[tuple[int, dict, str]]] = [[make_passage(rng) for _ in range(args.passages)]
                                                  for _ in range(args.docs)]
    if args.query_only:
        measure_queries(args, store_path, corpus, rng)
        return
    reuse = store_path.exists() and args.keep is not None
    if not reuse:
        store_path.unlink(missing_ok=True)
        shutil.rmtree(folder / "cache", ignore_errors=True)
    t0 = time.perf_counter()
    store = CorpusStore(store_path)
    for d, passages in ([] if reuse else enumerate(corpus)):
        name = f"plan-{d:05d}.txt"
        store.add_passages(name, name, f"sha-{d}", f"Kế hoạch mẫu {d}",
                           [Passage(name, name, "paragraph", text, Location(paragraph=k + 1), normal_tokens(text))
                            for k, (_, _, text) in enumerate(passages)])
    t_store = time.perf_counter() - t0
    shutil.rmtree(folder / "cache", ignore_errors=True)
    t0 = time.perf_counter()
    index = load_index(store)
    t_index = time.perf_counter() - t0
    cache_size = sum(f.stat().st_size for f in (folder / "cache").glob("index-*"))
    print(f"corpus: {args.docs} documents, {len(index)} passages; store {store_path.stat().st_size / 1e6:.0f} MB "
          f"({'reused' if reuse else f'built in {t_store:.0f} s: tokenise + MinHash + SQLite'})")
    print(f"matcher build (LSH arrays + TF-IDF, written to the cache): {t_index:.1f} s, "
          f"cache {cache_size / 1e6:.0f} MB", flush=True)
    print(f"matcher build peak memory (this process): {_peak_mib():.0f} MiB", flush=True)
    store.close()
    del index
    for matcher in args.matchers:
        cmd = [sys.executable, __file__, "--docs", str(args.docs), "--passages", str(args.passages), "--drafts",
               str(args.drafts), "--threshold", str(args.threshold), "--min-overlap", str(args.min_overlap),
               "--seed", str(args.seed), "--keep", str(folder), "--query-only", matcher]
        subprocess.run(cmd, check=True)


if __name__ == "__main__":
    main()
