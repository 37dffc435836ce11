# Hub that only runs the idle-culler and the model-report service; people log in
# through the company SSO proxy in front of the services, never through the hub.
c = get_config()  # noqa

c.JupyterHub.authenticator_class = 'null'
c.JupyterHub.services = [
    {'name': 'idle-culler', 'command': ['python3', '-m', 'jupyterhub_idle_culler', '--timeout=3600']},
]
