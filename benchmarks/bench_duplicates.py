"""Duplicate detection at national scale (run by hand, not in CI).

    python benchmarks/bench_duplicates.py [--docs 5000] [--passages 8] [--drafts 100] [--keep DIR]
    nice -n 10 python benchmarks/bench_duplicates.py --docs 50000 --keep /tmp/dup50k   # ~1 h on 2 busy cores

1. Generates a corpus of synthetic plan documents (passages built from sentence templates with random
   agencies, actions, objects, fields and places, plus one stock closing passage of "Tổ chức thực hiện" per
   plan — boilerplate shared by thousands of plans) and stores them in a SQLite corpus store one document per
   transaction, as `planreview corpus add` does, printing the time of each tenth (a linear build keeps it flat).
   With ``--keep DIR`` the store and the matcher's cache are kept and reused.
2. Builds the matcher in a process of its own (time, cache size, peak memory — of the streamed scikit-learn
   build's own child process too).
3. Generates drafts whose passages are, in equal parts: copied exactly, lightly edited (place name and numbers
   changed), reordered (sentences swapped), near misses (same template and place, other agency, action,
   object, field and purpose) and fresh text; and a stock passage with another place and agency. A near miss
   or fresh probe whose content (place and figures aside) some corpus plan holds, or all of it but one phrase,
   is drawn again (``--probes original``: as drawn before): at 50,000 plans the twelve templates' combinations
   run out, and such a "near miss" is a copy.
4. Queries them in a fresh process that loads the matcher from its cache (its peak memory is the review's:
   the generated corpus is not in it), and reports time per passage and precision / recall two ways: by probe
   kind (as before: exact, edited and reordered probes must match their source document, near misses and
   fresh text nothing) and by planted slots — a dense corpus holds, for many "near misses" and "fresh" probes,
   a plan with the same content (the label, not the matcher, is then wrong): a probe must match when some
   corpus plan holds its content (place and figures aside) and nothing else; a match one phrase apart is
   counted apart. ``--matchers product`` also runs one sparse matrix product per draft for comparison.
"""

from __future__ import annotations

import argparse
import json
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
    return TEMPLATES[template].format(**near_miss_slots(rng, slots))


def product_query_all(index, passages: list[Passage], threshold: float, exclude_doc: str | None = None,
                      min_overlap: float = 0.6, overlap_min_tokens: int = 20) -> list[tuple[int, int, float]]:
    """The alternative matcher: every passage of the draft word-segmented, then one sparse matrix product of
    the draft's TF-IDF vectors with the whole corpus matrix (no LSH); the same shingle-overlap rule."""
    import numpy as np
    from scipy.sparse import csr_matrix

    from pipeline.corpus.store import place_masked_syllables, shingle_hashes

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
        cols, vals = cols[keep], vals[keep]
        if len(cols) and len(passage.words()) >= overlap_min_tokens:
            keep = index.overlap(shingle_hashes(place_masked_syllables(passage.text)), cols) >= min_overlap
            cols, vals = cols[keep], vals[keep]
        out.extend((i, j, min(float(sc), 1.0)) for j, sc in zip(cols.tolist(), vals.tolist()))
    return out


def _peak_mib() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the parent it was
    forked from)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# The closing formulas of "Tổ chức thực hiện" that nearly every plan carries in its own words of the same
# shape (written here for the benchmark; {p} the plan's place, {a} the agency in charge): boilerplate shared
# by thousands of plans, the passages with the most candidates.
STOCK = [
    "Các phòng, ban, ngành và Ủy ban nhân dân các xã, thị trấn căn cứ nhiệm vụ được giao tại Kế hoạch này xây dựng "
    "kế hoạch chi tiết, chủ động bố trí nguồn lực triển khai; định kỳ báo cáo kết quả về Ủy ban nhân dân {p} qua "
    "{a} trước ngày 15 tháng 12 hằng năm.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc hoặc cần sửa đổi, bổ sung nội dung Kế hoạch, các cơ quan, "
    "đơn vị kịp thời phản ánh về {a} để tổng hợp, báo cáo Ủy ban nhân dân {p} xem xét, quyết định.",
    "Giao {a} chủ trì, phối hợp với các cơ quan, đơn vị liên quan theo dõi, đôn đốc, kiểm tra việc triển khai Kế "
    "hoạch; tham mưu Ủy ban nhân dân {p} sơ kết, tổng kết, đánh giá kết quả thực hiện theo từng giai đoạn.",
    "Phòng Tài chính - Kế hoạch tham mưu bố trí kinh phí thực hiện Kế hoạch trong dự toán ngân sách hằng năm của "
    "{p} theo phân cấp; hướng dẫn {a} và các đơn vị lập dự toán, quản lý, sử dụng, thanh quyết toán kinh phí.",
    "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam {p} và các đoàn thể chính trị - xã hội tuyên truyền, vận động đoàn "
    "viên, hội viên và Nhân dân tích cực tham gia, sử dụng các nền tảng số, dịch vụ công trực tuyến; {a} phối hợp.",
    "Đài Truyền thanh {p} mở chuyên mục về chuyển đổi số, thường xuyên đưa tin về các mô hình hay, cách làm hiệu "
    "quả, góp phần nâng cao nhận thức của cán bộ, công chức và người dân; {a} cung cấp thông tin.",
]
STOCK_SECTION = "IV. TỔ CHỨC THỰC HIỆN"
SECTIONS = ("tổ chức thực hiện", "trách nhiệm thực hiện", "mục đích, yêu cầu")  # rules/70-duplicates.yaml
CONTENT = ("a", "v", "o", "f", "u")  # the slots that make a passage's content (place and figures aside)


def make_corpus(args: argparse.Namespace, rng: random.Random) -> tuple[list, list]:
    """Template passages per document (the same draws as before stock passages existed) and, from a random
    generator of its own, one stock closing passage per document (``--stock``)."""
    corpus = [[make_passage(rng) for _ in range(args.passages)] for _ in range(args.docs)]
    srng = random.Random(args.seed + 1)
    stock = [STOCK[srng.randrange(len(STOCK))].format(p=srng.choice(PLACES), a=srng.choice(AGENCIES))
             if args.stock else None for _ in range(args.docs)]
    return corpus, stock


def doc_name(d: int) -> str:
    return f"plan-{d:05d}.txt"


def used(template: int) -> tuple[str, ...]:
    """The content slots a template writes (a slot it does not write changes nothing in the text)."""
    return tuple(k for k in CONTENT if "{" + k + "}" in TEMPLATES[template])


def content_key(template: int, slots: dict) -> tuple:
    return (template, *(slots[k] for k in used(template))) if template >= 0 else ()


def slot_distance(template: int, slots: dict, passages: list) -> int:
    """How many content slots the template writes differ from the nearest passage of the same template in that
    document (99: no passage of that template)."""
    return min((sum(slots[k] != s[k] for k in used(template)) for t, s, _ in passages if t == template),
               default=99)


KINDS = ["exact", "edited", "reordered", "near-miss", "fresh"]


def open_keys(template: int, slots: dict) -> list[int]:
    """The content key with each content slot left open in turn (hashed): a passage within one phrase of
    another shares one of them with it."""
    key = content_key(template, slots)
    return [hash(key[:i] + (None,) + key[i + 1:]) for i in range(1, len(key))]


def near_content(corpus: list) -> set[int]:
    """Every corpus passage's open keys: a probe with one of them is held by some plan within one phrase."""
    return {h for passages in corpus for t, s, _ in passages for h in open_keys(t, s)}


def make_probes(args: argparse.Namespace, corpus: list, stock: list, rng: random.Random,
                near: set[int] | None = None) -> list[dict]:
    """Drafts of five probes (six with a stock passage), the same draws as before; each probe keeps its template,
    slots and source document for scoring. With ``near`` (:func:`near_content`), a near miss or a fresh probe
    whose content some corpus plan holds, or holds but for one phrase, is drawn again (from a generator of its
    own, so the other probes stay the same): a dense corpus holds every combination of a template with few
    slots, and such a probe is a copy, not a near miss — its label, not the matcher, would be wrong."""
    srng, again = random.Random(args.seed + 2), random.Random(args.seed + 3)
    redrawn = {"near-miss": 0, "fresh": 0}

    def held(template: int, slots: dict) -> bool:
        return near is not None and any(h in near for h in open_keys(template, slots))

    drafts = []
    for _ in range(args.drafts):
        probes = []
        for kind in KINDS:
            d = rng.randrange(args.docs)
            template, slots, text = corpus[d][rng.randrange(args.passages)]
            # every variant drawn for every kind, as before (the same random draws, the same probes)
            edited, other = light_edit(text, slots, rng), near_miss_slots(rng, slots)
            ft, fs, fresh = make_passage(rng)
            if kind == "near-miss" and held(template, other):
                redrawn[kind] += 1
                for tries in range(10_000):  # (a template whose combinations the corpus all holds: another one)
                    if tries % 100 == 99:
                        d = again.randrange(args.docs)
                        template, slots, text = corpus[d][again.randrange(args.passages)]
                    other = near_miss_slots(again, slots)
                    if not held(template, other):
                        break
            if kind == "fresh":
                redrawn[kind] += held(ft, fs)
                while held(ft, fs):
                    ft, fs, fresh = make_passage(again)
            query, qt, qs = {"exact": (text, template, slots), "edited": (edited, template, slots),
                             "reordered": (reorder(text), template, slots),
                             "near-miss": (TEMPLATES[template].format(**other), template, other),
                             "fresh": (fresh, ft, fs)}[kind]
            probes.append({"kind": kind, "text": query, "template": qt, "slots": qs, "source": d, "section": ""})
        if args.stock:
            d = srng.randrange(args.docs)
            text = STOCK[srng.randrange(len(STOCK))].format(p=srng.choice(PLACES), a=srng.choice(AGENCIES))
            probes.append({"kind": "stock", "text": text, "template": -1, "slots": {}, "source": d,
                           "section": STOCK_SECTION})
        drafts.append(probes)
    if near is not None:
        print(f"probes: {redrawn['near-miss']} near misses and {redrawn['fresh']} fresh probes of {args.drafts} each "
              "drawn again (a corpus plan held their content, or all of it but one phrase)", flush=True)
    return drafts


def near_miss_slots(rng: random.Random, slots: dict) -> dict:
    """near_miss()'s slots: same template and place, a different agency, action, object, field and purpose."""
    other = dict(slots)
    other["a"] = rng.choice([a for a in AGENCIES if a != slots["a"]])
    other["v"] = rng.choice([v for v in ACTIONS if v != slots["v"]])
    other["o"] = rng.choice([o for o in OBJECTS if o != slots["o"]])
    other["f"] = rng.choice([f for f in FIELDS if f != slots["f"]])
    other["u"] = rng.choice([u for u in PURPOSES if u != slots["u"]])
    return other


def query_child(args: argparse.Namespace, store_path: Path) -> None:
    """The review's side, in a process of its own (its peak memory is the review's): load the matcher from its
    cache, query the drafts of ``probes.json``, write what matched and the times to ``results.json``."""
    folder = store_path.parent
    drafts = json.loads((folder / "probes.json").read_text(encoding="utf-8"))
    normal_tokens("Khởi động bộ tách từ")  # the word segmenter's model loads once per process, not per passage
    base = _rss_mib()
    store = CorpusStore(store_path)
    t0 = time.perf_counter()
    index = load_index(store)
    t_load = time.perf_counter() - t0
    if args.query_only == "product":
        index.hits = lambda *a, **k: _grouped(product_query_all(index, *a, **k))
    results, times = [], []
    for q, probes in enumerate(drafts):
        draft = f"draft-{q:03d}.docx"
        passages = [Passage(draft, draft, "paragraph", p["text"], Location(section=p["section"], paragraph=k + 1))
                    for k, p in enumerate(probes)]
        start = time.perf_counter()
        matches = index.query(passages, args.threshold, min_overlap=args.min_overlap, boilerplate_sections=SECTIONS)
        times.append((time.perf_counter() - start) / len(passages))
        results.append({m.draft_location.paragraph: {"doc": m.source_doc, "score": m.score, "text": m.source_text,
                                                     "boilerplate": m.boilerplate, "also_in": m.also_in}
                        for m in matches})
    store.close()
    (folder / f"results-{args.query_only}.json").write_text(json.dumps(
        {"results": results, "times": times, "load": t_load, "peak": _peak_mib(), "base": base}), encoding="utf-8")


def _grouped(found: list[tuple[int, int, float]]):
    """(i, j, score) triples as CorpusIndex.hits gives them: per passage, its corpus passages and scores."""
    import numpy as np

    by_passage: dict[int, list[tuple[int, float]]] = {}
    for i, j, sc in found:
        by_passage.setdefault(i, []).append((j, sc))
    for i, pairs in sorted(by_passage.items()):
        yield i, np.array([j for j, _ in pairs], dtype=np.int64), np.array([sc for _, sc in pairs])


def build_child(store_path: Path) -> None:
    """The matcher's build, in a process of its own (its peak memory is the build's)."""
    store = CorpusStore(store_path)
    t0 = time.perf_counter()
    index = load_index(store)
    elapsed = time.perf_counter() - t0
    cache = store_path.parent / "cache"
    size = sum(f.stat().st_size for f in cache.glob("index-*"))
    import resource

    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the streamed build's own process
    print(f"matcher build (from the store, written to the cache): {elapsed:.1f} s, cache {size / 1e6:.0f} MB, "
          f"{len(index)} passages; build peak memory {max(_peak_mib(), child):.0f} MiB (this process "
          f"{_peak_mib():.0f}, the build's child process {child:.0f})", flush=True)


def score(args: argparse.Namespace, matcher: str, drafts: list, corpus: list, stock: list, copies: dict) -> None:
    """Precision and recall two ways. By probe kind: exact, edited and reordered probes must match their source
    document (or another plan holding the same content), near misses and fresh text nothing. By planted slots:
    a probe must match when the corpus holds its content (same template, agency, action, object, field and
    purpose; place and figures aside) — in its source or any other document — and must not match anything
    else; a match whose source differs in exactly one content slot (one phrase changed) is counted apart,
    neither right nor wrong."""
    data = json.loads((args.keep / f"results-{matcher}.json").read_text(encoding="utf-8"))
    times = data["times"]
    kind_counts = {k: [0, 0] for k in KINDS}
    k_tp = k_fp = k_fn = 0
    s_tp = s_fp = s_fn = one_phrase = 0
    wrong: dict[int, int] = {}  # slot distance of matches counted wrong → count
    stock_found = stock_set_aside = stock_total = 0
    for probes, found in zip(drafts, data["results"]):
        for k, p in enumerate(probes, 1):
            hit = found.get(str(k))
            if p["kind"] == "stock":
                stock_total += 1
                stock_found += hit is not None
                stock_set_aside += bool(hit and hit["boilerplate"])
                continue
            kind_counts[p["kind"]][1] += 1
            kind_counts[p["kind"]][0] += hit is not None
            want = doc_name(p["source"]) if p["kind"] in ("exact", "edited", "reordered") else None
            held = copies.get(content_key(p["template"], p["slots"]), ())
            if want and hit and (hit["doc"] == want or int(hit["doc"][5:10]) in held):
                k_tp += 1  # (its source, or another plan with the same content: the earliest is reported)
            elif want:
                k_fn += 1
                k_fp += hit is not None
            elif hit:
                k_fp += 1
            if hit is None:
                s_fn += bool(held)
                continue
            dist = slot_distance(p["template"], p["slots"], corpus[int(hit["doc"][5:10])])
            if dist == 0:
                s_tp += 1
            elif dist == 1:
                one_phrase += 1
            else:
                s_fp += 1
                s_fn += bool(held)
                wrong[dist] = wrong.get(dist, 0) + 1
    kp, kr = k_tp / max(k_tp + k_fp, 1), k_tp / max(k_tp + k_fn, 1)
    sp, sr = s_tp / max(s_tp + s_fp, 1), s_tp / max(s_tp + s_fn, 1)
    print(f"[{matcher}] load {data['load']:.2f} s; {sum(len(p) for p in drafts)} passages in drafts of "
          f"{len(drafts[0])}: median {statistics.median(times) * 1000:.1f} ms, p95 "
          f"{sorted(times)[int(len(times) * 0.95)] * 1000:.1f} ms per passage; review peak memory "
          f"{data['peak']:.0f} MiB (python + underthesea before the matcher: {data['base']:.0f} MiB)")
    print(f"[{matcher}]   matched: " + ", ".join(f"{kind} {m}/{t}" for kind, (m, t) in kind_counts.items())
          + (f"; stock {stock_found}/{stock_total} ({stock_set_aside} set aside as boilerplate)"
             if stock_total else ""))
    print(f"[{matcher}]   by probe kind: precision {kp:.3f} recall {kr:.3f}; by planted slots: precision {sp:.3f} "
          f"recall {sr:.3f} ({one_phrase} matches one phrase apart set aside; wrong matches by content slots "
          f"changed: {dict(sorted(wrong.items()))}) — threshold {args.threshold}, shingle overlap {args.min_overlap}",
          flush=True)


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def build_store(store_path: Path, corpus: list, stock: list) -> None:
    """Store every document as ``planreview corpus add`` does (one transaction per document), printing the
    time of each tenth: a linear build keeps it flat."""
    store = CorpusStore(store_path)
    tenth = max(len(corpus) // 10, 1)
    t0 = last = time.perf_counter()
    laps = []
    for d, passages in enumerate(corpus):
        name = doc_name(d)
        items = [Passage(name, name, "paragraph", text, Location(paragraph=k + 1), normal_tokens(text))
                 for k, (_, _, text) in enumerate(passages)]
        if stock[d]:
            items.append(Passage(name, name, "paragraph", stock[d], Location(section=STOCK_SECTION, paragraph=99),
                                 normal_tokens(stock[d])))
        store.add_passages(name, name, f"sha-{d}", f"Kế hoạch mẫu {d}", items)
        if (d + 1) % tenth == 0:
            now = time.perf_counter()
            laps.append(now - last)
            last = now
    store.close()
    total = time.perf_counter() - t0
    print(f"store built in {total:.0f} s (tokenise + MinHash + SQLite, one transaction per document); seconds per "
          f"tenth: {' '.join(f'{x:.0f}' for x in laps)} (last/first {laps[-1] / laps[0]:.2f})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--passages", type=int, default=8, help="template passages per corpus document")
    parser.add_argument("--stock", type=int, choices=[0, 1], default=1,
                        help="1: each document also carries one stock closing passage (boilerplate)")
    parser.add_argument("--drafts", type=int, default=100)
    parser.add_argument("--threshold", type=float, default=0.75)
    parser.add_argument("--min-overlap", type=float, default=0.7,
                        help="masked syllable 3-shingle Jaccard for 20+ words (rules/70-duplicates.yaml)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="keep the store (and the matcher's cache) in this folder; "
                                                  "a store already there is reused")
    parser.add_argument("--rebuild-matcher", action="store_true", help="build the matcher again (default: reuse "
                                                                       "the cache a kept folder holds)")
    parser.add_argument("--matchers", nargs="+", choices=["lsh", "product"], default=["lsh"],
                        help="lsh: LSH candidates, then TF-IDF (what the review uses); product: one sparse matrix "
                             "product of the draft's passages with the whole corpus")
    parser.add_argument("--probes", choices=["unheld", "original"], default="unheld",
                        help="unheld: near misses and fresh probes the corpus holds (within one phrase) are drawn "
                             "again, so that the probe-kind labels are true; original: as drawn (before 8 Dec 2026)")
    parser.add_argument("--query-only", choices=["lsh", "product"], help=argparse.SUPPRESS)
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.keep = (args.keep or Path(tempfile.mkdtemp())).resolve()
    args.keep.mkdir(parents=True, exist_ok=True)
    os.environ["PLANREVIEW_CACHE"] = str(args.keep / "cache")
    store_path = args.keep / "bench-corpus.sqlite"
    if args.query_only:
        query_child(args, store_path)
        return
    if args.build_only:
        build_child(store_path)
        return
    rng = random.Random(args.seed)
    corpus, stock = make_corpus(args, rng)
    if not store_path.exists():
        shutil.rmtree(args.keep / "cache", ignore_errors=True)
        build_store(store_path, corpus, stock)
    else:
        print(f"store reused: {store_path} ({store_path.stat().st_size / 1e6:.0f} MB)")
    print(f"corpus: {args.docs} documents × {args.passages} passages{' + 1 stock passage' if args.stock else ''}",
          flush=True)
    child = [sys.executable, __file__, "--docs", str(args.docs), "--passages", str(args.passages), "--stock",
             str(args.stock), "--threshold", str(args.threshold), "--min-overlap", str(args.min_overlap),
             "--seed", str(args.seed), "--keep", str(args.keep)]
    if args.rebuild_matcher or not list((args.keep / "cache").glob("index-*")):
        shutil.rmtree(args.keep / "cache", ignore_errors=True)
        subprocess.run([*child, "--build-only"], check=True)
    drafts = make_probes(args, corpus, stock, rng, near_content(corpus) if args.probes == "unheld" else None)
    (args.keep / "probes.json").write_text(json.dumps(drafts, ensure_ascii=False), encoding="utf-8")
    copies: dict[tuple, list[int]] = {}
    for d, passages in enumerate(corpus):
        for t, s, _ in passages:
            copies.setdefault(content_key(t, s), []).append(d)
    for matcher in args.matchers:
        subprocess.run([*child, "--query-only", matcher], check=True)
        score(args, matcher, drafts, corpus, stock, copies)


if __name__ == "__main__":
    main()
