"""Extraction of problems, commitments and improvements (nlp.findings.extract).

Expected values for the 临县 sample were typed from reading corpus/samples/临县人民政府-2023.txt;
the synthetic passages below are written for these tests in the phrasings real reports use.
"""

from __future__ import annotations

from conftest import SAMPLE, parsed

from nlp.findings import extract, problem_key
from nlp.findings.text import skeleton


def make(lines: list[tuple[int, str]]) -> tuple[list[dict], str]:
    """Sentences (one per line, with its part) and the narrative they index."""
    sents, parts, off = [], [], 0
    for i, (part, line) in enumerate(lines):
        sents.append({"id": i, "start": off, "end": off + len(line), "part": part})
        parts.append(line)
        off += len(line) + 1
    return sents, "\n".join(parts)


def texts(findings, kind: str) -> list[str]:
    return [f.text for f in findings if f.kind == kind]


def run5(text: str):
    return extract(*make([(1, "一、总体情况。全年公开信息100条。"), (5, text), (6, "本机关未收取信息处理费。")]))


# --- acceptance 1: the 临县 sample ---------------------------------------------------------------


def test_linxian_problems_exactly():
    found = texts(parsed(str(SAMPLE)).findings, "problem")
    one = ["政府信息公开业务水平有待提高", "基层政务公开有待深化", "重点领域信息公开的“含金量”需进一步提高",
           "政策解读方式单一，创新性、新颖度有待提高", "部分重点领域信息公开待进一步加强"]
    two = one[:3] + ["政策解读方式单一", "创新性、新颖度有待提高"] + one[4:]
    assert found in (one, two)


def test_linxian_commitments_with_explanations():
    report = parsed(str(SAMPLE))
    got = [(f.text, skeleton(f.detail)) for f in report.findings if f.kind == "commitment"]
    assert got == [
        ("加强业务学习和培训", skeleton("将进一步认真贯彻落实《条例》和国家、省、市关于全面推进政务公开工作相关业务知识，"
                                "加强政策解读，回应群众关切，扩大公众参与，加强数据平台建设，增强公开实效。")),
        ("推进重点领域信息公开", skeleton("紧紧围绕中心工作，聚焦人民群众关注关切，以更大力度推进政务公开，进一步扩大公开范围，"
                                  "细化公开内容，最大限度保障人民群众知情权、参与权、表达权和监督权。")),
        ("创新政务公开形式", skeleton("创新性推出图解、视频等更加新颖的政策解读，丰富群众获取政府信息途径，提高政策透明度和"
                                "知晓率，努力营造浓厚工作氛围。")),
    ]


def test_linxian_offsets_parts_and_sentences():
    report = parsed(str(SAMPLE))
    by_id = {s.id: s for s in report.sentences}
    assert report.findings
    for f in report.findings:
        assert report.narrative[f.start:f.end].replace("\n", " ") == f.text
        s = by_id[f.sentence_id]
        assert s.start <= f.start < s.end
        assert f.part == 5 == s.part


def test_linxian_links_and_keys():
    fs = list(parsed(str(SAMPLE)).findings)
    follow_on = next(f for f in fs if f.text.startswith("创新性"))
    assert follow_on.key.startswith("政策解读")  # the dropped subject is restored in the key
    assert follow_on.category == "政策解读"
    train = next(f for f in fs if f.text == "加强业务学习和培训")
    assert fs[train.links[0]].text == "政府信息公开业务水平有待提高"
    key_areas = next(f for f in fs if f.text == "推进重点领域信息公开")
    assert {fs[i].text for i in key_areas.links} >= {"重点领域信息公开的“含金量”需进一步提高", "部分重点领域信息公开待进一步加强"}


# --- phrasings -----------------------------------------------------------------------------------


def test_ru_list_with_dun_commas():
    fs = run5("2024年，我县政务公开工作取得一定成效，但仍存在一定差距。如标准化建设还有待深化、网站栏目内容更新仍需加强、"
              "解读材料质量有待提高等。下一步，我县将加大培训力度。")
    assert texts(fs, "problem") == ["标准化建设还有待深化", "网站栏目内容更新仍需加强", "解读材料质量有待提高"]
    assert texts(fs, "commitment") == ["加大培训力度"]


def test_zhuyaoshi_colon_list():
    fs = run5("对照上级要求，仍存在一些不足，主要是：个别单位公开意识不强，信息发布审核不够严格，政务新媒体更新频率偏低等。")
    assert texts(fs, "problem") == ["个别单位公开意识不强", "信息发布审核不够严格", "政务新媒体更新频率偏低"]


def test_numbered_subheadings_problems_and_measures():
    fs = run5("（一）存在的主要问题。网站栏目设置不够合理；依申请答复文书不够规范；政策解读形式较为单一。"
              "（二）整改措施。一是优化网站栏目，提升检索便利度。二是规范答复文书，统一文书模板。三是丰富解读形式，多用图解视频。")
    assert texts(fs, "problem") == ["网站栏目设置不够合理", "依申请答复文书不够规范", "政策解读形式较为单一"]
    assert texts(fs, "commitment") == ["优化网站栏目", "规范答复文书", "丰富解读形式"]
    assert [f.detail for f in fs if f.kind == "commitment"][1] == "统一文书模板"
    assert [f.category for f in fs if f.kind == "problem"] == ["平台与网站", "依申请公开办理", "政策解读"]


def test_main_manifestation_with_follow_on_and_context():
    fs = run5("主要表现在：一是面对申请量增长的压力，依申请办理能力仍需提升，提升办理效率；二是专栏建设滞后。")
    probs = [f for f in fs if f.kind == "problem"]
    assert [f.text for f in probs] == ["依申请办理能力仍需提升", "专栏建设滞后"]
    assert probs[0].detail == "提升办理效率"


def test_commitments_without_markers_split_at_semicolons():
    fs = run5("政务新媒体运维管理还需加强。下一步，我局将加强业务培训，提升人员能力；完善工作机制，确保信息及时发布。")
    cs = [f for f in fs if f.kind == "commitment"]
    assert [(f.text, f.detail) for f in cs] == [("加强业务培训", "提升人员能力"), ("完善工作机制", "确保信息及时发布")]


def test_year_we_will_with_arabic_numbers():
    fs = run5("公开内容的深度仍需拓展。2025年我们将重点做好以下工作：1.加强政策解读。围绕重大政策开展多形式解读。"
              "2.深化重点领域公开。细化财政预决算公开内容。")
    assert texts(fs, "problem") == ["公开内容的深度仍需拓展"]
    assert texts(fs, "commitment") == ["加强政策解读", "深化重点领域公开"]


def test_context_clause_kept_in_heading():
    fs = run5("队伍建设有待加强。针对存在问题，下一步，将抓好以下工作：一是围绕中心工作，进一步明确公开重点，优化公开内容。"
              "二是加强培训。")
    assert texts(fs, "commitment") == ["围绕中心工作，进一步明确公开重点", "加强培训"]


def test_shanghai_style_improvements_then_problems_then_measures():
    sents, narrative = make([
        (4, "注：数量含上年度结转数量。"),
        (5, "（一）2023年工作中存在问题的改进情况"),
        (5, "针对2023年存在的主要问题，重点采取如下改进措施。一是加强政策解读。推出短视频解读。二是优化网站检索。上线智能搜索。"),
        (5, "（二）2024年工作中存在的主要问题"),
        (5, "一是基层政务公开仍需深化；二是信息发布不够及时。"),
        (5, "（三）2025年改进措施"),
        (5, "一是推进基层政务公开标准化。编制事项目录。二是提高发布时效。"),
        (6, "无。"),
    ])
    fs = extract(sents, narrative)
    assert texts(fs, "improvement") == ["加强政策解读", "优化网站检索"]
    assert texts(fs, "problem") == ["基层政务公开仍需深化", "信息发布不够及时"]
    assert texts(fs, "commitment") == ["推进基层政务公开标准化", "提高发布时效"]


def test_generic_statements_are_not_items():
    fs = run5("对照上级新要求和公众新期待，还有一些需要加强和改进的地方。工作中还存在一些问题。")
    assert fs == []


def test_problems_outside_part5_with_their_part():
    sents, narrative = make([
        (1, "（二）依申请公开。全年受理申请11件，但答复文书的规范性仍有待提高。"),
        (1, "（四）平台建设。对存在未及时更新、空白栏目等问题进行严格督查。"),
        (1, "围绕薄弱环节和瓶颈问题加大考核力度。"),
        (1, "不断补齐工作短板。"),
        (5, "存在问题：政策解读形式单一。"),
    ])
    fs = extract(sents, narrative)
    assert [(f.text, f.part, f.sentence_id) for f in fs if f.kind == "problem"] == [
        ("答复文书的规范性仍有待提高", 1, 0), ("政策解读形式单一", 5, 4)]


def test_part5_found_by_subheading_when_parts_are_missing():
    sents, narrative = make([
        (1, "一、总体情况。全年公开信息100条。"),
        (3, "三、收到和处理政府信息公开申请情况"),
        (4, "（一）存在的主要问题。网站更新不够及时。"),
        (4, "（二）改进措施。加强网站日常管理。"),
        (6, "无。"),
    ])
    fs = extract(sents, narrative)
    assert [(f.kind, f.text, f.part) for f in fs] == [("problem", "网站更新不够及时", 5), ("commitment", "加强网站日常管理", 5)]


def test_ascii_punctuation_and_traditional_characters():
    text = ("存在问题：一是政策解读方式單一，創新性、新穎度有待提高；二是網站欄目更新不夠及時。"
            "下一步我們將認真做好以下工作：(一)加強業務培訓。組織專題培訓。(二)優化網站欄目。完善欄目設置。")
    for variant in (text, text.replace("，", ",").replace("；", ";").replace("：", ":").replace("（", "(")):
        fs = run5(variant)
        assert [skeleton(t) for t in texts(fs, "problem")] == [
            skeleton("政策解读方式单一"), skeleton("创新性新颖度有待提高"), skeleton("网站栏目更新不够及时")]
        assert [skeleton(t) for t in texts(fs, "commitment")] == [skeleton("加强业务培训"), skeleton("优化网站栏目")]
        assert fs[0].text == "政策解读方式單一"  # the text is the document's, not converted


def test_problem_keys_fold_synonyms_across_agencies():
    a, _ = problem_key("政策解读方式单一")
    b, _ = problem_key("政策解读的形式还不够丰富")
    assert a == b == "政策解读形式·单一"
    c, _ = problem_key("政务公开队伍建设有待加强")
    d, _ = problem_key("政务公开队伍建设还需进一步加强")
    assert c == d == "队伍建设·待加强"


def test_numbered_problem_without_cue_word():
    fs = run5("存在的问题：一是工作人员变动频繁，交接不畅；二是网站栏目内容更新不够及时。下一步，我局将加强人员培训。")
    probs = [f for f in fs if f.kind == "problem"]
    assert [(f.text, f.detail) for f in probs] == [("工作人员变动频繁", "交接不畅"), ("网站栏目内容更新不够及时", "")]
    assert texts(fs, "commitment") == ["加强人员培训"]


def test_part5_listing_only_measures():
    fs = run5("一是加强政策解读。丰富解读形式。二是完善工作机制。健全审核制度。")
    assert [(f.kind, f.text) for f in fs] == [("commitment", "加强政策解读"), ("commitment", "完善工作机制")]


def test_arabic_numbered_subheadings_and_bare_rectification_heading():
    fs = run5("1.存在问题\n公开专栏内容不够丰富。\n2.整改情况\n（1）丰富专栏内容。增加图解。（2）加强审核。落实三审制度。")
    assert texts(fs, "problem") == ["公开专栏内容不够丰富"]
    assert texts(fs, "commitment") == ["丰富专栏内容", "加强审核"]
