"""Every label a report shows, in Chinese and English: one table of titles, one of values.

`LABELS` holds column titles and headings by field name; `VALUES` holds the names of
coded values (kinds, debtor types, limitation statuses and bases, focus criteria), with
a prefix where one code means different things: `stage:` (a case stage), `event:` (an
event named in a limitation note), `reason:` (why an event does not interrupt).
English shows codes as written unless `VALUES["en"]` names them. The reports the work
plans added (the monthly return's extras, documents, leases, case progress) keep their own
tables below, named after the report, since their words mean other things there.
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
        "invoice": "最先届满的发票", "payable": "可发放", "payable-yes": "是",
        "payable-no": "否（任务未完成）",
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
        "invoice": "First-expiring invoice", "payable": "Payable", "payable-yes": "yes",
        "payable-no": "no (target not met)",
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
        "event:agreement": "还款协议", "event:acknowledgment": "对账确认",
        "reason:unsigned": "未经对方签字",
        "reason:undelivered": "无送达证明",
        "reason:after-expiry": "在时效届满后，不能恢复时效",
    },
    "en": {
        "reason:unsigned": "not signed by the debtor",
        "reason:undelivered": "no proof of delivery",
        "reason:after-expiry": "after expiry, does not revive",
    },
}


# qingqian monthly: the return's extras (arrears, 催讨次数)
RETURN_LABELS: dict[str, dict[str, str]] = {
    "zh": {"new_overdue": "本月新增欠款", "new_overdue_bills": "新增欠款笔数",
           "outstanding": "外部欠款余额", "overdue": "外部逾期",
           "internal_outstanding": "内部欠款余额",
           "internal_overdue": "内部逾期", "unconfirmed": "底数不清项数",
           "unconfirmed_amount": "底数不清金额", "disputed": "争议金额",
           "arrears": "欠款情况（前清后欠、内部欠款、底数不清）", "attempts": "催讨次数",
           "attempts-title": "催讨次数（按清欠人员）", "demand": "催款函", "visit": "走访",
           "call": "电话"},
    "en": {"new_overdue": "New arrears", "new_overdue_bills": "New overdue bills",
           "outstanding": "External outstanding", "overdue": "External overdue",
           "internal_outstanding": "Intercompany outstanding",
           "internal_overdue": "Intercompany overdue", "unconfirmed": "Unconfirmed claims",
           "unconfirmed_amount": "Unconfirmed amount", "disputed": "Disputed",
           "arrears": "Arrears (new, intercompany, unconfirmed)", "attempts": "Attempts",
           "attempts-title": "Collection attempts by collector", "demand": "Demands",
           "visit": "Visits", "call": "Calls"},
}

# qingqian documents
DOCUMENT_LABELS: dict[str, dict[str, str]] = {
    "zh": {"title": "缺少的清欠资料", "person": "清欠人员/负责人", "name": "姓名",
           "record": "债权/案件",
           "debtor": "债务人", "required_for": "用途", "missing": "缺少", "held": "已有",
           "blocking": "必须补齐", "handover": "移交清欠办", "yes": "是", "file": "资料档案",
           "receivable": "债权",
           "case": "案件"},
    "en": {"title": "Missing documents", "person": "Collector/owner", "name": "Name",
           "record": "Record", "debtor": "Debtor", "required_for": "Required for",
           "missing": "Missing", "held": "Held", "blocking": "Blocking",
           "handover": "handover", "yes": "yes", "receivable": "receivable", "case": "case"},
}

DOCUMENT_STAGES: dict[str, str] = {
    "litigation": "诉讼", "arbitration": "仲裁", "enforcement": "强制执行",
    "preservation": "财产保全", "negotiation": "协商", "investigation": "财产调查",
    "documents": "资料整理",
}

# qingqian leases, leases --settle, meter
LEASE_LABELS: dict[str, dict[str, str]] = {
    "zh": {"register": "资产出租台账", "receivable": "债权", "asset": "资产编号",
           "asset_name": "资产",
           "tenant": "承租人", "start": "起租日", "end": "到期日", "rent": "租金", "every": "周期",
           "deposit": "押金(约定)", "held": "押金余额", "outstanding": "欠租",
           "utilities": "欠水电费",
           "penalty": "违约金", "status": "状态", "statement": "退租结算单", "item": "项目",
           "amount": "金额", "move_out": "退租日", "received": "押金已收", "offset": "押金已抵扣",
           "refunded": "押金已退还", "owed": "应收合计", "balance_due": "承租人尚欠",
           "refundable": "应退押金", "meter": "表号", "kind": "类别", "previous": "上期读数",
           "current": "本期读数", "quantity": "用量", "price": "单价", "charges": "抄表计费",
           "active": "在租", "ended": "已到期", "moved-out": "已退租", "not-started": "未起租",
           "month": "月", "quarter": "季", "year": "年", "electricity": "电", "water": "水",
           "gas": "燃气", "note": "违约金单列，不计入欠租本金。"},
    "en": {"register": "Lease register", "receivable": "Receivable", "asset": "Asset",
           "asset_name": "Asset name", "tenant": "Tenant", "start": "Start", "end": "End",
           "rent": "Rent", "every": "Every", "deposit": "Deposit agreed", "held": "Deposit held",
           "outstanding": "Rent owed", "utilities": "Utilities owed", "penalty": "Penalty",
           "status": "Status", "statement": "Move-out settlement", "item": "Item",
           "amount": "Amount", "move_out": "Moved out", "received": "Deposit received",
           "offset": "Deposit offset", "refunded": "Deposit refunded", "owed": "Total owed",
           "balance_due": "Balance due from tenant", "refundable": "Deposit to refund",
           "meter": "Meter", "kind": "Kind", "previous": "Previous", "current": "Current",
           "quantity": "Quantity", "price": "Price", "charges": "Meter charges",
           "note": "Penalties are shown beside the principal, never added to it."},
}

# qingqian report case/cases: headings, what happened, what to do next
PROGRESS_LABELS: dict[str, dict[str, str]] = {
    "zh": {"title": "案件进展报告", "pack": "案件进展月报", "case": "案件", "debtor": "债务人",
           "owner": "负责人", "counsel": "代理律师", "scope": "代理权限", "engaged": "委托日期",
           "stage": "当前阶段", "since": "自", "period": "报告期间", "money": "金额情况",
           "claim": "债权金额", "claim_at_opening": "立案时债权", "recovered_period": "本期回收",
           "recovered_total": "累计回收", "costs_period": "本期费用", "costs_total": "累计费用",
           "fee_due": "应付律师费", "frozen": "已保全金额", "happened": "本期进展", "date": "日期",
           "what": "事项", "detail": "内容", "amount": "金额", "deadlines": "重要期限",
           "next": "下一步工作", "missing": "尚缺证据材料", "assets": "已查明财产",
           "kind": "类别", "encumbered": "已设定抵押/查封", "none": "无", "item": "项目",
           "general": "一般代理", "special": "特别授权", "to": "至"},
    "en": {"title": "Case progress report", "pack": "Monthly case reports", "case": "Case",
           "debtor": "Debtor", "owner": "Owner", "counsel": "Counsel", "scope": "Authority",
           "engaged": "Engaged", "stage": "Stage", "since": "since", "period": "Period",
           "money": "Money", "claim": "Claim", "claim_at_opening": "Claim at opening",
           "recovered_period": "Recovered in period", "recovered_total": "Recovered to date",
           "costs_period": "Costs in period", "costs_total": "Costs to date",
           "fee_due": "Counsel fee due", "frozen": "Preserved", "happened": "What happened",
           "date": "Date", "what": "What", "detail": "Detail", "amount": "Amount",
           "deadlines": "Deadlines", "next": "Next steps", "missing": "Evidence still missing",
           "assets": "Assets found", "kind": "Kind", "encumbered": "Encumbered", "none": "none",
           "item": "Item", "general": "general", "special": "special authority", "to": "to"},
}

PROGRESS_WHAT: dict[str, dict[str, str]] = {
    "zh": {"stage": "阶段", "preservation": "诉前财产保全", "in-suit-preservation": "诉中保全",
           "asset": "查明财产", "agreement": "达成协议",
           "cost": "费用", "payment": "回款", "visit": "走访", "call": "电话催收",
           "demand": "催款函",
           "acknowledgment": "对账确认", "promise": "还款承诺", "handover": "移交清欠办",
           "suit": "保全后起诉期限", "enforcement": "申请强制执行期限",
           "limitation": "诉讼时效届满",
           "installment": "分期还款到期", "guarantee": "保证期间届满", "hearing": "开庭",
           "documents": "资料整理", "investigation": "财产调查", "negotiation": "协商",
           "litigation": "诉讼", "arbitration": "仲裁", "closed": "结案",
           "real-estate": "不动产", "bank-account": "银行账户", "vehicle": "车辆",
           "equipment": "机器设备",
           "equity": "股权", "receivable": "应收账款", "other": "其他",
           "court-fee": "诉讼（仲裁）费",
           "preservation-fee": "保全费", "counsel-fee": "律师费", "appraisal": "评估鉴定费",
           "repayment": "还款协议", "settlement": "和解协议", "in-kind": "以物抵债协议"},
    "en": {},
}

PROGRESS_NEXT: dict[str, dict[str | None, str]] = {
    "zh": {"documents": "补齐证据材料，完成债权资料档案；委托律师开展财产调查。",
           "investigation": "完成财产调查，确定可供保全和执行的财产线索。",
           "negotiation": "发出法律意见书或律师函，争取达成还款协议；同时评估诉前保全。",
           "preservation": "在保全后法定期限内起诉或申请仲裁。",
           "litigation": "跟进开庭与调解；如发现新的财产线索，申请诉中保全。",
           "arbitration": "跟进仲裁庭审理与调解；裁决后及时申请执行。",
           "enforcement": "配合法院查控、评估、拍卖；必要时申请追加股东为被执行人。",
           "closed": "出具结案报告，归档全部材料。", None: "立案并整理证据材料。"},
    "en": {"documents": "Complete the evidence file; instruct counsel to investigate assets.",
           "investigation": "Finish the asset investigation: what can be preserved and enforced.",
           "negotiation": "Send a legal opinion or lawyer's letter and seek a repayment "
                          "agreement; weigh a pre-suit preservation.",
           "preservation": "File suit or arbitration within the time after the preservation.",
           "litigation": "Follow hearings and mediation; apply for in-suit preservation on "
                         "new assets.",
           "arbitration": "Follow the tribunal and mediation; apply for enforcement of the award.",
           "enforcement": "Assist the court's search, valuation and auction; consider adding "
                          "shareholders as judgment debtors.",
           "closed": "Issue the closing report and archive the file.",
           None: "Open the case and collect the evidence."},
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
