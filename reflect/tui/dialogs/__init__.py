"""Every modal screen of the app: one dialog a file."""
