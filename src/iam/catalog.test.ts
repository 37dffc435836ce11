import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCESS_LEVELS, iamCatalog, type AccessLevel } from './catalog.js';

// The catalog's shortcuts (counts written at build time, one lookup for an action without wildcards) must
// give what unpacking every action would.

test('totals, from the build-time counts, match the unpacked actions', () => {
  const catalog = iamCatalog();
  const all = catalog.allActions();
  const byLevel = Object.fromEntries(ACCESS_LEVELS.map((level) => [level, 0])) as Record<AccessLevel, number>;
  const perService = new Map<string, number>();
  for (const info of all) {
    byLevel[info.level]++;
    perService.set(info.service, (perService.get(info.service) ?? 0) + 1);
  }
  const totals = catalog.totals();
  assert.ok(all.length > 15_000, 'the whole catalog');
  assert.equal(totals.total, all.length);
  assert.deepEqual(totals.byLevel, byLevel);
  assert.deepEqual(new Map([...totals.perService].filter(([, count]) => count > 0)), perService);
  assert.ok(byLevel['Permissions management'] > 0 && byLevel.List > 0);
});

test('an action without wildcards expands to the same entry a wildcard finds, in any case', () => {
  const catalog = iamCatalog();
  const [getObject] = catalog.expand('s3:GetObject');
  assert.equal(getObject?.id, 's3:GetObject');
  assert.equal(catalog.expand('S3:getobject')[0], getObject);
  assert.ok(catalog.expand('s3:Get*').includes(getObject!));
  assert.equal(catalog.expand('s3:GetObj?ct')[0], getObject);
  assert.equal(catalog.action('s3:GetObject'), getObject);
  assert.deepEqual(catalog.expand('s3:NoSuchAction'), []);
  assert.deepEqual(catalog.expand('nosuchservice:GetObject'), []);
  // A wildcard service with a plain action name: every service that has it.
  const expected = catalog.allActions().filter((info) => info.service.startsWith('s3') && info.name.toLowerCase() === 'getobject');
  assert.ok(expected.length >= 2, 's3 and s3-object-lambda');
  assert.deepEqual(catalog.expand('s3*:GetObject'), expected);
});
