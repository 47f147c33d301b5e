"""Pacer's planning core: plain Python, no Django. Values in, values out."""
