"""Alerts: red / yellow / green signals on projects, milestones and customers, and notifications."""
