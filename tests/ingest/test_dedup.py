"""Duplicates: exact content hash = Article.id; MinHash finds wire copies and leaves distinct reports apart."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.errors import DataError
from marsad.ingest.dedup import (
    BANDS,
    NUM_PERM,
    MinHashSignature,
    NearDuplicateIndex,
    containment,
    content_hash,
    fingerprint,
    is_near_duplicate,
    lsh_band_keys,
    lsh_band_numbers,
    signature,
    similarity,
)
from marsad.model import Article

# An agency report, written for this test.
WIRE = ("أعلنت وزارة الداخلية اليوم القبض على خلية إرهابية مكونة من سبعة أشخاص كانت تخطط لتنفيذ هجمات على مقار "
        "أمنية في المنطقة الشرقية. وأوضح المتحدث الأمني أن الأجهزة المختصة رصدت تحركات أفراد الخلية منذ عدة "
        "أسابيع قبل أن تداهم مخبأهم في أحد الأحياء السكنية وتضبط بحوزتهم أسلحة رشاشة وكميات من المتفجرات "
        "ومبالغ مالية. وأضاف أن التحقيقات الأولية كشفت ارتباط الخلية بتنظيم خارجي، مشيرا إلى أن الموقوفين "
        "سيحالون إلى النيابة العامة لاستكمال الإجراءات النظامية بحقهم. ودعا المتحدث المواطنين والمقيمين إلى "
        "الإبلاغ عن أي نشاط مشبوه عبر الأرقام المخصصة لذلك.")
# The same report as a paper runs it: its own headline and dateline, «أمس» for «اليوم», hamza and digits
# written differently, and the paper's share-this tagline at the end.
COPY = ("الداخلية: القبض على خلية من 7 أشخاص خططت لاستهداف مقار امنية\n\n"
        "الرياض - واس: " + WIRE.replace("اليوم", "أمس").replace("سبعة", "7").replace("أمنية", "امنية")
        + "\nشارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك")
# A different report on the same topic, in its own words.
OTHER = ("ألقت قوات الأمن في المنطقة الشرقية القبض على سبعة مطلوبين يشتبه بانتمائهم إلى تنظيم متطرف، وذلك بعد "
         "عملية مداهمة نفذتها فجر اليوم في حي سكني. وقال مصدر مطلع إن المقبوض عليهم كانوا يعدون لهجمات "
         "تستهدف دوريات الشرطة، وإن عناصر الأمن عثروا على أسلحة وذخائر ومواد تستخدم في صنع العبوات الناسفة. "
         "وأشار المصدر إلى أن التحقيق جار لمعرفة الجهات التي تمول الخلية وتوجهها من الخارج، مؤكدا أن "
         "الأجهزة الأمنية ستواصل ملاحقة كل من يحاول المساس بأمن البلاد واستقرارها.")
# The wire report with two paragraphs of the paper's own reporting added (a copy grown into a longer article).
EXTENDED = (WIRE + "\n\nوفي سياق متصل، شهدت مدن المنطقة الشرقية خلال الأشهر الماضية سلسلة من الحوادث الأمنية "
            "التي استهدفت دوريات الشرطة ونقاط التفتيش، وأسفرت عن سقوط عدد من القتلى والجرحى بين رجال الأمن "
            "والمدنيين، فيما أعلنت السلطات في أكثر من مناسبة تفكيك شبكات تهريب أسلحة عبر الحدود البحرية.\n\n"
            "ويرى محللون أمنيون أن الضربات الاستباقية التي نفذتها الأجهزة المختصة خلال العام الجاري أضعفت "
            "قدرة التنظيمات المتطرفة على التجنيد والتمويل، غير أنهم حذروا من أن الخلايا الصغيرة التي تعمل "
            "بشكل مستقل ما زالت تمثل تحديا كبيرا يتطلب تعاونا أوثق بين المواطنين والجهات الأمنية وتبادلا "
            "أسرع للمعلومات مع الدول المجاورة.\n\n"
            "وكانت السلطات قد أطلقت الشهر الماضي حملة توعية واسعة في المدارس والجامعات والمساجد للتحذير من "
            "مخاطر الفكر المتطرف ووسائل التجنيد عبر شبكات التواصل الاجتماعي، وشارك فيها علماء دين وأكاديميون "
            "ومسؤولون في أجهزة الأمن، كما خصصت جوائز مالية لمن يدلي بمعلومات تقود إلى إحباط عمليات إرهابية.")


def test_content_hash_is_the_article_id():
    assert content_hash(WIRE) == Article(WIRE).id
    assert content_hash("قُتِلَ ثلاثة في «حلب»") == content_hash('قتل ثلاثه في "حلب"')
    assert content_hash(WIRE) != content_hash(OTHER)
    fp = fingerprint(COPY)
    assert fp.content_hash == content_hash(COPY) and similarity(fp.signature, signature(COPY)) == 1.0


def test_wire_copy_with_new_intro_and_tagline_matches():
    a, b = signature(WIRE), signature(COPY)
    assert similarity(a, b) >= 0.6
    assert is_near_duplicate(a, b) and is_near_duplicate(b, a)
    assert set(lsh_band_keys(a)) & set(lsh_band_keys(b))  # a store would find it as a candidate


def test_different_article_on_the_same_topic_does_not_match():
    a, b = signature(WIRE), signature(OTHER)
    assert similarity(a, b) < 0.1
    assert not is_near_duplicate(a, b)
    assert not set(lsh_band_keys(a)) & set(lsh_band_keys(b))


def test_copy_grown_into_a_longer_article_matches_by_containment():
    a, b = signature(WIRE), signature(EXTENDED)
    assert similarity(a, b) < 0.5  # below the Jaccard bar, but the wire text lies whole inside the longer one
    assert containment(a, b) >= 0.9 and is_near_duplicate(a, b)


def test_serialisation_round_trip_and_rejects():
    sig = signature(WIRE)
    blob = sig.to_bytes()
    back = MinHashSignature.from_bytes(blob)
    assert back.size == sig.size and np.array_equal(back.values, sig.values)
    assert back.band_keys() == sig.band_keys() and len(sig.band_keys()) == BANDS
    for bad in (b"", b"XX" + blob[2:], blob[:-4], blob[:2] + b"\x09" + blob[3:]):
        with pytest.raises(DataError):
            MinHashSignature.from_bytes(bad)


def test_signatures_are_stable_across_runs():
    """Signatures are persisted: the hash recipe must not change silently (bump SIGNATURE_VERSION if it must)."""
    sig = signature("قتل ثلاثة مدنيين في قصف على حلب")
    assert sig.size == 5 and len(sig.values) == NUM_PERM
    assert sig.band_keys()[0] == lsh_band_keys(MinHashSignature.from_bytes(sig.to_bytes()))[0]
    assert content_hash("قتل ثلاثة مدنيين في قصف على حلب") == "sha256:" + __import__("hashlib").sha256(
        "قتل ثلاثه مدنيين في قصف علي حلب".encode()).hexdigest()[:16]


def test_band_keys_and_numbers_agree():
    sig = signature(WIRE)
    keys, numbers = lsh_band_keys(sig), lsh_band_numbers(sig)
    assert len(keys) == len(numbers) == BANDS == len(set(keys))
    assert all(len(k) == 20 and k.startswith(f"b{i:02d}:") for i, k in enumerate(keys))
    assert numbers == [int(k[4:18], 16) | (i << 56) for i, k in enumerate(keys)]
    assert all(0 <= n < 2**63 for n in numbers)  # fits a signed 64-bit database column
    assert lsh_band_numbers(signature("")) == []


def test_empty_and_tiny_texts():
    empty = signature("  ...  ")
    assert empty.size == 0 and lsh_band_keys(empty) == [] and similarity(empty, empty) == 0.0
    assert not is_near_duplicate(empty, signature(WIRE))
    two = signature("قصف حلب")
    assert two.size == 2 and is_near_duplicate(two, signature("قَصفُ حلب"))


def test_index_links_copies_to_the_earliest_original():
    index = NearDuplicateIndex()
    index.add("wire", signature(WIRE))
    index.add("other", signature(OTHER))
    assert index.original_of(signature(COPY)) == "wire"
    assert index.original_of(signature(EXTENDED)) == "wire"
    assert index.original_of(signature("خبر مختلف تماما عن مباراة كرة قدم في الدوري المحلي انتهت بالتعادل")) is None
    index.add("copy", signature(COPY))
    assert index.candidates(signature(COPY))[0] == "wire" and len(index) == 3


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_signature_of_any_text(text):
    sig = signature(text)
    assert len(sig.values) == NUM_PERM and sig.values.dtype == np.uint32
    assert similarity(sig, sig) == (1.0 if sig.size else 0.0)
    assert MinHashSignature.from_bytes(sig.to_bytes()).band_keys() == sig.band_keys()
