"""Reference solutions: the model answers the graders compare against."""
