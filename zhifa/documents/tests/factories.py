"""Context builders for document tests (the shape the cases app fills)."""

from __future__ import annotations

import copy
from typing import Any

BASE: dict[str, Any] = {
    "org": {
        "name": "深圳市市场监督管理局",
        "short_name": "深市监",
        "address": "深圳市福田区深南大道",
        "phone": "12315",
    },
    "party": {
        "kind_label": "法人",
        "name": "深圳市好味道餐饮有限公司",
        "uscc": "91440300MA5G123456",
        "legal_rep": "王五",
        "address": "深圳市罗湖区东门路1号",
        "phone": "0755-12345678",
    },
    "case": {
        "number": "深市监案〔2026〕12号",
        "cause": "经营超过保质期的食品",
        "source": "投诉举报",
        "opened_on": "2026年1月5日",
        "facts": "当事人于2026年1月4日在其经营场所销售超过保质期的牛奶12盒。",
        "evidence_summary": "现场检查笔录、询问笔录、现场照片",
        "basis_violation": "《中华人民共和国食品安全法》第三十四条第（十）项",
        "basis_penalty": "《中华人民共和国食品安全法》第一百二十四条第一款",
        "discretion": "当事人积极配合调查并主动下架",
        "penalty": {
            "kinds": ["没收违法所得", "罚款"],
            "amount": "50,000.00",
            "amount_words": "伍万元整",
            "confiscation": "没收违法所得人民币120.00元",
            "text": "没收违法所得120.00元，罚款50,000.00元",
        },
        "decision_date": "2026年3月2日",
        "statement_adopted": "当事人未提出陈述申辩。",
    },
    "officers": [
        {"name": "张三", "certificate_no": "44030012345"},
        {"name": "李四", "certificate_no": "44030012346"},
    ],
    "remedy": {
        "review_body": "深圳市人民政府",
        "review_days": 60,
        "court": "深圳市福田区人民法院",
        "litigation_months": 6,
    },
    "payment": {
        "bank": "中国银行深圳分行",
        "account": "7440000000001",
        "deadline_days": 15,
        "method": "持本决定书",
    },
    "notice": {"statement_deadline_days": 5, "hearing_right": True},
    "hearing": {
        "date": "2026年2月20日",
        "time": "上午9时",
        "place": "本局第一听证室",
        "host": "赵六",
        "clerk": "钱七",
    },
    "service": {
        "document_name": "行政处罚决定书",
        "document_number": "深市监罚字〔2026〕1号",
        "recipient": "王五",
    },
    "inspection": {
        "time": "2026年1月4日10时",
        "place": "东门路1号",
        "present": "王五",
        "content": "食品",
        "findings": "过期牛奶",
    },
    "inquiry": {
        "time": "2026年1月6日",
        "place": "本局",
        "inquired": "王五",
        "questions": [{"q": "牛奶从哪里进货？", "a": "批发市场。"}],
    },
    "review": {
        "opinion": "事实清楚，证据确凿。",
        "reviewer": "孙八",
        "reviewed_on": "2026年2月25日",
        "conclusion": "同意",
    },
    "evidence": [
        {
            "no": "1",
            "kind_label": "视听资料",
            "title": "现场照片",
            "source": "现场拍摄",
            "collected_on": "2026-01-04",
            "page_count": 3,
            "sm3": "ab" * 32,
        }
    ],
    "preserved_items": [{"name": "牛奶", "spec": "250ml", "quantity": "12盒", "note": ""}],
    "closing": {"summary": "已执行完毕", "executed": "已缴清罚没款", "closed_on": "2026年3月30日"},
    "decision": {"number": "深市监罚字〔2026〕1号", "date": "2026年3月2日"},
    "today": "2026年3月2日",
}


def decision_context(agency: Any = None) -> dict[str, Any]:
    ctx = copy.deepcopy(BASE)
    if agency is not None:
        ctx["org"]["name"] = agency.name
    return ctx
