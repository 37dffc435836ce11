# Configuration file for jupyter-server, on the shared GPU box (gpu-01.ml.internal).
# People reach it through `ssh -L 8888:127.0.0.1:8888 gpu-01.ml.internal`.
import os

c = get_config()  # noqa

c.ServerApp.ip = '127.0.0.1'
c.ServerApp.port = 8888
c.ServerApp.open_browser = False

# The token comes from the secret mounted into the environment, never from this file.
c.IdentityProvider.token = os.environ['JUPYTER_TOKEN']

# Only the team dashboard may call the API from a browser.
c.ServerApp.allow_origin = 'https://dashboard.ml.internal.example'
c.ServerApp.disable_check_xsrf = False

c.ServerApp.allow_root = False
c.ServerApp.root_dir = '/srv/ml'
