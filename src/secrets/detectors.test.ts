import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verbatimPiece } from '../text/mapped-text.js';
import { detectSecrets } from './detect.js';
import { DETECTORS, detectorById } from './detectors.js';

// Every detector, with strings it must report and near-misses it must not. All values are fake but
// shaped like the real thing. The coverage test at the end fails when a detector is added without cases.

const AWS_KEY_ID = 'AKIAFAKE4TEST5KEY6ZQ';
const AWS_SECRET = 'Fake7SecretKey/ForTests0nly+NotRealAbCdE';
const SESSION_TOKEN = `IQoJb3JpZ2luX2VjEFakeSessionTokenForTests0nly/${'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/'.repeat(3)}Zz==`;
const PEM_BODY = ['MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun', 'VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK', 'LxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo'].join('\n');
const HEX40 = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c';
const HEX32 = '9a8b7c6d5e4f30211f2e3d4c5b6a7988';
const ANTHROPIC = `sk-ant-api03-${'FakeKeyForTests0nly_AbCdEfGhIjKlMnOpQrStUv-'.repeat(2)}WxYzAA`;

interface Cases {
  /** Text, and the exact secret the detector must extract from it. */
  positive: Array<[text: string, secret: string]>;
  clean: string[];
}

const CASES: Record<string, Cases> = {
  'aws-access-key-id': {
    positive: [
      [`aws_access_key_id = ${AWS_KEY_ID}`, AWS_KEY_ID],
      ["{'AccessKeyId': 'ASIAFAKE4TEST5KEY6ZQ', 'Expiration': None}", 'ASIAFAKE4TEST5KEY6ZQ'],
    ],
    clean: [
      'aws_access_key_id = AKIAFAKE4TEST5KEY6Z', // 19 characters
      'aws_access_key_id = AKIAFAKE4TEST5KEY6ZQX', // 21 characters
      'aws_access_key_id = XAKIAFAKE4TEST5KEY6ZQ', // not at a word start
      'aws_access_key_id = AKIBFAKE4TEST5KEY6ZQ', // AKIB is not a key-id prefix
      'aws_access_key_id = akiafake4test5key6zq',
      "{'UserId': 'AROAFAKE4TEST5ROLE6ZQ:botocore-session-1714557600'}", // a role's unique id, not a key
    ],
  },
  'aws-secret-access-key': {
    positive: [
      [`aws_secret_access_key = ${AWS_SECRET}`, AWS_SECRET],
      [`creds = ("${AWS_KEY_ID}", "${AWS_SECRET}")`, AWS_SECRET], // no label, but beside a key id
      [`"SecretAccessKey": "${AWS_SECRET}"`, AWS_SECRET],
    ],
    clean: [
      'rotated the secret in commit da39a3ee5e6b4b0d3255bfef95601890afd80709', // a 40-hex git SHA
      `secret_key = "${AWS_SECRET.slice(0, 39)}"`, // 39 characters
      `secret_key = "${AWS_SECRET}F"`, // 41 characters
      `checksum: ${AWS_SECRET}`, // right shape, but neither a secret label nor a key id nearby
      'secret: ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCD', // no lower-case letter
    ],
  },
  'aws-session-token': {
    positive: [
      [`aws_session_token = ${SESSION_TOKEN}`, SESSION_TOKEN],
      [`'SessionToken': '${SESSION_TOKEN}'`, SESSION_TOKEN],
    ],
    clean: ['aws_session_token = None', `aws_session_token = ${SESSION_TOKEN.slice(0, 99)}`, `cache_key = ${SESSION_TOKEN}`],
  },
  'private-key': {
    positive: [
      [`-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n-----END RSA PRIVATE KEY-----`, `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n-----END RSA PRIVATE KEY-----`],
      [`-----BEGIN OPENSSH PRIVATE KEY-----\n${PEM_BODY}\n-----END OPENSSH PRIVATE KEY-----\n`, `-----BEGIN OPENSSH PRIVATE KEY-----\n${PEM_BODY}\n-----END OPENSSH PRIVATE KEY-----`],
      // A service-account JSON printed raw: the line breaks are literal \n escapes.
      [
        `"private_key": "-----BEGIN PRIVATE KEY-----\\n${PEM_BODY.replace(/\n/g, '\\n')}\\n-----END PRIVATE KEY-----\\n"`,
        `-----BEGIN PRIVATE KEY-----\\n${PEM_BODY.replace(/\n/g, '\\n')}\\n-----END PRIVATE KEY-----`,
      ],
    ],
    clean: [
      '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----', // documentation placeholder
      '"private_key": "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n"',
      `-----BEGIN PUBLIC KEY-----\n${PEM_BODY}\n-----END PUBLIC KEY-----`,
      'Never commit a PRIVATE KEY; load it from the secret store.',
    ],
  },
  'github-token': {
    positive: [
      ['git remote set-url origin https://ghp_FakeTokenForTests0nlyAbCdEfGhIjKlMnO@github.com/acme/ml.git', 'ghp_FakeTokenForTests0nlyAbCdEfGhIjKlMnO'],
      [
        'GITHUB_TOKEN=github_pat_11FAKETEST0AbCdEfGhIjK_FakeTokenForTests0nlyAbCdEfGhIjKlMnOpQrStUvWxYz0123456789ab',
        'github_pat_11FAKETEST0AbCdEfGhIjK_FakeTokenForTests0nlyAbCdEfGhIjKlMnOpQrStUvWxYz0123456789ab',
      ],
    ],
    clean: [
      'token = ghp_FakeTokenForTests0nlyAbCdEfGhIjKlMn', // 35 characters after the prefix
      'token = ghx_FakeTokenForTests0nlyAbCdEfGhIjKlMnO', // no such prefix
      'my_ghp_FakeTokenForTests0nlyAbCdEfGhIjKlMnO', // part of a longer identifier
    ],
  },
  'huggingface-token': {
    positive: [
      ['login(token="hf_FakeTokenForTestsOnlyQwErTyUiOpAsD")', 'hf_FakeTokenForTestsOnlyQwErTyUiOpAsD'],
      ['HF_TOKEN=api_org_FakeOrgTokenForTests0nlyAbCdEfGhIj', 'api_org_FakeOrgTokenForTests0nlyAbCdEfGhIj'],
    ],
    clean: [
      'from huggingface_hub import hf_hub_download, hf_api_token_helper',
      'token = hf_FakeTokenForTestsOnlyQwErTyUiOpAs', // 33 characters after the prefix
      `token = hf_${'A'.repeat(20)}${'b'.repeat(21)}`, // 41 characters: longer than any token
    ],
  },
  'openai-api-key': {
    positive: [
      ['OpenAI(api_key="sk-proj-FakeKeyForTests0nly_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789")', 'sk-proj-FakeKeyForTests0nly_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789'],
      ['openai.api_key = "sk-FakeKeyForTests0nlyAT3BlbkFJFakeKeyForTests0nlyA"', 'sk-FakeKeyForTests0nlyAT3BlbkFJFakeKeyForTests0nlyA'],
    ],
    clean: [
      `client = Anthropic(api_key="${ANTHROPIC}")`, // sk-ant- is Anthropic's, not OpenAI's
      'response = client.chat.completions.create(model="gpt-4o", max_tokens=512)',
      'api_key = "sk-1234"',
      'task-proj-FakeKeyForTests0nly_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789', // part of a longer word
    ],
  },
  'anthropic-api-key': {
    positive: [[`ANTHROPIC_API_KEY=${ANTHROPIC}`, ANTHROPIC]],
    clean: ['ANTHROPIC_API_KEY=sk-ant-api03-short', 'keys start with sk-ant- followed by a long random part'],
  },
  'databricks-token': {
    positive: [
      [`DATABRICKS_TOKEN=dapi${HEX32}`, `dapi${HEX32}`],
      [`token = "dapi${HEX32}-2"`, `dapi${HEX32}-2`],
    ],
    clean: [`DATABRICKS_TOKEN=dapi${HEX32.slice(1)}`, `DATABRICKS_TOKEN=dapi${HEX32.toUpperCase()}`, 'from databricks.sdk import dapi_version'],
  },
  'wandb-api-key': {
    positive: [
      [`WANDB_API_KEY=${HEX40}`, HEX40],
      [`wandb.login(key="${HEX40}")`, HEX40],
      [`machine api.wandb.ai\n  login user\n  password ${HEX40}`, HEX40],
    ],
    clean: [`WANDB_API_KEY=${HEX40.slice(1)}`, 'wandb.login()', `wandb run ${HEX40} finished`],
  },
  'slack-token': {
    positive: [
      ['SLACK_BOT_TOKEN=xoxb-1234567890-9876543210123-FakeTokenForTests0nly', 'xoxb-1234567890-9876543210123-FakeTokenForTests0nly'],
      ['requests.post("https://hooks.slack.com/services/T0FAKE123/B0FAKE456/FakeWebhookForTests0nly", json=msg)', 'https://hooks.slack.com/services/T0FAKE123/B0FAKE456/FakeWebhookForTests0nly'],
    ],
    clean: ['tokens look like xoxb-…', 'see https://hooks.slack.com/services/ for incoming webhooks', 'xoxz-1234567890-9876543210123-FakeTokenForTests0nly'],
  },
  'kaggle-api-key': {
    positive: [
      [`{"username":"jdoe","key":"${HEX32}"}`, HEX32],
      [`%env KAGGLE_KEY=${HEX32}`, HEX32],
    ],
    clean: [`{"key": "${HEX32}", "value": 3}`, `%env KAGGLE_KEY=${HEX32.slice(1)}`, '%env KAGGLE_USERNAME=jdoe'],
  },
  'gcp-api-key': {
    positive: [['GOOGLE_API_KEY=AIzaSyFakeKeyForTests0nly_AbCdEfGhIjKLm', 'AIzaSyFakeKeyForTests0nly_AbCdEfGhIjKLm']],
    clean: ['GOOGLE_API_KEY=AIzaSyFakeKeyForTests0nly_AbCdEfGhIjKL', 'GOOGLE_API_KEY=AIzaSyFakeKeyForTests0nly_AbCdEfGhIjKLmN'],
  },
  'uri-password': {
    positive: [
      ['create_engine("postgresql://mlflow:Tr4in-Run-2024@db.internal:5432/mlflow")', 'Tr4in-Run-2024'],
      ['url = "mysql+pymysql://etl:Qx7vR2mPz9@mysql.prod:3306/features"', 'Qx7vR2mPz9'],
      ['MongoClient("mongodb+srv://svc_ml:N3wP4ssW0rd8@cluster0.ab1cd.mongodb.net/")', 'N3wP4ssW0rd8'],
      ['redis.from_url("redis://default:r3d1sS3cr3tX@cache.internal:6379/0")', 'r3d1sS3cr3tX'],
      ['!pip install git+https://deploy:Gh7kP2wQ9zXy@git.internal.example/ml/lib.git', 'Gh7kP2wQ9zXy'],
    ],
    clean: [
      'uri = "postgresql://user:${DB_PASSWORD}@db.internal:5432/mlflow"',
      'uri = "postgresql://user:<password>@db.internal:5432/mlflow"',
      'uri = "postgresql://user:xxxx@db.internal:5432/mlflow"',
      'uri = f"postgresql://{user}:{password}@{host}/mlflow"',
      'uri = "postgresql://mlflow@db.internal:5432/mlflow"',
      'mlflow.set_tracking_uri("http://localhost:5000")',
    ],
  },
};

function scan(text: string) {
  return detectSecrets(verbatimPiece(text, 0));
}

test('every detector has positive and clean cases in this file', () => {
  const ids = DETECTORS.map((detector) => detector.id);
  for (const id of ids) {
    const cases = CASES[id];
    assert.ok(cases, `CASES has an entry for detector ${id}`);
    assert.ok(cases.positive.length > 0, `${id} has a positive case`);
    assert.ok(cases.clean.length > 0, `${id} has a clean case`);
  }
  assert.deepEqual(Object.keys(CASES).filter((id) => !ids.includes(id)), [], 'no cases for detectors that do not exist');
});

for (const detector of DETECTORS) {
  const cases = CASES[detector.id];
  if (!cases) continue;
  test(`${detector.id}: reports each positive string with the exact secret and range`, () => {
    for (const [text, secret] of cases.positive) {
      const own = scan(text).filter((match) => match.detector.id === detector.id);
      assert.deepEqual(
        own.map((match) => match.secret),
        [secret],
        `${detector.id} in ${JSON.stringify(text)}`,
      );
      const at = text.indexOf(secret);
      assert.equal(own[0]!.start, at, 'start index');
      assert.equal(own[0]!.end, at + secret.length, 'end index');
      assert.equal(own[0]!.rawStart, at, 'raw start (verbatim text)');
    }
  });
  test(`${detector.id}: ignores near-misses`, () => {
    for (const text of cases.clean) {
      const own = scan(text).filter((match) => match.detector.id === detector.id);
      assert.deepEqual(own.map((match) => match.secret), [], `${detector.id} must not report ${JSON.stringify(text)}`);
    }
  });
}

test('every detector is documented for the reader', () => {
  for (const detector of DETECTORS) {
    assert.ok(detector.label.length > 3, `${detector.id} label`);
    assert.ok(detector.keywords.length > 0, `${detector.id} keywords`);
    assert.ok(detector.reach.length > 20, `${detector.id} reach`);
    assert.ok(detector.revoke.length > 20, `${detector.id} revoke`);
    assert.equal(detectorById(detector.id), detector);
  }
  assert.throws(() => detectorById('no-such-detector'), /unknown detector/);
});

test('an AWS key id and the secret key beside it are paired; the id is not reported alone', () => {
  const matches = scan(`Access key: ${AWS_KEY_ID}\nSecret: ${AWS_SECRET}\n`);
  const id = matches.find((match) => match.detector.id === 'aws-access-key-id')!;
  const secret = matches.find((match) => match.detector.id === 'aws-secret-access-key')!;
  assert.equal(secret.partner, id);
  assert.equal(id.paired, true);
});

test('an AWS key id far from the secret key is not paired with it', () => {
  const matches = scan(`Access key: ${AWS_KEY_ID}\n${'.'.repeat(700)}\nsecret_access_key: ${AWS_SECRET}\n`);
  const secret = matches.find((match) => match.detector.id === 'aws-secret-access-key')!;
  assert.equal(secret.partner, undefined);
  assert.equal(matches.find((match) => match.detector.id === 'aws-access-key-id')!.paired, undefined);
});

test('a token inside a connection URI is reported by its own detector, not as a URI password', () => {
  const token = 'ghp_FakeTokenForTests0nlyAbCdEfGhIjKlMnO';
  const matches = scan(`git clone https://ci-bot:${token}@github.com/acme/ml.git`);
  assert.deepEqual(
    matches.map((match) => [match.detector.id, match.secret]),
    [['github-token', token]],
  );
});

test('a URI password match carries a masked display and what it opens', () => {
  const [match] = scan('create_engine("postgresql://mlflow:Tr4in-Run-2024@db.internal:5432/mlflow")');
  assert.equal(match!.display, 'postgresql://mlflow:••••@db.internal:5432');
  assert.equal(match!.detail, 'postgresql service at db.internal:5432 as mlflow');
  assert.ok(!match!.display!.includes('Tr4in'));
});

test('texts shorter than any credential are not scanned', () => {
  assert.deepEqual(scan('hf_'), []);
  assert.deepEqual(scan(''), []);
});
