"""Pages: login, the role-based shell and each role's home page."""
