"""The demo company: a deterministic industrial PLC maker generated from a seed."""
