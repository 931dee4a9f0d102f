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
    """The matcher's own TF-IDF (plain arrays, no scikit-learn at review time) gives scikit-learn's cosines."""
    import numpy as np
    from sklearn.feature_extraction import text as sklearn_text  # a dev dependency: missing fails, never skips

    from pipeline.corpus.duplicates import Tfidf

    texts = [CORPUS_PARAGRAPH.format(where=w) for w in ("tỉnh Thanh Lâm", "huyện Đông Hải")] + [
        "Phát triển hạ tầng viễn thông băng rộng, phủ sóng di động 4G, 5G đến các khu công nghiệp và thôn bản.",
        "Đào tạo kỹ năng số cho cán bộ, công chức cấp xã; mỗi thôn có một tổ công nghệ số cộng đồng.",
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính; 100% hồ sơ được số hóa, tái sử dụng dữ liệu."]
    words = [normal_tokens(t) for t in texts]
    ours = Tfidf.fit(words)
    vectorizer = sklearn_text.TfidfVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False,
                                              ngram_range=(1, 2), sublinear_tf=True)
    matrix = vectorizer.fit_transform([" ".join(w) for w in words])
    for query in (words[1], words[3][:12], normal_tokens("Kết nối hạ tầng viễn thông của huyện với tỉnh")):
        expected = (matrix @ vectorizer.transform([" ".join(query)]).T).toarray().ravel()
        got = ours.scores(ours.vector(query), np.arange(len(texts)))
        assert np.allclose(got, expected, atol=1e-12)


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


def test_matcher_read_from_a_store_in_chunks_equals_the_one_built_from_its_passages(tmp_path):
    """CorpusIndex.from_store streams the store (a few arrays, no passage kept); in chunks of 2 passages it
    gives the arrays of the matcher built from all the passages at once."""
    import numpy as np

    texts = [CORPUS_PARAGRAPH.format(where=w) for w in ("tỉnh Thanh Lâm", "huyện Đông Hải", "xã Tân Hòa")] + [
        "Phát triển hạ tầng viễn thông băng rộng, phủ sóng di động 4G, 5G đến các khu công nghiệp và thôn bản.",
        "Đào tạo kỹ năng số cho cán bộ, công chức cấp xã; mỗi thôn có một tổ công nghệ số cộng đồng."]
    store = CorpusStore(tmp_path / "corpus.sqlite")
    passages = []
    for d, text in enumerate(texts):
        name = f"ke-hoach-{d}.txt"
        mine = [passage(name, text), passage(name, text.upper())]
        store.add_passages(name, name, f"sha-{d}", f"Kế hoạch {d}", mine)
        passages += mine
    streamed = CorpusIndex.from_store(store, chunk=2)
    whole = CorpusIndex.build(passages, [hv for _rowid, (_p, hv) in store.iter_passages_with_ids()])
    for part in ("lsh", "prefilter"):
        assert np.array_equal(getattr(streamed, part).keys, getattr(whole, part).keys)
        assert np.array_equal(getattr(streamed, part).ids, getattr(whole, part).ids)
    for name in ("term_hash", "term_col", "idf", "indptr", "indices", "data"):
        assert np.array_equal(getattr(streamed.tfidf, name), getattr(whole.tfidf, name)), name
    assert list(streamed.doc_of) == list(whole.doc_of) and len(streamed) == 10
    store.close()
