'use strict';

const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { compileApp, validateApp } = require('zapier-platform-core/src/tools/schema');
const App = require('../index');
const { normaliseBaseUrl } = require('../lib/base-url');
const { idempotencyKey } = require('../lib/idempotency');
const { fieldPaths, pathOfOutputKey } = require('./support/fields');
const output = require('../lib/output-fields');

const EVENTS = [
  'client.created',
  'product.created',
  'document.created',
  'document.issued',
  'document.sent',
  'document.viewed',
  'document.paid',
  'document.overdue',
  'document.credited',
  'email.delivered',
  'email.bounced',
  'email.dropped',
  'card.moved',
  'task.due',
  'task.done',
  'account.needs_reconnect',
  'shop.order_received',
];

describe('the app definition', () => {
  it('is valid for the Zapier platform schema', () => {
    const problems = validateApp(compileApp(App));
    assert.deepStrictEqual(problems, [], JSON.stringify(problems, null, 2));
  });

  it('is valid with OAuth2 authentication as well (the other app config), asking for every scope it uses', () => {
    const { buildApp } = require('../lib/app');
    const oauth2 = buildApp(require('../authentication-oauth2'));
    const problems = validateApp(compileApp(oauth2));
    assert.deepStrictEqual(problems, [], JSON.stringify(problems, null, 2));
    const config = oauth2.authentication.oauth2Config;
    assert.deepStrictEqual(config.scope.split(' ').sort(),
      ['clients:write', 'documents:write', 'events:read', 'products:write']);
    assert.strictEqual(config.enablePkce, true);
    assert.strictEqual(config.autoRefresh, true);
    assert.strictEqual(App.authentication.type, 'custom', 'index.js exports the API-key app unless package.json says oauth2');
  });

  it('has one REST-hook trigger with performList for each event type of the contract', () => {
    const hooks = Object.values(App.triggers).filter((t) => t.operation.type === 'hook');
    const events = hooks.map((t) => t.operation.sample.type).sort();
    assert.deepStrictEqual(events, [...EVENTS].sort());
    hooks.forEach((t) => {
      ['performSubscribe', 'performUnsubscribe', 'perform', 'performList'].forEach((m) =>
        assert.strictEqual(typeof t.operation[m], 'function', `${t.key}.${m}`),
      );
    });
  });

  it('labels fields that exist in the samples captured from Passerelle', () => {
    const all = [...Object.values(App.triggers), ...Object.values(App.creates), ...Object.values(App.searches)];
    all.forEach((action) => {
      const paths = fieldPaths(action.operation.sample);
      action.operation.outputFields.forEach((f) => {
        assert.ok(paths.has(pathOfOutputKey(f.key)), `${action.key}: output field ${f.key} is not in its sample`);
      });
    });
    // Every label is used: a typo in a key would silently label nothing.
    const samples = fs.readdirSync(path.join(__dirname, '..', 'samples')).map((f) => require(`../samples/${f}`));
    const subjects = samples.map((s) => (s.type && s.data ? s.data : s));
    ['client', 'product', 'document', 'email', 'order', 'cardMove', 'task', 'account'].forEach((kind) => {
      output[kind].forEach((f) => assert.ok(subjects.some((s) => output.has(s, f.key)), `output.${kind}: ${f.key} is in no sample`));
    });
  });

  it('has a committed sample, captured from a live Passerelle, for every event type', () => {
    EVENTS.forEach((event) => {
      const file = path.join(__dirname, '..', 'samples', `${event}.json`);
      const sample = JSON.parse(fs.readFileSync(file, 'utf8'));
      assert.strictEqual(sample.type, event);
      assert.ok(sample.id && sample.occurredAt && sample.data && typeof sample.data === 'object', file);
    });
  });
});

describe('the Passerelle address', () => {
  it('is read forgivingly', () => {
    assert.strictEqual(normaliseBaseUrl(' https://p.example.com/ '), 'https://p.example.com');
    assert.strictEqual(normaliseBaseUrl('https://p.example.com/api/v1/'), 'https://p.example.com');
    assert.strictEqual(normaliseBaseUrl('https://example.com/passerelle/api'), 'https://example.com/passerelle');
    assert.strictEqual(normaliseBaseUrl('http://127.0.0.1:8080'), 'http://127.0.0.1:8080');
  });

  it('is refused, saying why, when it is not a plain web address', () => {
    assert.throws(() => normaliseBaseUrl(''), /required/);
    assert.throws(() => normaliseBaseUrl('p.example.com'), /starting with https:\/\//);
    assert.throws(() => normaliseBaseUrl('ftp://p.example.com'), /starting with https:\/\//);
    assert.throws(() => normaliseBaseUrl('https://user:pw@p.example.com'), /user name or password/);
    assert.throws(() => normaliseBaseUrl('https://p.example.com/?x=1'), /no "\?" or "#"/);
  });
});

describe('the idempotency key of a create', () => {
  const bundle = (inputData, zapId = 42) => ({ inputData, meta: { zap: { id: zapId } } });

  it('is the dedupe key when one is mapped, scoped to the action', () => {
    assert.strictEqual(idempotencyKey(bundle({ dedupeKey: ' lead-7 ' }), 'create_client', {}), 'zapier:create_client:lead-7');
    const long = idempotencyKey(bundle({ dedupeKey: 'é'.repeat(300) }), 'create_client', {});
    assert.match(long, /^zapier:create_client:k:[0-9a-f]{64}$/);
  });

  it('else depends on the zap, the action and the inputs, not on their order', () => {
    const a = idempotencyKey(bundle({}), 'create_client', { name: 'A', email: 'a@example.com' });
    assert.strictEqual(a, idempotencyKey(bundle({}), 'create_client', { email: 'a@example.com', name: 'A' }));
    assert.notStrictEqual(a, idempotencyKey(bundle({}), 'create_client', { name: 'B', email: 'a@example.com' }));
    assert.notStrictEqual(a, idempotencyKey(bundle({}, 43), 'create_client', { name: 'A', email: 'a@example.com' }));
    assert.notStrictEqual(a, idempotencyKey(bundle({}), 'update_client', { name: 'A', email: 'a@example.com' }));
    assert.ok(a.length <= 200);
  });
});
