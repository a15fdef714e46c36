"""The library: the list of articles, and search across all of them."""
