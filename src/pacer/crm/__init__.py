"""CRM records Pacer plans and tracks against.

Customers, projects, activities, leads, orders and payments.
"""
