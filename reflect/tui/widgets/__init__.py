"""Widgets of the session and summary screens (every modal is in ``reflect.tui.dialogs``).

``sidebar``         the steps and where each stands (words and a symbol)
``step_pane``       the step on screen: its head, "why this matters", its questions
``step_head``       a step's number, state and title; a track's group headings
``step_content``    what each step shows, built from the session model
``prompt_card``     one question (a prompt or a summary field) with its editor, hint and checks
``editors``         text, choice, checklist and scale answers
``why``             "Why this matters" for a principle or track
``actions``         this session's actions and the review of earlier ones
``findings``        text-check findings beside an answer
``saving``          save (and check) what is typed once typing pauses, and at once when leaving
``autosave``        the timer behind it: run a callback once changes pause
``status``          how a step stands, in words
``workshop_bar``    a workshop's bar: the step timer and the facilitator's keys
``workshop_timer``  a workshop's quiet step timer
"""
