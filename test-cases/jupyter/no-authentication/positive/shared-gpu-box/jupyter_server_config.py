# Configuration file for jupyter-server, on the shared GPU box (gpu-01.ml.internal).
# Generated with `jupyter server --generate-config`, then edited so the team
# can open the lab from their laptops without copying tokens around.

c = get_config()  # noqa

# Listen on every interface so the lab is reachable from the office network.
c.ServerApp.ip = '0.0.0.0'
c.ServerApp.port = 8888
c.ServerApp.open_browser = False

# No token, no password: "it's on the internal network".
c.ServerApp.token = ''
c.ServerApp.password = ''

# The dashboard on another host embeds the lab and calls its API.
c.ServerApp.allow_origin = '*'
c.ServerApp.allow_credentials = True
c.ServerApp.disable_check_xsrf = True

# The container image runs as root.
c.ServerApp.allow_root = True
c.ServerApp.root_dir = '/srv/ml'
