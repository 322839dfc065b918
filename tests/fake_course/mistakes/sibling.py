from graders.engine.variants import mistake


@mistake("add_one", "adds two", advice="Add 1.0.")
def add_two(x):
    return x + 2.0
