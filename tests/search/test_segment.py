from gongkai.search.segment import index_tokens, normalize_number, query_tokens, tokens_text


def test_every_cjk_character_is_also_a_token():
    tokens = index_tokens("部门预算公开")
    assert {"部门", "预算", "公开", "部", "门", "预", "算", "公", "开"} <= set(tokens)


def test_search_words_inside_long_words():
    assert {"年度", "报告", "年度报告"} <= set(index_tokens("政府信息公开工作年度报告"))
    assert query_tokens("依申请公开办理时限") == ["依申请公开", "办理", "时限"]


def test_ascii_runs_split_the_same_way_on_both_sides():
    text = "113399210000001X/2026-00001"
    assert index_tokens(text) == query_tokens(text) == ["113399210000001x", "2026", "00001"]
    assert query_tokens("ＡＢＣ１２３ foo_bar") == ["abc123", "foo", "bar"]


def test_punctuation_is_dropped_and_frequencies_kept():
    assert query_tokens("《预算》，预算！") == ["预算"]
    assert index_tokens("预算，预算").count("预算") == 2
    assert query_tokens("") == [] and index_tokens("  ") == []


def test_query_tokens_are_capped():
    assert len(query_tokens(" ".join(str(n) for n in range(50)))) == 12


def test_tokens_text_cuts_each_part_on_its_own():
    assert tokens_text("税", "蓝政办发〔2026〕12号").split()[:2] == ["税", "蓝"]


def test_normalize_number():
    assert normalize_number(" 蓝政发【2026】3号") == "蓝政发〔2026〕3号"
    assert normalize_number("蓝政发[2026]3号") == "蓝政发〔2026〕3号"
    assert normalize_number("蓝政发（2026）3号") == "蓝政发〔2026〕3号"
    assert normalize_number("113399210000001x/2026-00001") == "113399210000001X/2026-00001"
