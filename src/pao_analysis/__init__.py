"""pao-analysis."""
