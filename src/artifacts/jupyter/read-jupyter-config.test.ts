import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_CASES } from '../../testing/paths.js';
import type { JupyterSetting } from './jupyter-config.js';
import { isJupyterCommand, jupyterSettingsFromArgv, jupyterSettingsFromEnv, readJupyterConfig, readPythonConfig } from './read-jupyter-config.js';

const byKey = (settings: JupyterSetting[]) => Object.fromEntries(settings.map((setting) => [setting.key, setting]));
const slice = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

function readPy(text: string): JupyterSetting[] {
  const read = readJupyterConfig(text, 'server', 'python');
  assert.ok(read.ok);
  return read.value.settings;
}

test('Python config: literals of every kind, with the spans of key and value', () => {
  const text = [
    'c = get_config()  # noqa',
    "c.ServerApp.token = ''",
    'c.ServerApp.password = ""',
    "c.ServerApp.ip = '0.0.0.0'  # every interface",
    'c.ServerApp.port = 8_888',
    'c.ServerApp.allow_root = True',
    'c.ServerApp.open_browser = False',
    'c.ServerApp.certfile = None',
    "c.ServerApp.local_hostnames = ['localhost', \"lab.internal\"]",
    'c.ServerApp.shutdown_no_activity_timeout = -1',
    "c.ServerApp.base_url = r'/lab/' '\\x2f'",
    '',
  ].join('\n');
  const settings = byKey(readPy(text));
  assert.equal(settings['ServerApp.token']!.literal, '');
  assert.equal(slice(text, settings['ServerApp.token']!.keySpan), 'c.ServerApp.token');
  assert.equal(slice(text, settings['ServerApp.token']!), "c.ServerApp.token = ''");
  const ip = settings['ServerApp.ip']!;
  assert.equal(ip.literal, '0.0.0.0');
  assert.equal(slice(text, ip.value), '0.0.0.0', 'a string value spans the inside of its quotes');
  assert.equal(ip.value.start, text.indexOf('0.0.0.0'));
  assert.equal(settings['ServerApp.password']!.literal, '');
  assert.equal(settings['ServerApp.port']!.literal, 8888);
  assert.equal(settings['ServerApp.allow_root']!.literal, true);
  assert.equal(settings['ServerApp.open_browser']!.literal, false);
  assert.equal(settings['ServerApp.certfile']!.literal, null);
  assert.deepEqual(settings['ServerApp.local_hostnames']!.literal, ['localhost', 'lab.internal']);
  assert.equal(settings['ServerApp.shutdown_no_activity_timeout']!.literal, -1);
  assert.equal(settings['ServerApp.base_url']!.literal, '/lab//', 'implicitly joined strings, raw and escaped');
});

test('Python config: calls, names and f-strings are kept as non-literal values', () => {
  const text = [
    'import os',
    'from jupyterhub.auth import DummyAuthenticator',
    'c = get_config()',
    "c.ServerApp.token = os.environ.get('JUPYTER_TOKEN', '')",
    'c.JupyterHub.authenticator_class = DummyAuthenticator',
    'c.JupyterHub.spawner_class = dockerspawner.DockerSpawner',
    "c.ServerApp.base_url = f'/user/{name}/'",
    "c.Spawner.environment = {'A': '1'}",
    '',
  ].join('\n');
  const settings = byKey(readPy(text));
  assert.equal(settings['ServerApp.token']!.literal, undefined);
  assert.equal(settings['ServerApp.token']!.value.value, "os.environ.get('JUPYTER_TOKEN', '')");
  assert.equal(settings['JupyterHub.authenticator_class']!.value.value, 'DummyAuthenticator');
  assert.equal(settings['JupyterHub.authenticator_class']!.literal, undefined);
  assert.equal(settings['JupyterHub.spawner_class']!.value.value, 'dockerspawner.DockerSpawner');
  assert.equal(settings['ServerApp.base_url']!.literal, undefined);
  assert.equal(settings['Spawner.environment']!.literal, undefined);
});

test('Python config: other config names, aliases, multi-line statements and indented blocks', () => {
  const text = [
    'config = get_config()',
    'server = config.ServerApp',
    "server.token = ''",
    "if os.environ.get('DEV'):",
    "    config.ServerApp.ip = (",
    "        '0.0.0.0'",
    '    )',
    "other.ServerApp.allow_root = True  # not the config object",
    "c.NotebookApp.disable_check_xsrf = True  # `c` is always read",
    "x.y = 1",
    '',
  ].join('\n');
  const settings = readPy(text);
  assert.deepEqual(
    settings.map((setting) => [setting.key, setting.literal]),
    [
      ['ServerApp.token', ''],
      ['ServerApp.ip', '0.0.0.0'],
      ['NotebookApp.disable_check_xsrf', true],
    ],
  );
  assert.equal(slice(text, settings[0]!.keySpan), 'server.token');
  assert.equal(slice(text, settings[1]!.value), '0.0.0.0');
});

test('Python config: the last assignment stays last, comments and strings that look like settings are not read', () => {
  const text = "# c.ServerApp.token = ''\nc.ServerApp.token = 'x'\nnote = \"c.ServerApp.token = ''\"\nc.ServerApp.token = os.environ['T']\n";
  const settings = readPy(text);
  assert.equal(settings.length, 2);
  assert.equal(settings[1]!.value.value, "os.environ['T']");
});

test('broken Python: what parses is read, the broken statement is skipped, nothing throws', () => {
  const text = "c = get_config(\nc.ServerApp.ip = '0.0.0.0'\nc.ServerApp.token = '\ndef broken(:\n    pass\nc.ServerApp.allow_root = True\n";
  const settings = readPy(text);
  assert.ok(settings.every((setting) => setting.key !== 'ServerApp.token'), 'the unterminated string is not read as a value');
  assert.ok(settings.some((setting) => setting.key === 'ServerApp.allow_root' && setting.literal === true), JSON.stringify(settings.map((s) => s.key)));
  for (const junk of ['', '\u0000\u0001', 'c.', '= = =', '"""', 'c.A.b = [', '(' .repeat(5000), 'c.A.b = ' + '['.repeat(3000)]) {
    assert.doesNotThrow(() => readPy(junk), JSON.stringify(junk.slice(0, 20)));
  }
});

test('JSON config: class sections, literal values, key and value spans; secrets are marked sensitive', () => {
  const { file, text } = { file: 'jupyter_server_config.json', text: readFileSync(join(TEST_CASES, 'jupyter/no-authentication/positive/json/jupyter_server_config.json'), 'utf8') };
  const read = readJupyterConfig(text, 'server', 'json');
  assert.ok(read.ok, file);
  const settings = byKey(read.value.settings);
  assert.equal(settings['ServerApp.token']!.literal, '');
  assert.equal(slice(text, settings['ServerApp.token']!.keySpan), 'token');
  assert.equal(slice(text, settings['ServerApp.token']!), '"token": ""');
  assert.equal(settings['ServerApp.port']!.literal, 8888);
  assert.equal(settings['ServerApp.allow_root']!.literal, true);
  assert.equal(settings['LabApp.collaborative']!.literal, true);
  assert.equal(slice(text, settings['ServerApp.ip']!.value), '0.0.0.0');

  const secret = '{"PasswordIdentityProvider": {"hashed_password": "argon2:abc"}, "ServerApp": {"allow_origin": ["a", "b"], "tornado_settings": {"x": 1}}}';
  const withSecret = readJupyterConfig(secret, 'server', 'json');
  assert.ok(withSecret.ok);
  assert.deepEqual(withSecret.value.sensitive!.map((span) => slice(secret, span)), ['argon2:abc']);
  const other = byKey(withSecret.value.settings);
  assert.deepEqual(other['ServerApp.allow_origin']!.literal, ['a', 'b']);
  assert.equal(other['ServerApp.tornado_settings']!.literal, undefined);
});

test('JSON config: invalid JSON is a clean per-file error with its offset', () => {
  const read = readJupyterConfig('{"ServerApp": {"token": ""', 'server', 'json');
  assert.equal(read.ok, false);
  assert.ok(!read.ok && /not valid JSON/.test(read.message) && typeof read.offset === 'number');
  const array = readJupyterConfig('[1, 2]', 'server', 'json');
  assert.ok(array.ok && array.value.settings.length === 0);
});

test('command line: --Class.trait=value, --Class.trait value, aliases and flags, with spans', () => {
  const line = "jupyter lab --ServerApp.token= --ip=0.0.0.0 --allow-root --no-browser --ServerApp.allow_origin '*' --port=8888 --NotebookApp.password_required=False --notebook-dir=/work";
  const words: Array<{ value: string; start: number; end: number }> = [];
  for (const match of line.matchAll(/\S+/g)) words.push({ value: match[0], start: match.index!, end: match.index! + match[0].length });
  assert.ok(isJupyterCommand(words));
  const settings = jupyterSettingsFromArgv(words);
  assert.deepEqual(
    settings.map((setting) => [setting.key, setting.literal]),
    [
      ['ServerApp.token', ''],
      ['ServerApp.ip', '0.0.0.0'],
      ['ServerApp.allow_root', true],
      ['ServerApp.open_browser', false],
      ['ServerApp.allow_origin', '*'],
      ['ServerApp.port', 8888],
      ['NotebookApp.password_required', false],
      ['ServerApp.root_dir', '/work'],
    ],
  );
  const ip = settings[1]!;
  assert.equal(slice(line, ip.keySpan), 'ip');
  assert.equal(slice(line, ip.value), '0.0.0.0');
  assert.equal(slice(line, settings[4]!), "--ServerApp.allow_origin '*'");
  assert.equal(slice(line, settings[0]!.keySpan), 'ServerApp.token');
  assert.deepEqual(jupyterSettingsFromArgv([{ value: 'python', start: 0, end: 6 }, { value: '--verbose', start: 7, end: 16 }]), []);
  assert.equal(isJupyterCommand([{ value: 'mlflow', start: 0, end: 6 }]), false);
  assert.ok(isJupyterCommand([{ value: '/usr/local/bin/start-notebook.sh', start: 0, end: 1 }]));
});

test('environment: JUPYTER_TOKEN sets the token; an empty one is ignored, a secret reference is a set token', () => {
  const settings = jupyterSettingsFromEnv([
    { name: 'JUPYTER_TOKEN', start: 0, end: 20, value: { value: 'abc', start: 15, end: 18 } },
    { name: 'JUPYTER_TOKEN', start: 30, end: 50, value: { value: '', start: 45, end: 45 } },
    { name: 'JUPYTER_TOKEN', start: 60, end: 90, fromReference: 'secretKeyRef jupyter/token' },
    { name: 'OTHER', start: 100, end: 110, value: { value: '', start: 105, end: 105 } },
  ]);
  assert.deepEqual(settings.map((setting) => [setting.key, setting.literal, setting.start]), [
    ['IdentityProvider.token', 'abc', 0],
    ['IdentityProvider.token', undefined, 60],
  ]);
});

test('a file with no dotted assignment is not parsed and yields nothing', () => {
  assert.deepEqual(readPythonConfig('# nothing here\nprint("hello")\n'), []);
});
