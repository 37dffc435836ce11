# Configuration file for the classic notebook server (notebook 6.x) in the
# training container. Started with `jupyter notebook` by the entrypoint.
import os

c = get_config()

c.NotebookApp.ip = '127.0.0.1'
c.NotebookApp.port = 8888
c.NotebookApp.open_browser = False
c.NotebookApp.notebook_dir = '/home/jovyan/work'

## Hashed password made with `jupyter notebook password`, passed in from a secret.
c.NotebookApp.password = os.environ.get('NOTEBOOK_PASSWORD_HASH')
c.NotebookApp.token = os.environ['JUPYTER_TOKEN']

## Only the lab's own origin and the team's portal.
c.NotebookApp.allow_origin_pat = r'https://(portal|lab)\.ml\.example\.com$'
