"""Every label a report shows, in Chinese and English: one table of titles, one of values.

`LABELS` holds column titles and headings by field name; `VALUES` holds the names of
coded values (kinds, debtor types, limitation statuses and bases, focus criteria), with
a prefix where one code means different things: `stage:` (a case stage), `event:` (an
event named in a limitation note), `reason:` (why an event does not interrupt).
English shows codes as written unless `VALUES["en"]` names them.
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "key": "项目", "name": "名称", "currency": "币种", "total": "合计", "provision": "坏账准备",
        "debtor": "债务人", "unit": "单位", "collector": "清欠人员", "kind": "类别",
        "debtor-type": "债务人类型",
        "person": "人员", "receivable": "债权", "invoiced": "应收", "collected": "回款",
        "credited": "让利扣款", "written_off": "核销", "recovered": "核销后收回",
        "outstanding": "余额",
        "overdue": "逾期", "interest": "逾期利息", "payments": "笔数", "receivables": "项数",
        "amount": "金额",
        "target": "目标", "completion": "完成率", "ytd_amount": "累计金额",
        "ytd_target": "累计目标",
        "behind": "落后进度", "outstanding_start": "年初余额", "commission": "提成", "date": "日期",
        "age_days": "逾期天数", "bucket": "档次", "rate": "提成率", "totals": "合计", "yes": "是",
        "no": "",
        "age": "账龄分析", "basis-due": "按逾期天数", "basis-invoice": "按开票日起账龄",
        "total-report": "应收账款汇总",
        "interest-note": "逾期利息单列，不计入本金余额。", "monthly": "月度清欠统计",
        "targets": "清欠目标完成情况",
        "assigned": "分配债权进度", "commission-report": "清欠提成", "details": "提成明细",
        "period": "期间",
        "year": "年度", "through": "截至", "elapsed": "时间进度", "limitation": "诉讼时效",
        "guarantees": "保证期间", "holds": "停止供货（信用冻结）", "focus": "重点清欠对象",
        "cases": "清欠案件",
        "by_stage": "按阶段", "off_book": "账销案存", "basis": "起算依据", "basis_date": "起算日",
        "expires": "届满日", "days_left": "剩余天数", "status": "状态",
        "ignored": "不中断时效的记录",
        "guarantor": "保证人", "type": "方式", "period_end": "保证期间届满", "claim": "债权金额",
        "reason": "原因",
        "rank": "排名", "overdue_days": "逾期天数", "criteria": "符合条件", "case": "案件",
        "stage": "阶段",
        "owner": "负责人", "costs": "费用", "case_recovered": "已回收", "fee_due": "应付律师费",
        "missed_installments": "逾期未付期数", "cases_count": "案件数",
        "disputed": "争议金额", "share": "指标占年初欠款%", "arrears_start": "年初欠款",
    },
    "en": {
        "key": "Key", "name": "Name", "currency": "Currency", "total": "Total",
        "provision": "Provision", "debtor": "Debtor", "unit": "Unit", "collector": "Collector",
        "kind": "Kind", "debtor-type": "Debtor type", "person": "Person",
        "receivable": "Receivable", "invoiced": "Invoiced", "collected": "Collected",
        "credited": "Credited", "written_off": "Written off", "recovered": "Recovered",
        "outstanding": "Outstanding", "overdue": "Overdue", "interest": "Interest",
        "payments": "Payments", "receivables": "Receivables", "amount": "Amount",
        "target": "Target", "completion": "Completion", "ytd_amount": "YTD amount",
        "ytd_target": "YTD target", "behind": "Behind",
        "outstanding_start": "Outstanding at start", "commission": "Commission", "date": "Date",
        "age_days": "Days past due", "bucket": "Row", "rate": "Rate", "totals": "Total",
        "yes": "yes", "no": "", "age": "Aging", "basis-due": "days past due",
        "basis-invoice": "days since invoice", "total-report": "Receivables summary",
        "interest-note": "Interest is shown beside the principal, never added to it.",
        "monthly": "Monthly collections", "targets": "Collection targets",
        "assigned": "Assigned receivables", "commission-report": "Commission",
        "details": "Commission details", "period": "Period", "year": "Year", "through": "through",
        "elapsed": "time elapsed", "limitation": "Limitation", "guarantees": "Guarantee periods",
        "holds": "Credit holds", "focus": "Key debts", "cases": "Collection cases",
        "by_stage": "By stage", "off_book": "Written off", "basis": "Basis",
        "basis_date": "Basis date", "expires": "Expires", "days_left": "Days left",
        "status": "Status", "ignored": "Not interrupting", "guarantor": "Guarantor",
        "type": "Type", "period_end": "Period ends", "claim": "Claim", "reason": "Reason",
        "rank": "Rank", "overdue_days": "Days overdue", "criteria": "Criteria", "case": "Case",
        "stage": "Stage", "owner": "Owner", "costs": "Costs", "case_recovered": "Recovered",
        "fee_due": "Counsel fee due", "missed_installments": "Missed installments",
        "cases_count": "Cases", "disputed": "Disputed", "share": "Target / arrears at start",
        "arrears_start": "Arrears at start",
    },
}

VALUES: dict[str, dict[str, str]] = {
    "zh": {
        "construction": "工程款", "goods": "货款", "rent": "租金", "utilities": "水电费",
        "service": "服务费",
        "deposit": "保证金", "advance": "预付款", "other": "其他", "government": "政府机关",
        "state-owned": "国有企业", "real-estate": "房地产企业", "private": "民营企业",
        "individual": "个人",
        "?": "?", "ok": "正常", "near": "临近届满", "expired": "已届满", "suspended": "中止",
        "revived": "已恢复", "due": "到期日", "payment": "回款", "visit": "签字回访",
        "acknowledgment": "对账确认",
        "promise": "还款承诺", "demand": "催款函送达", "preservation": "诉前保全",
        "litigation": "起诉",
        "agreement": "还款协议", "judgment": "判决", "overdue": "逾期超期", "amount": "金额大",
        "arbitration": "申请仲裁", "in-suit-preservation": "诉中保全", "unconfirmed": "底数不清",
        "stage:arbitration": "仲裁", "event:arbitration": "申请仲裁",
        "debtor-type": "债务人类型", "debtor-status": "债务人状态", "joint": "连带",
        "general": "一般",
        "stage:documents": "资料整理", "stage:investigation": "财产调查",
        "stage:negotiation": "协商",
        "stage:preservation": "财产保全", "stage:litigation": "诉讼",
        "stage:enforcement": "强制执行",
        "stage:closed": "结案", "stage:none": "未开始", "event:visit": "回访",
        "event:demand": "催款函",
        "event:promise": "还款承诺", "event:preservation": "诉前保全", "event:litigation": "起诉",
        "event:agreement": "还款协议", "reason:unsigned": "未经对方签字",
        "reason:undelivered": "无送达证明",
        "reason:after-expiry": "在时效届满后，不能恢复时效",
    },
    "en": {
        "reason:unsigned": "not signed by the debtor",
        "reason:undelivered": "no proof of delivery",
        "reason:after-expiry": "after expiry, does not revive",
    },
}


def label(key: str, lang: str) -> str:
    """The column title of a field name in `lang`; unknown keys show as themselves."""
    return LABELS.get(lang, LABELS["en"]).get(key, key)


def value(key: str, lang: str) -> str:
    """A coded value's name in `lang`; unknown codes show as themselves."""
    return VALUES.get(lang, {}).get(key, key)


def stage_name(stage: str | None, lang: str) -> str:
    """A case stage (`none` before the first) in `lang`."""
    code = stage or "none"
    return VALUES["zh"].get(f"stage:{code}", code) if lang == "zh" else code
