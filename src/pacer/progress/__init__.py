"""Progress: actuals against every plan node and period, gap attribution, lead sources."""
