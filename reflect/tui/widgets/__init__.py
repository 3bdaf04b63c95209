"""Widgets of the session and summary screens.

``sidebar``      the steps and where each stands (words and a symbol)
``prompt_card``  one prompt with its answer editor, hint and text checks
``editors``      text, choice, checklist and scale answers
``why``          "Why this matters" for a principle or track
``actions``      this session's actions and the review of earlier ones
``dialogs``      mark a step, add or edit an action, another copy's text
``findings``     text-check findings beside an answer
``autosave``     run a save once typing pauses, and at once when leaving
``status``       how a step stands, in words
"""
