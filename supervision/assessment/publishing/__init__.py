"""Publishing a year's results and checking them later."""
