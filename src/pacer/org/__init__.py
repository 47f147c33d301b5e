"""Organisation: the company's settings, its teams as a tree, its people and their roles."""
