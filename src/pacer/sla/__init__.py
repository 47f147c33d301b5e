"""Cross-functional requests (legal, finance, delivery) against their service levels."""
