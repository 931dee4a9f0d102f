"""Duplicate detection: the corpus store, two-stage matching, alignment, cross-draft comparison."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from pipeline.apps.cli import main
from pipeline.core.model import Location
from pipeline.corpus.duplicates import CorpusIndex, align, cross_check
from pipeline.corpus.store import CorpusStore, Passage, normal_tokens
from pipeline.rules.loader import load_rules
from planreview_testing.synthetic import CORPUS_PARAGRAPH, clean_spec

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpora"


def passage(doc: str, text: str, kind: str = "paragraph") -> Passage:
    return Passage(doc, doc, kind, text, Location(paragraph=1), normal_tokens(text))


@pytest.fixture(scope="module")
def index() -> CorpusIndex:
    source = CORPUS_PARAGRAPH.format(where="tỉnh Thanh Lâm")
    others = [
        "Phát triển hạ tầng viễn thông băng rộng chất lượng cao, phủ sóng di động 4G, 5G đến các khu công nghiệp, "
        "khu du lịch và vùng đồng bào dân tộc thiểu số trên địa bàn tỉnh.",
        "Đẩy mạnh cung cấp dịch vụ công trực tuyến toàn trình, phấn đấu tỷ lệ hồ sơ trực tuyến toàn trình đạt "
        "trên 80%; 100% kết quả giải quyết thủ tục hành chính được số hóa.",
    ]
    return CorpusIndex.from_passages([passage("ke-hoach-tinh.txt", source)]
                                     + [passage(f"khac-{i}.txt", t) for i, t in enumerate(others)])


@pytest.mark.parametrize(("name", "text"), [
    ("exact", CORPUS_PARAGRAPH.format(where="tỉnh Thanh Lâm")),
    ("district name changed", CORPUS_PARAGRAPH.format(where="huyện Đông Hải")),
    ("numbers changed", CORPUS_PARAGRAPH.format(where="huyện Đông Hải").replace("100%", "90%")),
    ("sentences reordered",
     "Xây dựng kho dữ liệu dùng chung phục vụ chỉ đạo, điều hành và cung cấp dữ liệu mở cho người dân, doanh "
     "nghiệp; triển khai nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP) kết nối với nền tảng tích hợp, chia "
     "sẻ dữ liệu quốc gia, bảo đảm 100% hệ thống thông tin dùng chung của huyện được kết nối, liên thông."),
])
def test_light_edits_are_found(index, name, text):
    (match,) = index.query([passage("du-thao.docx", text)], threshold=0.75)
    assert match.source_doc == "ke-hoach-tinh.txt" and match.score >= 0.75, name


@pytest.mark.parametrize("text", [
    # same topic, different wording: a near miss, not a copy
    "Huyện phối hợp với Sở Thông tin và Truyền thông kết nối phần mềm một cửa của huyện với nền tảng chia sẻ dữ "
    "liệu của tỉnh, bảo đảm dữ liệu hồ sơ được đồng bộ.",
    "Tổ chức tập huấn kỹ năng số cho cán bộ, công chức cấp xã vào các ngày cuối tuần tại trung tâm văn hóa huyện.",
])
def test_near_misses_are_not(index, text):
    assert index.query([passage("du-thao.docx", text)], threshold=0.75) == []


def test_boilerplate_of_the_plan_form_is_set_aside():
    stock = ("Giao Phòng Văn hóa và Thông tin chủ trì theo dõi, tổng hợp kết quả thực hiện, định kỳ báo cáo Ủy ban "
             "nhân dân huyện trước ngày 15 tháng 12 hằng năm.")
    idx = CorpusIndex.from_passages([passage(f"plan-{i}.txt", stock) for i in range(3)])
    draft = Passage("du-thao.docx", "", "paragraph", stock, Location(section="V. TỔ CHỨC THỰC HIỆN", paragraph=9),
                    normal_tokens(stock))
    sections = ("tổ chức thực hiện",)
    (match,) = idx.query([draft], threshold=0.75, boilerplate_docs=3, boilerplate_sections=sections)
    assert match.boilerplate and match.also_in == 2
    (match,) = idx.query([draft], threshold=0.75, boilerplate_docs=4, boilerplate_sections=sections)
    assert not match.boilerplate


def test_copy_of_the_provincial_programme_is_reported_with_its_source_however_many_repeat_it():
    """The duplication councils must catch: a paragraph of the provincial plan that several earlier district
    plans copied too is reported (never dropped as boilerplate), with the provincial plan as its source."""
    text = CORPUS_PARAGRAPH.format(where="tỉnh Thanh Lâm")
    province = Passage("ke-hoach-tinh.txt", "Kế hoạch chuyển đổi số tỉnh Thanh Lâm giai đoạn 2021-2025", "paragraph",
                       text, Location(paragraph=3), normal_tokens(text))
    districts = [Passage(f"huyen-{i}.txt", f"Kế hoạch chuyển đổi số huyện Số {i} năm {2022 + i}", "paragraph",
                         text, Location(paragraph=5), normal_tokens(text)) for i in range(3)]
    idx = CorpusIndex.from_passages(districts + [province])
    (match,) = idx.query([passage("du-thao.docx", text)], threshold=0.75, boilerplate_docs=3)
    assert not match.boilerplate
    assert match.source_doc == "ke-hoach-tinh.txt" and match.also_in == 3


def test_alignment_marks_shared_words():
    a = CORPUS_PARAGRAPH.format(where="huyện Đông Hải")
    b = CORPUS_PARAGRAPH.format(where="tỉnh Thanh Lâm")
    pieces_a, pieces_b = align(a, b)
    unshared = [t for t, shared in pieces_a if not shared]
    assert unshared == ["huyện Đông Hải"]
    assert [t for t, shared in pieces_b if not shared] == ["tỉnh Thanh Lâm"]


def test_store_add_is_idempotent_and_skips_corrupt_files(tmp_path):
    ruleset = load_rules()
    bad = tmp_path / "hong.docx"
    bad.write_bytes(b"not a zip")
    store = CorpusStore(tmp_path / "corpus.sqlite")
    from pipeline.corpus.store import add_files

    added, same, errors = add_files(store, [CORPUS, bad], ruleset, progress=False)
    assert len(added) == 4 and same == [] and len(errors) == 1 and "hong.docx" in errors[0]
    version = store.version
    added, same, errors = add_files(store, [CORPUS], ruleset, progress=False)
    assert added == [] and len(same) == 4 and store.version == version
    docs = store.documents()
    provincial = next(d for d in docs if d.name.startswith("ke-hoach-cds-tinh"))
    assert provincial.passages >= 10
    kinds = {p.kind for p, _ in store.iter_passages()}
    assert kinds == {"paragraph", "task"}
    assert store.remove(provincial.name) and len(store.documents()) == 3 and store.version != version
    store.close()
    rows = sqlite3.connect(tmp_path / "corpus.sqlite").execute("SELECT COUNT(*) FROM passages").fetchone()[0]
    assert rows == sum(d.passages for d in docs if d.id != provincial.id)  # passages removed with their document


def test_cli_corpus_commands_and_review_with_store(tmp_path, make_draft, capsys):
    store = tmp_path / "kho.sqlite"
    assert main(["corpus", "add", str(CORPUS), "--store", str(store), "--no-progress"]) == 0
    assert main(["corpus", "add", str(CORPUS), "--store", str(store), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "thêm 4 văn bản" in out and "4 đã có sẵn" in out
    assert main(["corpus", "list", "--store", str(store)]) == 0
    assert "ke-hoach-cds-tinh-thanh-lam-2021-2025.txt" in capsys.readouterr().out
    draft = make_draft(clean_spec(copy_corpus=True, copy_corpus_task=True), "store-review.docx")
    assert main(["review", str(draft), "-o", str(tmp_path / "o"), "--store", str(store)]) == 0
    md = (tmp_path / "o" / "memo.md").read_text(encoding="utf-8")
    assert "nhiệm vụ 3 của KẾ HOẠCH" in md
    assert "**Triển khai nền tảng tích hợp" in md and "huyện Đông Hải" in md  # shared words in bold
    html = (tmp_path / "o" / "memo.html").read_text(encoding="utf-8")
    assert "<mark>" in html
    assert main(["corpus", "remove", "ke-hoach-cds-tinh-thanh-lam-2021-2025.txt", "--store", str(store)]) == 0
    assert main(["review", str(draft), "-o", str(tmp_path / "o2"), "--store", str(store)]) == 0
    assert "DUP-01" not in (tmp_path / "o2" / "findings.json").read_text(encoding="utf-8")
    assert main(["corpus", "remove", "khong-co", "--store", str(store)]) == 2
    assert main(["review", str(draft), "-o", str(tmp_path / "o3"), "--store", str(tmp_path / "none.sqlite")]) == 2


def test_dup_threshold_option(tmp_path, make_draft):
    import json

    draft = make_draft(clean_spec(copy_corpus=True), "threshold.docx")
    assert main(["review", str(draft), "-o", str(tmp_path / "a"), "--dup-threshold", "0.99"]) == 0
    assert json.loads((tmp_path / "a" / "findings.json").read_text(encoding="utf-8"))["duplicates"] == []
    assert main(["review", str(draft), "-o", str(tmp_path / "b"), "--dup-threshold", "1.5"]) == 2


def test_cross_check_between_drafts():
    shared_text = CORPUS_PARAGRAPH.format(where="huyện A")
    drafts = {
        "a.docx": [passage("a.docx", shared_text), passage("a.docx", "Nội dung riêng của huyện A về du lịch "
                                                                      "cộng đồng gắn với làng nghề truyền thống.")],
        "b.docx": [passage("b.docx", CORPUS_PARAGRAPH.format(where="huyện B"))],
        "c.docx": [passage("c.docx", "Huyện C ưu tiên số hóa dữ liệu đất đai và hồ sơ địa chính của các xã.")],
    }
    cross = cross_check(drafts, threshold=0.75)
    assert cross.names == ["a.docx", "b.docx", "c.docx"]
    assert cross.share[0, 1] == 0.5 and cross.share[1, 0] == 1.0 and cross.share[0, 2] == 0
    (m,) = cross.shared
    assert (m.draft_doc, m.source_doc) == ("a.docx", "b.docx")


def test_batch_writes_similarity_heat_map(tmp_path, make_draft):
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    for name, spec in {"huyen-a.docx": clean_spec(district="An Lạc"), "huyen-b.txt": clean_spec(district="Bình Minh"),
                       "huyen-c.txt": clean_spec(district="Cẩm Phú", task_format="list")}.items():
        (drafts / name).write_bytes(make_draft(spec, "x-" + name).read_bytes())
    out = tmp_path / "out"
    assert main(["batch", str(drafts), "-o", str(out), "--no-progress"]) == 0
    html = (out / "similarity.html").read_text(encoding="utf-8")
    assert "huyen-a.docx" in html and "<mark>" in html
    with (out / "shared_passages.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and {r["Dự thảo A"] for r in rows} <= {"huyen-a.docx", "huyen-b.txt", "huyen-c.txt"}
    assert 'href="similarity.html"' in (out / "summary.html").read_text(encoding="utf-8")


def test_tfidf_arrays_score_as_scikit_learn_does():
    """The matcher's own TF-IDF (plain arrays, no scikit-learn at review time) gives the cosines of scikit-learn's
    TfidfVectorizer and of its HashingVectorizer + TfidfTransformer (what the streamed build uses)."""
    import numpy as np
    from sklearn.feature_extraction import text as sklearn_text  # a dev dependency: missing fails, never skips

    from pipeline.corpus.duplicates import Tfidf, _terms
    from pipeline.corpus.termhash import N_FEATURES

    texts = [CORPUS_PARAGRAPH.format(where=w) for w in ("tỉnh Thanh Lâm", "huyện Đông Hải")] + [
        "Phát triển hạ tầng viễn thông băng rộng, phủ sóng di động 4G, 5G đến các khu công nghiệp và thôn bản.",
        "Đào tạo kỹ năng số cho cán bộ, công chức cấp xã; mỗi thôn có một tổ công nghệ số cộng đồng.",
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính; 100% hồ sơ được số hóa, tái sử dụng dữ liệu."]
    words = [normal_tokens(t) for t in texts]
    ours = Tfidf.fit(words)
    vectorizer = sklearn_text.TfidfVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False,
                                              ngram_range=(1, 2), sublinear_tf=True)
    matrix = vectorizer.fit_transform([" ".join(w) for w in words])
    hasher = sklearn_text.HashingVectorizer(analyzer=_terms, n_features=N_FEATURES, alternate_sign=False, norm=None)
    weighting = sklearn_text.TfidfTransformer(sublinear_tf=True).fit(hasher.transform(words))
    hashed = weighting.transform(hasher.transform(words))
    assert np.array_equal(np.sort(hashed[3].indices), ours.indices[ours.indptr[3]:ours.indptr[4]])
    queries = (words[1], words[3][:12], normal_tokens("Kết nối hạ tầng viễn thông của huyện với tỉnh"))
    for query in queries:
        expected = (matrix @ vectorizer.transform([" ".join(query)]).T).toarray().ravel()
        got = ours.scores(ours.vector(query), np.arange(len(texts)))
        assert np.allclose(got, expected, rtol=0, atol=1e-6)
        assert expected.max() > 0.1  # not a vacuous comparison
    # a draft's term the corpus never uses is left out of its vector, as TfidfVectorizer's vocabulary leaves it
    cols, _ = ours.vector(words[3][:12] + ["từ_chưa_từng_có"])
    assert len(cols) == len(ours.vector(words[3][:12])[0])


def test_term_columns_are_scikit_learns_murmurhash():
    """The review's pure-Python MurmurHash3 gives scikit-learn's hash, so a draft's terms land in the columns the
    streamed build (HashingVectorizer) gave the corpus."""
    import random

    from sklearn.utils import murmurhash3_32

    from pipeline.corpus.termhash import murmurhash3_32 as ours

    rng = random.Random(3)
    terms = ["", "a", "ab", "abc", "abcd", "chuyển_đổi số", "ủy_ban nhân_dân"] + [
        "".join(chr(rng.randrange(32, 0x1EF9)) for _ in range(rng.randrange(0, 23))) for _ in range(3000)]
    for term in terms:
        data = term.encode("utf-8", "surrogatepass")
        assert ours(data) == murmurhash3_32(data, seed=0), term


def test_array_lsh_finds_what_datasketch_lsh_finds():
    """BandIndex (plain arrays, parameters precomputed) returns exactly the candidates of datasketch's MinHashLSH
    with its own optimiser's parameters, on real corpus passages and light edits of them."""
    import numpy as np
    from datasketch import MinHashLSH

    from pipeline.corpus.duplicates import LSH_PARAMS, BandIndex
    from pipeline.corpus.store import NUM_PERM, minhashes_of
    from pipeline.rules.loader import load_rules

    ruleset = load_rules()
    from pipeline.analyse.segment import segment
    from pipeline.corpus.store import passages_of
    from pipeline.ingest.read import parse_file

    texts = [p.text for f in sorted(CORPUS.iterdir()) if f.suffix == ".txt"
             for p in passages_of(segment(parse_file(f), ruleset), f.name, ruleset)]
    queries = texts[::3] + [t.replace("tỉnh", "huyện").replace("2025", "2030") for t in texts[1::4]]
    for threshold, (bands, rows) in LSH_PARAMS.items():
        theirs = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        assert (theirs.b, theirs.r) == (bands, rows)
        corpus_mh = minhashes_of([normal_tokens(t) for t in texts])
        for i, m in enumerate(corpus_mh):
            theirs.insert(i, m)
        ours = BandIndex.build(np.array([m.hashvalues for m in corpus_mh], dtype=np.uint64), bands, rows)
        query_mh = minhashes_of([normal_tokens(t) for t in queries])
        got = ours.query_many(np.array([m.hashvalues for m in query_mh], dtype=np.uint64))
        assert [sorted(theirs.query(m)) for m in query_mh] == [g.tolist() for g in got]
        assert sum(len(g) for g in got) > len(queries)  # the comparison is not vacuous


def test_review_imports_neither_scipy_nor_scikit_learn(tmp_path):
    """Start-up (issue 13): the review path needs no scipy (datasketch's LSH optimiser, scikit-learn)."""
    import subprocess
    import sys

    draft = str(ROOT / "samples" / "de-an-cds-dong-hai.docx")
    code = ("import sys; from pipeline.apps.cli import main; "
            f"assert main(['review', {draft!r}, '-o', {str(tmp_path)!r}]) == 0; "
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('scipy', 'sklearn', 'joblib')); "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, cwd=ROOT)
    assert (tmp_path / "memo.md").is_file()


def test_vectorised_signatures_equal_datasketch_minhash():
    """signatures_of (all passages at once) gives datasketch's MinHash values, also for empty and 1-word lists,
    and across chunk borders — the stored signatures and the matcher's must agree."""
    import numpy as np

    from pipeline.corpus.store import minhash_of, minhashes_of, normal_syllables, signatures_of

    lists = [normal_syllables(CORPUS_PARAGRAPH.format(where="tỉnh Thanh Lâm")), [], ["một"], ["hai", "từ"],
             normal_tokens(CORPUS_PARAGRAPH.format(where="huyện Đông Hải"))] * 3
    expected = np.array([m.hashvalues for m in minhashes_of(lists)], dtype=np.uint64)
    assert np.array_equal(signatures_of(lists), expected)
    assert np.array_equal(signatures_of(lists, chunk=7), expected)
    assert np.array_equal(signatures_of(lists[:1])[0], np.asarray(minhash_of(lists[0]).hashvalues, dtype=np.uint64))


def test_streamed_scikit_learn_build_equals_the_matcher_built_in_memory(tmp_path):
    """index_build streams the store through HashingVectorizer/TfidfTransformer in chunks (here of 3 passages)
    into the cache file; it holds the arrays of the matcher built in memory with numpy, float rounding aside."""
    import numpy as np

    from pipeline.corpus.index_build import build_cache

    texts = [CORPUS_PARAGRAPH.format(where=w) for w in ("tỉnh Thanh Lâm", "huyện Đông Hải", "xã Tân Hòa")] + [
        "Phát triển hạ tầng viễn thông băng rộng, phủ sóng di động 4G, 5G đến các khu công nghiệp và thôn bản.",
        "Đào tạo kỹ năng số cho cán bộ, công chức cấp xã; mỗi thôn có một tổ công nghệ số cộng đồng."]
    store = CorpusStore(tmp_path / "corpus.sqlite")
    for d, text in enumerate(texts):
        name = f"ke-hoach-{d}.txt"
        store.add_passages(name, name, f"sha-{d}", f"Kế hoạch {d}", [passage(name, text), passage(name, text.upper())])
    whole = CorpusIndex.from_store(store)
    assert build_cache(store.path, tmp_path / "index.arrays", chunk=3) == 10
    streamed = CorpusIndex.load(tmp_path / "index.arrays")
    ours, theirs = whole.arrays(), streamed.arrays()
    assert ours.keys() == theirs.keys()
    for name, array in ours.items():
        if name in ("data", "idf"):
            assert np.allclose(array, theirs[name], rtol=0, atol=1e-6), name
        else:
            assert np.array_equal(array, theirs[name]), name
    assert streamed.header() == whole.header() and len(streamed) == 10 and streamed.doc(9) == "ke-hoach-4.txt"
    probe = [passage("du-thao.docx", CORPUS_PARAGRAPH.format(where="huyện Bình Minh"))]
    assert [m.source_doc for m in streamed.query(probe, 0.75)] == [m.source_doc for m in whole.query(probe, 0.75)]
    store.close()


def test_the_fences_are_written_with_the_keys_and_read_back(tmp_path, monkeypatch):
    """Every FENCE-th key of each band is stored in the cache file by both builds (read at load instead of taken
    from the mapped keys): a fence of 2 keys makes the 10 passages' bands fenced."""
    import numpy as np

    from pipeline.corpus import duplicates, index_build

    monkeypatch.setattr(duplicates, "FENCE", 2)
    monkeypatch.setattr(index_build, "FENCE", 2)
    texts = [CORPUS_PARAGRAPH.format(where=w) for w in ("tỉnh Thanh Lâm", "huyện Đông Hải", "xã Tân Hòa",
                                                         "xã Suối Lam", "phường Hòa An")]
    store = CorpusStore(tmp_path / "corpus.sqlite")
    for d, text in enumerate(texts):
        name = f"ke-hoach-{d}.txt"
        store.add_passages(name, name, f"sha-{d}", f"Kế hoạch {d}", [passage(name, text), passage(name, text.upper())])
    whole = CorpusIndex.from_store(store)
    whole.save(tmp_path / "whole.arrays")
    index_build.build_cache(store.path, tmp_path / "streamed.arrays", chunk=3)
    for built in (CorpusIndex.load(tmp_path / "whole.arrays"), CorpusIndex.load(tmp_path / "streamed.arrays")):
        for bands, keys in ((built.lsh, whole.lsh.keys), (built.prefilter, whole.prefilter.keys),
                            (built.masked, whole.masked.keys)):
            assert bands.fences is not None and bands.fences.shape == (len(keys), 5)
            assert np.array_equal(bands.fences, keys[:, ::2])
        probe = [passage("du-thao.docx", CORPUS_PARAGRAPH.format(where="huyện Bình Minh"))]
        assert [m.source_doc for m in built.query(probe, 0.75)] == [m.source_doc for m in whole.query(probe, 0.75)]
    store.close()


def test_a_large_store_is_built_in_a_child_process(tmp_path, monkeypatch):
    """load_index builds a large store's matcher with scikit-learn in a process of its own and maps the file it
    wrote; the next load reads the cache."""
    from pipeline.corpus import duplicates

    store = CorpusStore(tmp_path / "corpus.sqlite")
    for d, where in enumerate(("tỉnh Thanh Lâm", "huyện Đông Hải")):
        name = f"ke-hoach-{d}.txt"
        text = CORPUS_PARAGRAPH.format(where=where)
        store.add_passages(name, name, f"sha-{d}", f"Kế hoạch {d}", [passage(name, text)])
    monkeypatch.setattr(duplicates, "STREAMED_BUILD_MIN", 1)
    monkeypatch.setattr(duplicates, "_cache_dir", lambda: tmp_path / "cache")
    built = []
    monkeypatch.setattr(duplicates, "build_in_child", lambda *a, real=duplicates.build_in_child: (built.append(a),
                                                                                                  real(*a)))
    index = duplicates.load_index(store)
    assert len(built) == 1 and index._passages is None and len(index) == 2
    (match,) = index.query([passage("du-thao.docx", CORPUS_PARAGRAPH.format(where="huyện Bình Minh"))], 0.75)
    assert match.source_doc in ("ke-hoach-0.txt", "ke-hoach-1.txt") and match.score > 0.9
    assert len(duplicates.load_index(store)) == 2 and len(built) == 1  # from the cache
    store.close()


def test_place_names_are_masked_for_the_verification():
    from pipeline.corpus.store import PLACE, place_masked_syllables

    assert place_masked_syllables("Người dân huyện Bắc Hà được hướng dẫn; Thị xã Tân Yên, xã Phú Hòa cùng làm.") == [
        "người", "dân", "huyện", PLACE, "được", "hướng", "dẫn", "thị", "xã", PLACE, "xã", PLACE, "cùng", "làm"]
    assert place_masked_syllables("Ủy ban nhân dân thành phố Hồ Chí Minh và tỉnh Thanh Lâm năm 2025.") == [
        "ủy", "ban", "nhân", "dân", "thành", "phố", PLACE, "và", "tỉnh", PLACE, "năm", "0"]
    # "các xã, thị trấn" names no place: nothing is masked
    assert PLACE not in place_masked_syllables("Các xã, thị trấn căn cứ Kế hoạch này triển khai.")


def test_a_template_sibling_is_set_apart_from_a_copy_by_its_shared_shingles():
    """Two plans written from one template about different things reach the TF-IDF threshold (the template's
    words are in every such plan); only the copy — the district's name and a figure changed — shares 70 % of
    its syllable 3-shingles once place names are masked (bench_duplicates: copies ≥ 0.78, siblings ≤ 0.63)."""
    source = ("Kết quả triển khai phần mềm quản lý tài sản công ở huyện Bình Phong được đánh giá hằng năm; lĩnh vực "
              "đất đai phải đạt tối thiểu 70% chỉ tiêu, do Phòng Nông nghiệp và Phát triển nông thôn theo dõi.")
    copy = source.replace("huyện Bình Phong", "thị xã Tân Yên").replace("70%", "85%")
    sibling = ("Kết quả hoàn thiện phần mềm quản lý tài sản công ở huyện Bình Phong được đánh giá hằng năm; lĩnh vực "
               "lao động việc làm phải đạt tối thiểu 60% chỉ tiêu, do Phòng Nông nghiệp và Phát triển nông thôn "
               "theo dõi.")
    other = ("Người dân huyện Tây Sơn được hướng dẫn sử dụng hồ sơ sức khỏe điện tử qua tổ công nghệ số cộng đồng; "
             "Trung tâm Y tế huyện tổng hợp khó khăn về y tế cơ sở.")
    idx = CorpusIndex.from_passages([passage("ke-hoach-a.txt", source), passage("ke-hoach-b.txt", other)])
    draft = [passage("du-thao.docx", copy), passage("du-thao.docx", sibling)]
    unverified = {i: s for i, _j, s in idx.query_all(draft, 0.75, min_overlap=0.0)}
    assert set(unverified) == {0, 1}  # both pass the cosine: the verification decides
    assert [(i, idx.doc(j)) for i, j, _s in idx.query_all(draft, 0.75, min_overlap=0.7)] == [(0, "ke-hoach-a.txt")]
    (match,) = idx.query(draft, 0.75)  # the default: 0.7, as rules/70-duplicates.yaml
    assert match.draft_text == copy and match.source_doc == "ke-hoach-a.txt"


def test_a_loaded_matcher_gives_its_pages_back_and_still_matches(tmp_path):
    """release_pages drops the mapped file's pages from the process (a server reviewing draft after draft keeps
    only what one draft touches); the next query maps them again and finds the same match."""
    import re

    texts = [CORPUS_PARAGRAPH.format(where=w) for w in ("tỉnh Thanh Lâm", "huyện Đông Hải")]
    built = CorpusIndex.from_passages([passage(f"ke-hoach-{d}.txt", t) for d, t in enumerate(texts)])
    built.save(tmp_path / "index.arrays")
    index = CorpusIndex.load(tmp_path / "index.arrays")
    probe = [passage("du-thao.docx", CORPUS_PARAGRAPH.format(where="huyện Bình Minh"))]
    index._passages = built._passages  # (no store behind this cache file: passages from the built index)
    first = [(m.source_doc, round(m.score, 6)) for m in index.query(probe, 0.75)]
    assert first and index.release_pages(above=0)
    mapped = re.findall(r"^(\S+) .*index\.arrays$", Path("/proc/self/maps").read_text(), re.M)
    assert mapped  # still mapped: only its resident pages were given back
    assert [(m.source_doc, round(m.score, 6)) for m in index.query(probe, 0.75)] == first
    assert not index.release_pages(above=1 << 40)  # under the budget: kept


def test_band_lookups_through_fences_find_what_a_binary_search_finds():
    """A BandIndex with fences (every 1024th key in memory, one page of keys read per lookup) returns the same
    candidates as binary searches over the whole band, runs of equal keys across blocks included."""
    import numpy as np

    from pipeline.corpus.duplicates import BandIndex, fence_keys

    rng = np.random.default_rng(5)
    signatures = rng.integers(0, 50, size=(9000, 8), dtype=np.uint64)  # few values: long runs of equal keys
    signatures[:3000] = signatures[0]  # one bucket of 3,000 passages spanning blocks
    plain = BandIndex.build(signatures, 4, 2)
    fenced = BandIndex(plain.keys, plain.ids, 4, 2, fence_keys(plain.keys))
    assert fenced.fences is not None and fenced.fences.shape == (4, 9)
    queries = np.vstack([signatures[:5], rng.integers(0, 60, size=(40, 8), dtype=np.uint64),
                         rng.integers(1000, 2000, size=(5, 8), dtype=np.uint64)])
    got, expected = fenced.query_many(queries), plain.query_many(queries)
    assert [g.tolist() for g in got] == [e.tolist() for e in expected]
    assert len(got[0]) >= 3000 and any(len(e) == 0 for e in expected)  # a long run, and misses
