"""The app's screens.

Each screen is imported only when it is first shown, so opening the app
stays quick: home (the cases), case (one case), case_form (new case and
details), help (every key), and the session and summary screens.
"""
