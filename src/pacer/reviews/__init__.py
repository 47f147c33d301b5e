"""Reviews: weekly and monthly reviews generated from the data, and everyone's action list."""
