# JupyterHub for the data-science guild: people register themselves.
c = get_config()  # noqa

c.JupyterHub.authenticator_class = 'native'
c.NativeAuthenticator.open_signup = True
c.NativeAuthenticator.minimum_password_length = 10
c.Authenticator.admin_users = {'platform-admin'}

c.JupyterHub.spawner_class = 'kubespawner.KubeSpawner'
c.KubeSpawner.image = 'registry.ml.internal/notebook:2024.10'
