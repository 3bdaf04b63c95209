"""Every modal screen of the app: one dialog a file.

``base``         the look they share
``step_status``  mark a step: reflected, set aside (why), not relevant, no mark
``action``       add or edit an action: what, who, by when
``conflict``     the text another copy of reflect saved for the same answer
``timer``        a workshop's step timer: minutes, or off
``vignette``     a workshop case's story, read together
"""
