"""Every message and hint a rule can write, as a template with named fields, by rule id.

A rule builds its message in English with an f-string; the template here is the same
sentence with each value a `{field}`, and the catalogue holds its Chinese. A new message
in a rule needs its template here (tests/test_i18n.py runs the corpus and fails on a
finding no template matches). `FRAGMENTS` are the phrases a rule puts inside a field
(who made a commit, why a debtor is on hold …); `WORDS` the codes shown as words
(event types, stages, roles), translated in the fields `WORD_FIELDS` names and nowhere
else (a path or an id that happens to read `debtor` stays as written).
"""

from __future__ import annotations

from . import N_, NC_

SLIPS = (
    N_("full-width colon `：` after `{key}`"),
    N_("type an ordinary colon and a space: `{key}: `"),
    N_("full-width space `　` in the indentation"),
    N_("indent with ordinary (half-width) spaces only; delete the `　`"),
    N_("full-width comma `，` between fields"),
    N_("type an ordinary comma `,` between the fields inside `{{ }}`"),
    N_("Chinese quotation marks around the value of `{key}`"),
    N_("quote with ordinary double quotes: `{key}: \"…\"`"),
    N_("`{key}` is indented {more} space(s) more than `{above}` on line {line}"),
    N_("fields of one level start in the same column: indent `{key}` by {spaces} space(s), "
       "like `{above}`"),
)

# What a field value (pydantic's or a parse function's words) says, after `{where}: `.
VALUE_ERRORS = (
    N_("{where}: Input should be {choices}"),
    N_("{where}: Input should be a valid string"),
    N_("{where}: Input should be a valid tuple"),
    N_("{where}: Input should be a valid list"),
    N_("{where}: Input should be a valid dictionary or instance of {model}"),
    N_("{where}: Input should be a valid dictionary or object to extract fields from"),
    N_("{where}: Tuple should have at least {count} item after validation, not {given}"),
    N_("{where}: List should have at least {count} item after validation, not {given}"),
    N_("{where}: String should have at least {count} character"),
    N_("{where}: Value error, {detail}"),
    N_("{where}: expected {what}, found {found}"),
    N_("{where}: `{text}` is not an ISO date like 2024-05-10"),
    N_("{where}: {text} is not a real date"),
    N_("{where}: `{text}` is not true or false"),
    N_("{where}: `{text}` is not a whole number"),
    N_("{where}: `{text}` is not an id (letters, digits, . _ -)"),
    N_("{where}: `{text}` is not a month like 2026-11"),
    N_("{where}: `{text}` is not a rate like 0.0005"),
)

IGNORED = N_("{receivable}: limitation expired on {expires} ({basis} of {basis_date}); "
             "claim {claim}; the {ignored}")

TEMPLATES: dict[str, tuple[str, ...]] = {
    "S001": (*SLIPS, N_("YAML syntax: {detail}"),
             N_("YAML syntax: control character {char} is not allowed"),
             N_("remove it; write a real line break or quote the text"),
             N_("mapping keys must be plain text"),
             N_("more than one YAML document in the file")),
    "S002": (N_("file starts with a byte order mark (BOM)"), N_("save it as UTF-8 without BOM"),
             N_("not valid UTF-8 (byte {byte})"),
             N_("save the file as UTF-8; GBK text from Excel must be converted")),
    "S003": (N_("file is {what}, not a mapping of fields"),
             N_("a {kind} file starts with `id:`")),
    "S004": (N_("duplicate key `{key}`"), N_("the first is on line {line}")),
    "S005": (N_("merge keys (<<) are not allowed"), N_("write the keys out in full"),
             N_("alias *{name}: anchors and aliases are not allowed"),
             N_("anchor &{name}: anchors and aliases are not allowed"),
             N_("write the value out in full"),
             N_("explicit tag {tag} is not allowed"),
             N_("remove the tag; quote the value if it must stay text")),
    "S006": (N_("file is {size} bytes, above the limit of {limit}"),
             N_("file is above the limit of {limit} bytes"),
             N_("split it: one receivable per file"),
             N_("nesting deeper than {depth} levels"),
             N_("more than {count} YAML nodes in one file")),
    "S007": (N_("unknown field `{field}`"), N_("did you mean `{name}`?"),
             N_("remove it or check the spelling")),
    "S008": (N_("missing field `{field}` in {where}"), N_("missing field `{field}`"),
             N_("policies/rules.yaml is missing"), N_("run `qingqian init` for a default one")),
    "S009": (*VALUE_ERRORS, N_("unknown event type `{type}`"), N_("use one of {types}")),
    "S010": (N_("amount {value} written with thousands separators and no quotes"),
             N_("write it in quotes without the commas: `{key}: \"{plain}\"`"),
             N_("{where}: `{value}` is not an amount like 1250000.00"),
             N_("{where}: amount {value} is negative; amounts are never negative (the event "
                "type gives the direction)"),
             N_("{where}: amount {value} has more than 2 decimal places")),
    "S011": (N_("id `{id}` does not match the file name `{stem}`"),
             N_("rename the file or set `id: {stem}`")),
    "S012": (N_("id `{id}` is also used by {path}"), N_("ids are unique across the ledger"),
             N_("id `{id}` is listed twice")),
    "S013": (N_("未加引号的值会被 YAML 1.1 工具误读 / this unquoted value is read differently by "
                "YAML 1.1 tools (boolean, octal or base 60)"),
             N_("put it in double quotes")),
    "S014": (N_("tab character in indentation"), N_("indent with spaces only")),
    "S015": (N_("credit_code `{code}` {problem} (统一社会信用代码无效)"),
             N_("copy the 18-character code from the business licence"),
             N_("id_number {problem} (身份证号码无效)"),
             N_("copy the 18-character number from the ID card")),
    "S016": (N_("credit_code `{code}` is also {name} ({id}, {path}) (一户一档：重复的债务人)"),
             N_("ID-card number is also {name} ({id}, {path}) (一户一档：重复的债务人)"),
             N_("merge into {id}: one debtor, one file")),
    "S018": (N_("`{key}` 以公式字符开头 / starts with `{char}`, which a spreadsheet reads as a "
                "formula"),
             N_("remove the leading character; exports write it as text")),
    "S019": (N_("是符号链接，未读取 / a symbolic link: links are never followed"),
             N_("不是普通文件，未读取 / {kind}, not a regular file"),
             N_("以符号链接提交，未读取 / committed as a symbolic link (mode 120000): links are "
                "never followed"),
             N_("replace the link with the file itself"), N_("commit the file itself")),
    "S020": (N_("文件名不是 UTF-8，未读取 / the file name is not valid UTF-8"),
             N_("rename the file")),
    "S030": (N_("tracked by Git (被 Git 跟踪): qingqian keeps its state in the Git directory "
                "and never reads this file"),
             N_("git rm -r --cached .qingqian")),
    "R001": (N_("unknown debtor `{debtor}`"), N_("add ledger/debtors/{debtor}.yaml or fix the id")),
    "R002": (N_("unknown person `{person}` in `{field}`"),
             N_("add them to policies/people.yaml or fix the id"),
             N_("target for unknown person `{person}`")),
    "R003": (N_("unknown unit `{unit}`"), N_("add it to policies/units.yaml or fix the id"),
             N_("person `{person}` belongs to unknown unit `{unit}`"),
             N_("unknown unit `{unit}` in accountability"),
             N_("target for unknown unit `{unit}`")),
    "R004": (N_("unknown receivable `{receivable}`"),
             N_("fix the id or add the receivable's file"),
             N_("`{person}` is assigned unknown receivable `{receivable}`")),
    "R005": (N_("receivable `{receivable}` belongs to debtor `{debtor}`, not to the case's "
                "debtor `{case_debtor}`"),
             N_("a case pursues one debtor: open another case for the other debtor")),
    "R006": (N_("evidence `{path}` is outside the repository"),
             N_("store evidence in the repository, e.g. docs/<AR-ID>/, and give the path "
                "relative to its root")),
    "R007": (N_("`applies_to: {ref}` names no invoice"),
             N_("use the `ref` of one of this receivable's invoices"),
             N_("reversal of `{ref}` names no payment"),
             N_("use the `ref` of the payment being reversed")),
    "L001": (N_("collected {collected} + credited {credited} + written off {written_off} "
                "exceeds invoiced {invoiced} by {over}"),
             N_("record the missing invoice, or correct the amount")),
    "L002": (N_("payment dated {date}, after {as_of}"),
             N_("record payments when the money has arrived")),
    "L003": (N_("write-off of {amount} exceeds the outstanding {outstanding} on {date}"),
             N_("write off at most what is outstanding on that date")),
    "L004": (N_("{type} dated {date} after the claim was transferred on {transferred}"),
             N_("a transferred claim belongs to its buyer: record nothing after the transfer")),
    "L005": (N_("{type} dated {date} comes after an event dated {previous}"),
             N_("keep events in date order")),
    "L006": (N_("recovered {recovered} exceeds written off {written_off}"),
             N_("a payment after a write-off recovers at most what was written off")),
    "L007": (N_("payment ref `{ref}` is used twice"),
             N_("each receipt is recorded once; give a replacement its own ref")),
    "L008": (N_("schedule `{item}` runs from {start} to the earlier {end}"),
             N_("swap `from` and `to`")),
    "L009": (N_("receipt {method} `{ref}` ({amount}) is already booked at {path}:{line} "
                "(同一笔回款重复入账)"),
             N_("book a receipt once; if it really pays several receivables, give each part "
                "`receipt: {{ref: ..., total: ...}}`")),
    "L010": (N_("receipt {method} `{ref}` is declared with totals {totals}"),
             N_("give every part the receipt's one total"),
             N_("receipt {method} `{ref}` of {total} is booked as parts adding up to {parts} "
                "({where})"),
             N_("the parts of one receipt add up to its total")),
    "L011": (N_("{type} of {amount} on {date}: an amount must be above zero (金额须大于零)"),
             N_("remove the event, or record the real amount"),
             N_("schedule `{item}` charges {amount}: an amount must be above zero"),
             N_("remove the schedule, or give the real amount")),
    "P001": (N_("payment of {amount} on {date} has no `ref`"),
             N_("add the bank receipt or voucher number as `ref:`")),
    "P002": (N_("write-off basis `{basis}` is not allowed"), N_("use one of: {choices}")),
    "P003": (N_("write-off of {amount} has {count} evidence item(s), {need} required"),
             N_("list the court ruling, deregistration record or collection file under "
                "`evidence:`")),
    "P004": (N_("write-off of {amount} lacks approval by {roles}"),
             N_("add an approver holding each missing role to `approved_by:`")),
    "P005": (N_("{type} on {date} is approved by `{who}`, the receivable's {role}"),
             N_("approval needs someone other than the responsible person and the collector")),
    "P006": (N_("write-off of {amount} is above {limit} without an accountability finding"),
             N_("record `accountability: {{kind: personal|unit, who: ..., action: ...}}`")),
    "P007": (N_("invoice of {amount} on {date} while `{debtor}` was on credit hold: {reason}"),
             N_("stop supply, or record `override: {{approved_by: ..., reason: ...}}`")),
    "P008": (N_("collector `{who}` left on {date}; {amount} is still outstanding"),
             N_("hand the receivable over with an `assign` event")),
    "P009": (N_("responsible person `{who}` left on {date} and a bill is {days} days past due"),
             N_("record the lifetime-responsibility finding under `accountability:`")),
    "P010": (N_("stage `{stage}` on {date} follows `{previous}`"),
             N_("cases move forward only; open a new case to start again")),
    "P011": (N_("case closed on {date} with outstanding {owed}"),
             N_("collect or write off the balance before closing")),
    "P012": (N_("strategy `{strategy}` for a debtor whose condition is `{condition}` "
                "(policy: {expected})"),
             N_("follow the policy, or say why under `strategy_reason:`")),
    "P013": (N_("{type} fee at {rate} of the claim {claim} is {fee}, above the cap {cap}"),
             N_("agree a lower rate within the lawyer-fee caps")),
    "P014": (N_("{basis}: {problem} (核销依据与账面事实不符)"),
             N_("write off on the basis the facts support, or record the facts first")),
    "P015": (N_("{basis} write-off lacks evidence of kind {kinds} (缺少核销证据)"),
             N_("list it as `{{kind: ..., path: ...}}` under `evidence:`")),
    "P016": (N_("evidence {problem} (核销证据不存在或不符)"),
             N_("commit the file at that path, or give `{{kind, sha256, held}}` for a paper "
                "original")),
    "P017": (N_("acknowledged {amount} on {date}, the books say {books} (difference "
                "{difference}; 对账确认金额与账面不符)"),
             N_("reconcile with the debtor before relying on the acknowledgment in court")),
    "P019": (N_("name {name} matches {other} ({id}, {path}) (疑似同一债务人)"),
             N_("merge into {id}, or record each one's credit_code")),
    "P020": (N_("credit-hold override of {amount} on {date}: {problem} (停供解除审批人不合规)"),
             N_("an approver holds one of: {roles}, and is neither the collector nor the "
                "responsible person")),
    "P021": (N_("case owner {name} (`{who}`) left on {date}; the case is still open "
                "(离职人员仍为案件负责人)"),
             N_("hand the case to someone else: change `owner:`")),
    "P022": (N_("no {currency} rate for {month} in rules.yaml fx: the payment of {amount} is "
                "not converted (缺少汇率)"),
             N_("add `{currency}: {{{month}: \"…\"}}` under `fx:` in policies/rules.yaml")),
    "P030": (N_("dispute of {date} has kind `{kind}`, not a listed kind"),
             N_("use one of: {kinds} (rules.yaml disputes.kinds)")),
    "P031": (N_("document `{kind}`: {problem}"),
             N_("give `path:` (a file under the evidence folder) or, for a paper original, "
                "`sha256:` of its scan and `held:` (where it is kept)")),
    "P032": (N_("document `{path}` is not under `{folder}`"),
             N_("keep evidence files together under {folder}<record id>/")),
    "P033": (N_("document kind `{kind}` is not listed"),
             N_("use one of: {kinds} (rules.yaml documents.kinds)")),
    "P034": (N_("{receivable} was handed over without: {missing}"),
             N_("art. 1: 移交时必须附清欠资料档案; add them to `documents:` (a|b: either will "
                "do)")),
    "P035": (N_("{case} entered {stage} without: {missing}"),
             N_("add them to the case's `documents:` (or the receivables'); rules.yaml "
                "documents.stage lists what each stage needs")),
    "P036": (N_("invoice {ref} of {amount}: the readings × tariff give {expected}"),
             N_("rebuild it with `qingqian meter <AR-ID> --month <YYYY-MM>`; tariffs are in "
                "rules.yaml utilities.tariffs")),
    "P037": (N_("{type} of {amount} on {date} leaves the deposit at {held}"),
             N_("offset or refund only what was received (`deposit-received`)")),
    "P038": (N_("in-suit preservation of {date} is dated before the suit of {filed}"),
             N_("in-suit preservation of {date} is dated but no suit or arbitration is recorded"),
             N_("record a pre-suit preservation as a `preservation` stage (suit within 30 "
                "days), or add the `litigation`/`arbitration` stage")),
    "P039": (N_("asset `{asset}` has kind `{kind}`, not a listed kind"),
             N_("use one of: {kinds} (rules.yaml cases.asset_kinds)")),
    "P040": (N_("handover to `{to}`, which is no unit"),
             N_("add the collection office (清欠办) to policies/units.yaml and name its id in "
                "`to:`")),
    "A001": (N_("{receivable}: limitation expired on {expires} ({basis} of {basis_date}); "
                "claim {claim}"), IGNORED,
             N_("only the debtor's consent revives it: a signed acknowledgment or promise, a "
                "repayment agreement, or a payment"),
             N_("only the debtor's consent revives it: a signed acknowledgment or promise, a "
                "repayment agreement, or a payment; otherwise consider a write-off under "
                "policies/rules.yaml writeoff.bases")),
    "A002": (N_("{receivable}: limitation expires on {expires}, in {days} days ({basis} of "
                "{basis_date}); claim {claim}"),
             N_("{receivable}: limitation expires on {expires}, in {days} days ({basis} of "
                "{basis_date}); claim {claim}; the {ignored}"),
             N_("interrupt it: a demand with `delivered:`, a visit record the debtor signs "
                "(`signed: true`), an acknowledgment, or file suit")),
    "A003": (N_("guarantee period of {guarantor} ends on {date}, in {days} days; {claim} still "
                "owed"),
             N_("send a written demand to the joint guarantor before {date}; the period cannot "
                "be interrupted"),
             N_("sue the debtor (general guarantee) before {date}; the period cannot be "
                "interrupted")),
    "A004": (N_("promise of {amount} by {date} broken: {paid} paid"),
             N_("follow up with a demand (record `delivered:`) or escalate to a case")),
    "A005": (N_("installment of {amount} due {due} missed: {paid} paid since {since} against "
                "{total} due"),
             N_("demand payment under the agreement, or move the case on")),
    "A006": (N_("{amount} overdue and no collection activity since it fell due on {date} "
                "(more than {days} days)"),
             N_("{amount} overdue and no collection activity since {date} (more than {days} days)"),
             N_("visit the debtor or send a demand, and record it")),
    "A007": (N_("enforcement window of the judgment of {date} ended on {end}, and no "
                "enforcement stage is recorded"),
             N_("enforcement window of the judgment of {date} ends on {end}, in {days} days, and "
                "no enforcement stage is recorded"),
             N_("apply to the court for enforcement and record an `enforcement` stage")),
    "A008": (N_("preservation of {date} must be followed by a suit by {by}, {days} days left"),
             N_("preservation of {date} must be followed by a suit by {by}, {days} days ago"),
             N_("file suit and record a `litigation` stage, or the preservation lapses")),
    "A020": (N_("{receivable}: moved out on {date}, deposit {held} still held"),
             N_("settle it (`qingqian leases --settle {receivable}`): offset it against arrears "
                "(`deposit-offset`) and refund the rest")),
    "H001": (N_("{who}: responsible changed from {old} to {new}"),
             N_("第一责任人 is for life; change the collector with an `assign` event")),
    "H002": (N_("{who}: {type} event of {date} {what} inside the closed period (closed_through "
                "{through})"),
             N_("closed months are final; record a correction dated in the open period")),
    "H003": (N_("{who}: {type} {ref}: {changes}"), N_("{who}: {type}: {changes}"),
             N_("keep recorded events; undo a payment with `reversal` and record it anew")),
    "H004": (N_("{who}: {path} ({id}) deleted"),
             N_("keep the file; a settled or written-off record stays (账销案存)")),
    "H005": (N_("{who}: write-off of {date} approved by its own author ({approvers})"),
             N_("another person commits the write-off an approver signed")),
    "H010": (N_("{who}: rules.yaml changed: {keys}"),
             N_("policy changes go in a pull request of their own, reviewed by its owner")),
    "H011": (N_("{who}: roles of {name} ({id}) changed: {changes}"),
             N_("roles decide approvals; change them apart from the records they approve")),
    "H012": (N_("{who}: closed_through {old} → {new}: closed months reopened"),
             N_("closing is final; only move closed_through forward, at month end")),
    "H013": (N_("{who}: schedule changes invoices inside the closed period (closed_through "
                "{through}): {delta}"),
             N_("closed months are final; end the schedule and start a new one dated in the "
                "open period")),
    "H014": (N_("{who}: {type} of {date} approved by {approvers}, whose roles this change "
                "widened"),
             N_("approvals count under the roles the base allowed")),
}

# Phrases a rule puts inside one field of its message (any rule).
FRAGMENTS = (
    # who made the change (rules.history.Compare.who)
    N_("commit {sha} by {author}"), N_("staged change by {author}"),
    N_("range {span} as a whole"),
    # H003: what changed
    N_("amount {old} → {new}"), N_("date {old} → {new}"),
    N_("amount {old} → {new}, date {old_date} → {new_date}"),
    # S015: what is wrong with a credit code or ID-card number (model.identity)
    N_("has {count} characters, not 18"), N_("has characters outside GB 32100-2015: {chars}"),
    N_("check digit is {digit}, expected {expected}"),
    N_("is not 17 digits and a check character"), N_("has a wrong check character"),
    # P007: why the debtor is on hold (lifecycle.holds)
    N_("balance over {days} days past due {overdue} exceeds {over}"),
    N_("outstanding {outstanding} exceeds the credit limit {limit}"),
    N_("balance over {days} days past due {overdue} exceeds {over}; outstanding "
       "{outstanding} exceeds the credit limit {limit}"),
    # P014: what contradicts a write-off's basis (rules.writeoffs)
    N_("{amount} of {receivable} was {days} days past due on {date}"),
    N_("{amount} is above writeoff.small_limit {limit}"),
    N_("debtor {name} ({id}) has status `{status}`, not `{expected}`"),
    N_("debtor {name} ({id}) is `{type}` with status `{status}`, not an individual marked "
       "`missing`"),
    N_("no case on {receivable} has an enforcement stage ended by a termination ruling by "
       "{date}"),
    # P016: what is wrong with an evidence item (rules.evidence)
    N_("item names neither a path nor a sha256"), N_("`{path}` is not in the repository"),
    N_("`{path}` could not be read to compare its sha256"),
    N_("`{path}` does not match its sha256 {digest}…"),
    # P020: why an override's approver may not approve it
    N_("`{who}` is the receivable's responsible person"),
    N_("`{who}` is the receivable's collector"),
    N_("{name} (`{who}`) left on {date}"),
    N_("{name} (`{who}`) holds none of the roles {roles}"),
    # P031: what a document lacks
    N_("path `{path}` is outside the repository"),
    N_("no `path`, and not both `sha256` and `held`"),
    N_("`sha256: {digest}` is not 64 lowercase hex digits"),
    # P036
    N_("no readings or no tariff"),
    # S009: pydantic's list of choices
    N_("'{first}' or '{last}'"),
    # A001/A002: a record that does not interrupt the limitation period
    N_("{type} of {date} was not signed by the debtor (`signed: true`, or an acknowledgment's "
       "`signed_by`)"),
    N_("demand of {date} has no proof of delivery: record the delivery receipt as `delivered:`"),
    N_("{date} ({type}) came after the expiry and does not revive the claim"),
    # S019: what a file is instead of a regular file (safefile)
    N_("a folder"), N_("a FIFO (named pipe)"), N_("a character device"), N_("a block device"),
    N_("a socket"), N_("not a regular file"),
)

# The fields whose value may be a code word (WORDS); other fields are shown as written.
WORD_FIELDS = frozenset({"type", "method", "role", "what", "kind", "basis", "stage", "found",
                         "same"})

# Codes shown as words in a message (context "word"): event types, stages, bases, roles …
WORDS = (
    NC_("word", "invoice"), NC_("word", "payment"), NC_("word", "credit"),
    NC_("word", "visit"), NC_("word", "call"), NC_("word", "demand"),
    NC_("word", "acknowledgment"), NC_("word", "promise"), NC_("word", "assign"),
    NC_("word", "handover"), NC_("word", "writeoff"), NC_("word", "transfer"),
    NC_("word", "reversal"), NC_("word", "deposit-received"), NC_("word", "deposit-offset"),
    NC_("word", "deposit-refund"), NC_("word", "opening"),
    NC_("word", "documents"), NC_("word", "investigation"), NC_("word", "negotiation"),
    NC_("word", "preservation"), NC_("word", "litigation"), NC_("word", "arbitration"),
    NC_("word", "enforcement"), NC_("word", "closed"),
    NC_("word", "due"), NC_("word", "judgment"), NC_("word", "agreement"),
    NC_("word", "in-suit-preservation"),
    NC_("word", "bank"), NC_("word", "cash"), NC_("word", "note"), NC_("word", "offset"),
    NC_("word", "in-kind"),
    NC_("word", "letter"), NC_("word", "lawyer-letter"), NC_("word", "email"),
    NC_("word", "sms"), NC_("word", "notarized"), NC_("word", "court"),
    NC_("word", "responsible person"), NC_("word", "collector"),
    NC_("word", "added"), NC_("word", "removed"), NC_("word", "changed"),
    NC_("word", "contingency"), NC_("word", "mixed"),
    NC_("word", "empty"), NC_("word", "a list"), NC_("word", "a scalar"),
    NC_("word", "debtor"), NC_("word", "receivable"), NC_("word", "case"),
    NC_("word", "an amount"), NC_("word", "a rate"), NC_("word", "a date"),
    NC_("word", "true or false"), NC_("word", "a whole number"), NC_("word", "an id"),
    NC_("word", "a month"), NC_("word", "an empty value"), NC_("word", "a mapping"),
    NC_("word", "credit code"), NC_("word", "ID-card number"), NC_("word", "name"),
)
