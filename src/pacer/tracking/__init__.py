"""Pacer's tracking core: plain Python, no Django. Values in, values out."""
