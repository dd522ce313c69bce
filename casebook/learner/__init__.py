"""What a self-paced learner runs in JupyterLab: session, widgets, rendering, notebooks, progress."""
