"""Incentives: configurable plans per role and monthly statements with every line explained."""
