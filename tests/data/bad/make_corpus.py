"""Write the bad-input corpus: one small file per quirk (see README.md in this folder).

Run from the repository root: ``.venv/bin/python tests/data/bad/make_corpus.py``. The files are
committed; this script is how they were made, so a change to the corpus is a change here.

CSV files are written byte for byte (the encoding is the quirk); workbooks with openpyxl, and
the parts openpyxl cannot write (a formula's saved result, an error result) by editing the
sheet's XML inside the .xlsx afterwards, as Excel would have saved it.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
ORDERS = ["外部编号", "客户编号", "金额(元)", "签约日期"]


def csv_text(rows: Sequence[Sequence[str]], sep: str = ",") -> str:
    return "".join(sep.join(row) + "\r\n" for row in rows)


def put(relative: str, data: bytes) -> None:
    path = HERE / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def orders_csv(relative: str, rows: Sequence[Sequence[str]], **kw: Any) -> None:
    encoding = kw.pop("encoding", "utf-8")
    put(relative, csv_text([ORDERS, *rows], **kw).encode(encoding))


def workbook(sheets: dict[str, Sequence[Sequence[Any]]]) -> Workbook:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    return book


def xlsx_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def patch_sheet(data: bytes, edit: Any) -> bytes:
    """The workbook ``data`` with the first sheet's XML passed through ``edit``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                part = edit(part.decode("utf-8")).encode("utf-8")
            target.writestr(info, part, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def make_csv() -> None:
    # Chinese Excel saves "CSV" in the system code page: GBK, with full-width digits and marks.
    put(
        "gbk_chinese_excel/客户.csv",
        csv_text(
            [
                ["外部编号", "客户名称", "指定分层"],
                ["C10", "深圳（南山）精密科技有限公司", "A"],
                ["C11", "东莞　新能源设备厂", "B"],
            ]
        ).encode("gbk"),
    )
    orders_csv(
        "gbk_fullwidth_values/订单.csv",
        [
            ["O1", "C1", "１２，３４５．５０", "２０２６年３月５日"],
            ["O2", "C2", "￥８００", "2026/3/6"],
        ],
        encoding="gbk",
    )
    put(
        "utf8_bom/订单.csv",
        codecs.BOM_UTF8 + csv_text([ORDERS, ["O1", "C1", "1000", "2026-03-05"]]).encode(),
    )
    # Excel's "Unicode text": UTF-16 little-endian with a byte-order mark, tab-separated.
    put(
        "utf16_unicode_text/订单.csv",
        csv_text([ORDERS, ["O1", "C1", "1000", "2026-03-05"]], sep="\t").encode("utf-16"),
    )
    orders_csv("semicolons/订单.csv", [["O1", "C1", "1000.50", "2026-03-05"]], sep=";")
    orders_csv("tabs/订单.csv", [["O1", "C1", "1,000.50", "2026-03-05"]], sep="\t")
    orders_csv(
        "amount_forms/订单.csv",
        [
            ["O1", "C1", '"1,234.50"', "2026-03-05"],
            ["O2", "C1", '"¥1,234.50"', "2026-03-05"],
            ["O3", "C1", "12.5万", "2026-03-05"],
            ["O4", "C1", "1.2亿", "2026-03-05"],
            ["O5", "C1", '"RMB 3,000"', "2026-03-05"],
            ["O6", "C1", "3000元", "2026-03-05"],
            ["O7", "C1", "0.12345", "2026-03-05"],
        ],
    )
    orders_csv("negative_in_parentheses/订单.csv", [["O1", "C1", '"（1,000）"', "2026-03-05"]])
    # A European Excel writes a decimal comma; reading it as a thousands separator would be
    # off by a factor of 100.
    orders_csv("decimal_comma/订单.csv", [["O1", "C1", "1234,50", "2026-03-05"]], sep=";")
    orders_csv("percent_as_amount/订单.csv", [["O1", "C1", "50%", "2026-03-05"]])
    put(
        "percentages/项目.csv",
        csv_text(
            [
                ["外部编号", "项目名称", "阶段", "赢单概率(%)"],
                ["PJ1", "改造", "方案", "50%"],
                ["PJ2", "新线", "方案", "12.5"],
                ["PJ3", "扩产", "商务谈判", "８０％"],
                ["PJ4", "备件", "商务谈判", ""],
            ]
        ).encode(),
    )
    orders_csv(
        "excel_serial_dates/订单.csv",
        [["O1", "C1", "1000", "45000"], ["O2", "C1", "1000", "46086"]],
    )
    orders_csv(
        "date_forms/订单.csv",
        [
            ["O1", "C1", "1", "2026/3/5"],
            ["O2", "C1", "1", "2026年3月5日"],
            ["O3", "C1", "1", "2026.03.05"],
            ["O4", "C1", "1", "20260305"],
            ["O5", "C1", "1", "2026-03-05 14:30:00"],
        ],
    )
    orders_csv("us_dates/订单.csv", [["O1", "C1", "1000", "03/05/2026"]])
    put(
        "blank_lines_and_spaces/订单.csv",
        (
            " 外部编号 , 客户编号 ,金额(元) ,签约日期\r\n"
            "\r\n"
            "O1 ,C1  , 1000 ,2026-03-05 \r\n"
            ",,,\r\n"
            "\r\n"
            "\tO2, C2,2000,2026-03-06\r\n"
        ).encode(),
    )
    orders_csv(
        "duplicate_ids/订单.csv",
        [["O1", "C1", "1000", "2026-03-05"], ["O1", "C2", "2000", "2026-03-06"]],
    )
    orders_csv("unknown_customer/订单.csv", [["O1", "C404", "1000", "2026-03-05"]])
    put("empty/订单.csv", b"")
    orders_csv("only_headers/订单.csv", [])
    put(
        "header_typo/订单.csv",
        csv_text(
            [["外部编号", "客户编号", "金额(元)", "签约日朝"], ["O1", "C1", "1", "2026-03-05"]]
        ).encode(),
    )
    put(
        "extra_column/订单.csv",
        csv_text([[*ORDERS, "备注"], ["O1", "C1", "1", "2026-03-05", "加急"]]).encode(),
    )
    put(
        "value_without_header/订单.csv",
        csv_text([[*ORDERS, ""], ["O1", "C1", "1", "2026-03-05", "孤立的值"]]).encode(),
    )
    put(
        "not_utf8_or_gbk/订单.csv", ",".join(ORDERS).encode() + b"\r\nO1,C1,\x80\xff,2026-03-05\r\n"
    )
    put("workbook_named_csv/订单.csv", xlsx_bytes(workbook({"订单": [ORDERS]})))
    put("wrong_extension/orders.txt", csv_text([ORDERS, ["O1", "C1", "1", "2026-03-05"]]).encode())
    put("old_excel/订单.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)


def make_datasets() -> None:
    """Small files with the quirks of the shared real datasets (written here, not copied)."""
    # Maven CRM: open deals have no close date and no close value; prospects no engage date.
    put(
        "maven_open_deals/sales_pipeline.csv",
        csv_text(
            [
                ["opportunity_id", "sales_agent", "product", "account", "deal_stage",
                 "engage_date", "close_date", "close_value"],
                ["1C1I7A6R", "P1", "GTX Plus Basic", "C1", "Won", "2016-10-20", "2017-03-01",
                 "1054"],
                ["HAXMC4IX", "P1", "MG Advanced", "", "Engaging", "2016-10-25", "", ""],
                ["6KSTG4PE", "P1", "GTXPro", "C2", "Prospecting", "", "", ""],
            ]
        ).encode(),
    )  # fmt: skip
    put(
        "maven_open_deals/mapping.toml",
        b"""[projects]
file = "sales_pipeline"
date_format = "%Y-%m-%d"
columns = { external_id = "opportunity_id", name = "opportunity_id", owner = "sales_agent", \
customer = "account", stage = "deal_stage", created_date = "engage_date", \
closed_date = "close_date", amount = "close_value" }
values.stage = { Prospecting = "lead", Engaging = "needs", Won = "won", Lost = "lost" }
""",
    )
    # Superstore: US month/day/year dates, a byte-order mark, amounts with four decimals.
    put(
        "superstore_us_dates/sample_superstore.csv",
        codecs.BOM_UTF8
        + csv_text(
            [
                ["Row ID", "Order Date", "Customer ID", "Customer Name", "Sales"],
                ["1", "11/08/2016", "CG-12520", "Claire Gute", "261.96"],
                ["2", "06/12/2016", "DV-13045", "Darrin Van Huff", "22.368"],
                ["3", "10/11/2015", "SO-20335", "Sean O'Donnell", "957.5775"],
            ]
        ).encode(),
    )
    put(
        "superstore_us_dates/mapping.toml",
        b"""[customers]
file = "sample_superstore"
distinct = true
columns = { external_id = "Customer ID", name = "Customer Name" }

[orders]
file = "sample_superstore"
date_format = "%m/%d/%Y"
columns = { external_id = "Row ID", customer = "Customer ID", amount = "Sales", \
signed_date = "Order Date" }
""",
    )
    # Olist: 32-character hexadecimal ids, dates with a time, revenue written "0.0".
    put(
        "olist_long_ids/olist_closed_deals_dataset.csv",
        csv_text(
            [
                ["mql_id", "seller_id", "won_date", "declared_monthly_revenue"],
                ["5420aad7fec3549a85876ba1c529bd84", "2c43fb513632d29b3b58df74816f1b06",
                 "2018-02-26 19:58:54", "0.0"],
                ["a555fb36b9368110ede0f043dfc3b9a0", "bbb7d7893a450660432ea6652310ebb7",
                 "2018-05-08 20:17:59", "1200000.0"],
            ]
        ).encode(),
    )  # fmt: skip
    put(
        "olist_long_ids/mapping.toml",
        b"""[customers]
file = "olist_closed_deals_dataset"
distinct = true
columns = { external_id = "seller_id", name = "seller_id" }

[orders]
file = "olist_closed_deals_dataset"
columns = { external_id = "mql_id", customer = "seller_id", amount = "declared_monthly_revenue", \
signed_date = "won_date" }
""",
    )
    # AdventureWorks: tab-separated and without a header row, so no column can be named.
    put(
        "adventureworks_no_header/SalesPersonQuotaHistory.csv",
        csv_text(
            [
                ["274", "2011-05-31 00:00:00", "28000", "{99109BBF-8693-4587-BC23-6036EC89E1BE}"],
                ["274", "2011-08-31 00:00:00", "7000", "{DFD01444-8900-461C-8D6F-04598DAE01D4}"],
            ],
            sep="\t",
        ).encode(),
    )
    put(
        "adventureworks_no_header/mapping.toml",
        b"""[orders]
file = "SalesPersonQuotaHistory"
columns = { external_id = "BusinessEntityID", customer = "BusinessEntityID", \
amount = "SalesQuota", signed_date = "QuotaDate" }
""",
    )


def make_xlsx() -> None:
    good = xlsx_bytes(workbook({"订单": [ORDERS, ["O1", "C1", 1000, date(2026, 3, 5)]]}))
    put("truncated.xlsx", good[:2000])
    put("empty.xlsx", b"")
    put("csv_named_xlsx.xlsx", csv_text([ORDERS, ["O1", "C1", "1", "2026-03-05"]]).encode())

    formulas = workbook({"订单": [ORDERS, ["O1", "C1", "=600*2", date(2026, 3, 5)]]})
    uncached = xlsx_bytes(formulas)
    put("formula_without_result.xlsx", uncached)
    put(
        "formula_with_result.xlsx",
        patch_sheet(
            uncached, lambda xml: xml.replace("<f>600*2</f><v />", "<f>600*2</f><v>1200</v>")
        ),
    )
    put(
        "formula_error.xlsx",
        patch_sheet(
            uncached,
            lambda xml: xml.replace(
                '<c r="C2"><f>600*2</f><v />', '<c r="C2" t="e"><f>600/0</f><v>#DIV/0!</v>'
            ),
        ),
    )

    merged = workbook(
        {
            "订单": [
                ORDERS,
                ["O1", "C1", 100, date(2026, 3, 5)],
                ["O2", None, 200, date(2026, 3, 6)],
                ["O3", None, 300, None],
            ]
        }
    )
    merged["订单"].merge_cells("B2:B4")
    merged["订单"].merge_cells("D3:D4")
    put("merged_cells.xlsx", xlsx_bytes(merged))

    serial = workbook(
        {
            "订单": [
                ORDERS,
                ["O1", "C1", 1, 45000],
                ["O2", "C1", 1, 45000.75],
                ["O3", "C1", 1, date(2023, 3, 15)],
                ["O4", "C1", 1, "45000"],
            ]
        }
    )
    put("serial_dates.xlsx", xlsx_bytes(serial))

    hidden = workbook(
        {
            "订单": [ORDERS, ["O1", "C1", 1000, date(2026, 3, 5)]],
            "下拉选项": [["阶段"], ["方案"], ["谈判"]],
        }
    )
    hidden["下拉选项"].sheet_state = "hidden"
    put("hidden_lists_sheet.xlsx", xlsx_bytes(hidden))

    put(
        "header_typo.xlsx",
        xlsx_bytes(
            workbook(
                {
                    "订单": [
                        ["外部编号", "客户编码", "金额(元)", "签约日期"],
                        ["O1", "C1", 1, date(2026, 3, 5)],
                    ]
                }
            )
        ),
    )
    put(
        "extra_columns.xlsx",
        xlsx_bytes(workbook({"订单": [[*ORDERS, "备注"], ["O1", "C1", 1, date(2026, 3, 5), "x"]]})),
    )
    put("only_headers.xlsx", xlsx_bytes(workbook({"订单": [ORDERS]})))

    percent = workbook(
        {
            "项目": [
                ["外部编号", "项目名称", "赢单概率(%)"],
                ["PJ1", "改造", 0.5],
                ["PJ2", "新线", 0.125],
            ]
        }
    )
    for row in (2, 3):
        percent["项目"].cell(row, 3).number_format = "0%"
    put("percent_cells.xlsx", xlsx_bytes(percent))

    numbers = workbook(
        {
            "订单": [
                ORDERS,
                ["O1", "C1", 1234.5, date(2026, 3, 5)],
                ["O2", "C1", 86000, date(2026, 3, 5)],
                ["O3", "C1", "12.5万", date(2026, 3, 5)],
                ["O4", "C1", 0.1 + 0.2, date(2026, 3, 5)],
            ]
        }
    )
    put("number_amounts.xlsx", xlsx_bytes(numbers))


def main() -> None:
    for stale in HERE.rglob("*"):
        if stale.is_file() and stale.name not in {"README.md", "make_corpus.py"}:
            stale.unlink()
    make_csv()
    make_datasets()
    make_xlsx()
    for folder in sorted(HERE.rglob("*"), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


if __name__ == "__main__":
    main()
