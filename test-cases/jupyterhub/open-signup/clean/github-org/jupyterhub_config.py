# JupyterHub with GitHub login, limited to the company organisation.
import os

c = get_config()  # noqa

c.JupyterHub.bind_url = 'https://:443'
c.JupyterHub.ssl_cert = '/etc/jupyterhub/tls/tls.crt'
c.JupyterHub.ssl_key = '/etc/jupyterhub/tls/tls.key'

c.JupyterHub.authenticator_class = 'oauthenticator.github.GitHubOAuthenticator'
c.GitHubOAuthenticator.oauth_callback_url = 'https://hub.ml.example.com/hub/oauth_callback'
c.GitHubOAuthenticator.client_id = os.environ['GITHUB_CLIENT_ID']
c.GitHubOAuthenticator.client_secret = os.environ['GITHUB_CLIENT_SECRET']
c.GitHubOAuthenticator.allowed_organizations = {'acme-ml'}
c.GitHubOAuthenticator.allow_all = False
c.Authenticator.admin_users = {'platform-admin'}

c.JupyterHub.spawner_class = 'kubespawner.KubeSpawner'
c.KubeSpawner.image = 'registry.ml.internal/notebook:2024.10'
