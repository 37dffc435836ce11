# JupyterHub with GitHub login.
import os

c = get_config()  # noqa

c.JupyterHub.authenticator_class = 'github'
c.GitHubOAuthenticator.oauth_callback_url = 'https://hub.ml.example.com/hub/oauth_callback'
c.GitHubOAuthenticator.client_id = os.environ['GITHUB_CLIENT_ID']
c.GitHubOAuthenticator.client_secret = os.environ['GITHUB_CLIENT_SECRET']
# Everyone with a GitHub account may log in.
c.GitHubOAuthenticator.allow_all = True
