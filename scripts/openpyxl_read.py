#!/usr/bin/env python3
"""Times openpyxl merely reading every cell of a workbook (the import benchmark's
yardstick). Usage: python3 scripts/openpyxl_read.py target/timesheets-100k.xlsx"""
import sys
import time

import openpyxl

path = sys.argv[1]
started = time.perf_counter()
wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
rows = 0
for row in wb["Tidrapport"].iter_rows(values_only=True):
    rows += 1
print(f"openpyxl {openpyxl.__version__}: read {rows} rows in {time.perf_counter() - started:.2f} s")
