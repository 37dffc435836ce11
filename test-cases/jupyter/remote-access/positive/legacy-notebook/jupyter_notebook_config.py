# Configuration file for the classic notebook server (notebook 6.x) in the
# training container. Started with `jupyter notebook` by the entrypoint.

c = get_config()

c.NotebookApp.ip = '*'
c.NotebookApp.port = 8888
c.NotebookApp.open_browser = False
c.NotebookApp.notebook_dir = '/home/jovyan/work'

## Token used for authenticating first-time connections to the server.
c.NotebookApp.token = ""
c.NotebookApp.allow_remote_access = True

## Use a regular expression for the Access-Control-Allow-Origin header
c.NotebookApp.allow_origin_pat = '.*'
c.NotebookApp.disable_check_xsrf = True
c.NotebookApp.allow_root = True
