#!/usr/bin/env python3
"""Transcribe every printed cell of the seed's 12 tables into printed.tsv.

The seed (../disclosures/zhengzhou-2021-gov-office.txt) is the published disclosure converted to text.
This script is the independent record of what the seed prints, so the Go
tests can compare the compiled example against it cell by cell. It reads the
seed by fixed line ranges (the seed never changes) and repairs the rows that
lost a cell in conversion by re-inserting a blank cell at the only position
that keeps the row's own arithmetic (total = basic + project, …); each
repair is printed. Run: python3 testdata/seed/transcribe.py
Output columns: table, kind, row, column, value (amounts in 元 as printed,
without separators; text with whitespace collapsed and HTML tags removed).
"""
import re, sys, os

here = os.path.dirname(os.path.abspath(__file__))
lines = open(os.path.join(here, "..", "disclosures", "zhengzhou-2021-gov-office.txt"), encoding="utf-8").read().split("\n")
out = []

def L(n):  # 1-based line
    return lines[n - 1]

def cells(n):
    return L(n).split("\t")

def num(s):
    s = s.strip().replace(",", "")
    return "0" if s == "" else s

def text(s):
    s = re.sub(r"<[^>]+>", "", s)
    return re.sub(r"\s+", "", s)

def emit(t, kind, row, col, val):
    out.append((str(t), kind, row, col, val))

# Tables 1 and 4: two-sided; row ids are the printed item names.
def two_sided(t, kind, first, last):
    for n in range(first, last + 1):
        c = cells(n) + ["", "", "", ""]
        if c[0].strip():
            if c[0].startswith("本年收入合计"):
                emit(t, kind, "合计", "income", num(c[1]))
            else:
                emit(t, kind, c[0].strip(), "income", num(c[1]))
        if c[2].strip():
            if c[2].startswith("本年支出合计"):
                emit(t, kind, "合计", "expenditure", num(c[3]))
            else:
                emit(t, kind, c[2].strip(), "expenditure", num(c[3]))

two_sided(1, "summary", 238, 249)
two_sided(4, "fiscal_summary", 293, 303)

EXP = ["total", "basic", "wages", "household", "goods", "capital", "project",
       "project_social", "project_debt", "project_construction", "project_other"]

def consistent(v):
    v = [int(x) for x in v]
    d = dict(zip(EXP, v))
    return (d["total"] == d["basic"] + d["project"]
            and d["basic"] == d["wages"] + d["household"] + d["goods"] + d["capital"]
            and d["project"] == d["project_social"] + d["project_debt"] + d["project_construction"] + d["project_other"])

CLASS_COL = {"301": "wages", "303": "household", "302": "goods", "310": "capital", "309": "capital"}

def repair(vals, where, econ="", totals=None):
    """Re-insert a lost blank cell where the row's arithmetic holds and, for
    an economic row, its basic amount sits in the column of its own class."""
    if len(vals) == len(EXP):
        return vals
    if len(vals) != len(EXP) - 1:
        sys.exit(f"{where}: {len(vals)} values")
    fits = []
    for i in range(1, len(EXP)):
        v = vals[:i] + ["0"] + vals[i:]
        own = CLASS_COL.get(econ[:3]) if econ else None
        if own and any(int(x) != 0 for k, x in zip(EXP, v) if k in CLASS_COL.values() and k != own):
            continue
        # A column the table's total row shows as zero is zero in every row.
        if totals and any(int(x) != 0 and int(t) == 0 for x, t in zip(v, totals)):
            continue
        if consistent(v):
            fits.append(tuple(v))
    if not fits and econ:
        # The seed itself prints this row's amount outside its class's
        # column (31002 under 商品服务支出); keep what it prints.
        return repair(vals, where, "", totals)
    if len(set(fits)) != 1:
        sys.exit(f"{where}: cannot repair {vals}: {fits}")
    print(f"repaired {where}: inserted a blank cell", file=sys.stderr)
    return list(fits[0])

def row_code(c):
    cls, seg, item = c[0].strip(), c[1].strip(), c[2].strip()
    if cls:
        return cls + seg + item
    if item:
        return item  # a unit row prints its code in the 项 column
    return "合计"

# Tables 3, 5 (by function): code split over three cells, then name, 11 amounts.
def functional(t, kind, first, last, ncols):
    for n in range(first, last + 1):
        c = cells(n)
        if not L(n).strip():
            continue
        vals = [num(x) for x in c[4:]]
        vals = vals[:ncols] if ncols != len(EXP) else repair(vals, f"line {n}")
        keys = EXP if ncols == len(EXP) else INCOME
        for k, v in zip(keys, vals):
            emit(t, kind, row_code(c), k, v)

INCOME = ["total", "general_public", "appropriation", "gov_fund", "state_capital",
          "special_account", "other", "transfer"]
# Table 2: the 类/款/项 cells come before the name, amounts after; blank cells are zero.
for n in range(257, 267):
    c = cells(n) + [""] * 12
    vals = [num(x) for x in c[5:13]]
    code = row_code(c)
    for k, v in zip(INCOME, vals):
        emit(2, "income", code, k, v)

functional(3, "expenditure", 274, 283, len(EXP))
functional(5, "general_public_functional", 311, 320, len(EXP))

# Table 5 by economic classification: 类 款 名称 类 款 名称 then 11 amounts.
totals5 = None
for n in range(328, 359):
    if not L(n).strip():
        continue
    c = cells(n)
    vals = repair([num(x) for x in c[6:]], f"line {n}", c[0].strip(), totals5)
    if totals5 is None:
        totals5 = vals
    rid = "合计" if not c[0].strip() else c[0] + c[1] + ">" + c[3] + c[4]
    for k, v in zip(EXP, vals):
        emit(5, "general_public_economic", rid, k, v)

# Table 6: 类 款 名称, 小计, 其中：财政拨款.
for n in range(367, 393):
    c = cells(n)
    rid = "合计" if not c[0].strip() else c[0] + c[1]
    emit(6, "general_public_basic", rid, "total", num(c[3]))
    emit(6, "general_public_basic", rid, "appropriation", num(c[4]))

# Table 7: item names and one amount.
for n in range(402, 408):
    c = cells(n) + [""]
    name = re.sub(r"\s+", "", c[0])
    emit(7, "three_public", "合计" if name == "合计" else name, "amount", num(c[1]))

# Tables 8 and 9 print no rows (empty tables with a note).
emit(8, "gov_fund", "", "rows", "0")
emit(9, "state_capital", "", "rows", "0")

# Table 10: procurement; rows are numbered in order.
PROC = ["unit_name", "purpose", "catalog", "item", "measure", "quantity", "amount"]
i = 0
for n in range(436, 449):
    c = cells(n)
    if not L(n).strip():
        continue
    if not c[0].strip():
        emit(10, "procurement", "合计", "quantity", num(c[8]))
        emit(10, "procurement", "合计", "amount", num(c[9]))
        continue
    i += 1
    rid = f"{c[0]}{c[1]}{c[2]}#{i}"
    for k, v in zip(PROC, c[3:10]):
        emit(10, "procurement", rid, k, num(v) if k in ("quantity", "amount") else text(v))

# Table 11: the department form. Budget figures are printed in 万元.
emit(11, "performance_department", "部门（单位）名称", "value", text(cells(453)[1]))
emit(11, "performance_department", "年度履职目标", "value", text(cells(454)[1]))
for n in (456, 457):
    c = cells(n)
    emit(11, "performance_department", "task:" + text(c[1]), "value", text(c[2]))
for n, key in zip(range(458, 463), ["budget_total", "budget_fiscal", "budget_other", "budget_basic", "budget_project"]):
    emit(11, "performance_department", key, "value_wan", cells(n)[3].strip())

LEVEL1 = {"投入与目标管理", "产出目标", "效果目标", "影响力目标", "投入管理指标", "产出指标", "效益指标"}

def indicators(t, kind, prefix, first, last, targetcol=3):
    l1 = l2 = ""
    k = 0
    for n in range(first, last + 1):
        if not L(n).strip():
            continue
        c = [text(x) for x in cells(n)] + ["", "", "", "", ""]
        if c[0] in ("一级指标",):
            continue
        if c[0] and c[0] not in LEVEL1:
            # The row lost its leading cells in conversion (after a page
            # break): shift what is left back under its headers.
            if c[1]:
                c = ["", c[0], c[1], c[2]] + c[3:]
            elif c[2]:
                c = ["", "", c[0], c[2]] + c[3:]
            else:
                c = ["", c[0], "", ""] + c[3:]
        if c[0]:
            l1 = c[0]
        if c[1]:
            l2 = c[1]
        name, target = c[2], c[targetcol]
        if not c[0] and not c[1] and not c[2] and c[3] == "":
            continue
        k += 1
        emit(t, kind, f"{prefix}indicator#{k}", "level1", l1)
        emit(t, kind, f"{prefix}indicator#{k}", "level2", l2)
        emit(t, kind, f"{prefix}indicator#{k}", "name", name)
        emit(t, kind, f"{prefix}indicator#{k}", "target", target)

indicators(11, "performance_department", "", 463, 501)

# Table 12: seven project forms.
FIELDS = {"项目名称": "project_name", "单位编码": "unit_code", "资金用途": "use", "项目负责人": "manager",
          "联系人": "contact", "联系电话": "phone", "开始时间": "start", "结束时间": "end",
          "项目总金额": "project_total", "项目本年度金额": "this_year", "上年度项目总金额": "last_year_total",
          "项目上年度金额": "last_year", "项目概况": "overview", "立项依据": "basis",
          "项目设立的必要性": "necessity", "项目配套制度措施": "measures", "项目实施计划": "plan",
          "备注": "remark", "项目总目标": "overall_goal", "年度绩效目标": "annual_goal"}
starts = [503, 551, 599, 649, 699, 747, 802, len(lines) + 1]
for s, e in zip(starts, starts[1:]):
    name = None
    ind_start = None
    for n in range(s, e):
        c = cells(n)
        # label/value pairs: label cells are the known field names
        j = 0
        while j < len(c):
            lab = text(c[j])
            if lab in FIELDS and j + 1 < len(c):
                if lab == "项目名称":
                    name = text(c[j + 1])
                key = FIELDS[lab]
                val = c[j + 1]
                val = num(val) if key in ("project_total", "this_year", "last_year_total", "last_year") else text(val)
                emit(12, "performance_project", f"{name}|{key}", "value", val)
                j += 2
                continue
            j += 1
        if text(c[0]) == "一级指标":
            ind_start = n + 1
    indicators(12, "performance_project", f"{name}|", ind_start, e - 1)

with open(os.path.join(here, "printed.tsv"), "w", encoding="utf-8") as f:
    f.write("# What the seed prints, cell by cell (generated by transcribe.py from testdata/disclosures/zhengzhou-2021-gov-office.txt).\n")
    f.write("# table\tkind\trow\tcolumn\tvalue\n")
    for r in out:
        f.write("\t".join(r) + "\n")
print(f"{len(out)} cells", file=sys.stderr)
