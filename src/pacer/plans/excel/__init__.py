"""Plan workbooks: export a plan to .xlsx and read one back with every sum checked."""
