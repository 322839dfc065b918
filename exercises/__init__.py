"""Your exercises: fill in each function, then run `gradwork`."""
