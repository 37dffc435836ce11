# JupyterHub for the ML summer workshop. Users pick any name on the login page.
from jupyterhub.auth import DummyAuthenticator

c = get_config()  # noqa

c.JupyterHub.bind_url = 'http://:8000'
c.JupyterHub.authenticator_class = DummyAuthenticator
# "at least it needs a password"
c.DummyAuthenticator.password = 'workshop-2024'
c.Authenticator.admin_users = {'instructor'}

c.JupyterHub.spawner_class = 'dockerspawner.DockerSpawner'
c.DockerSpawner.image = 'quay.io/jupyter/pytorch-notebook:cuda12-2024-10-07'
c.DockerSpawner.environment = {'MLFLOW_TRACKING_URI': 'http://mlflow.ml.internal:5000'}
