"""Import and export of Pacer's data: .xlsx workbooks, CSV folders and other systems' exports."""
