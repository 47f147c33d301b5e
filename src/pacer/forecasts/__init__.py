"""Rolling forecast: categories, bi-weekly submissions, adjustments, accuracy and probability."""
