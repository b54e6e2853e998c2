"""Reading Haki's bundled content: articles, the language registry, UI catalogs.

Errors here are `ContentProblem`s with a file and line, collected rather
than raised, so one bad file never hides the others or stops the app.
"""
