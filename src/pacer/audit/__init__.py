"""The audit trail of administrative and security events, and login/session safeguards."""
