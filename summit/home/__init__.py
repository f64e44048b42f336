"""What each role's home page says needs doing next (reads other features' services; owns no tables)."""
