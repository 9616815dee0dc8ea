'use strict';

const assert = require('assert');
const crypto = require('crypto');
const zapier = require('zapier-platform-core');
const App = require('../index');
const context = require('./support/context');
const { client } = require('./support/api');
const scenario = require('./support/scenario');
const { fieldPaths, difference } = require('./support/fields');

const appTester = zapier.createAppTester(App);

const hookTriggers = () => Object.values(App.triggers).filter((t) => t.operation.type === 'hook');

// How Zapier hands a hook's request to perform: headers other than Content-Type and
// Content-Length prefixed with "Http-", in Camel-Case.
const asZapierRawRequest = (hit) => {
  const headers = {};
  Object.entries(hit.headers).forEach(([name, value]) => {
    const camel = name
      .split('-')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join('-');
    headers[['content-type', 'content-length'].includes(name) ? camel : `Http-${camel}`] = value;
  });
  return { method: hit.method, querystring: '', headers, content: hit.body };
};

// Standard Webhooks, checked here independently of the app's own code.
const assertSigned = (hit, secret) => {
  const id = hit.headers['webhook-id'];
  const timestamp = hit.headers['webhook-timestamp'];
  assert.ok(id && timestamp && hit.headers['webhook-signature'], `Standard Webhooks headers: ${JSON.stringify(hit.headers)}`);
  assert.ok(Math.abs(Date.now() / 1000 - Number(timestamp)) < 300, `webhook-timestamp ${timestamp} is now`);
  assert.match(secret, /^whsec_[A-Za-z0-9+/=]+$/);
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = `v1,${crypto.createHmac('sha256', key).update(`${id}.${timestamp}.${hit.body}`).digest('base64')}`;
  assert.ok(hit.headers['webhook-signature'].split(' ').includes(expected), 'webhook-signature matches the secret');
  assert.strictEqual(JSON.parse(hit.body).id, id, 'webhook-id is the event id');
};

describe('REST-hook triggers against a live Passerelle', function () {
  this.timeout(120000);
  const subscriptions = {}; // trigger key → subscribeData
  const deliveries = {}; // trigger key → the first delivery of its event
  let api;

  before(async () => {
    api = client(context.passerelle.baseUrl, context.zapier.apiKey);
    for (const trigger of hookTriggers()) {
      subscriptions[trigger.key] = await appTester(trigger.operation.performSubscribe, {
        authData: context.authData,
        targetUrl: `${context.receiver.url}/hooks/${trigger.key}`,
        meta: { zap: { id: 9001 } },
        inputData: {},
      });
    }
  });

  it('subscribes each trigger: Passerelle answers the subscription with its signing secret', async () => {
    for (const trigger of hookTriggers()) {
      const sub = subscriptions[trigger.key];
      assert.strictEqual(sub.event, trigger.operation.sample.type);
      assert.strictEqual(sub.status, 'ACTIVE');
      assert.match(sub.secret, /^whsec_/);
      const stored = await api.ok(api.get(`/api/v1/subscriptions/${sub.id}`));
      assert.strictEqual(stored.targetUrl, `${context.receiver.url}/hooks/${trigger.key}`);
    }
  });

  it('delivers each event, signed, to its subscription, with exactly the fields of the committed sample', async () => {
    const subjects = await scenario.everyEvent(api, context.mailhub);
    for (const trigger of hookTriggers()) {
      const event = trigger.operation.sample.type;
      assert.ok(event in subjects, `the scenario causes ${event}`);
      const hit = await context.receiver.waitFor(
        (r) => r.path === `/hooks/${trigger.key}` && scenario.isAbout(JSON.parse(r.body), event, subjects),
        30000,
        `${event} delivery`,
      );
      assertSigned(hit, subscriptions[trigger.key].secret);
      const payload = JSON.parse(hit.body);
      const diff = difference(fieldPaths(payload), fieldPaths(trigger.operation.sample));
      assert.deepStrictEqual(diff, { onlyLive: [], onlySample: [] }, `${event}: live payload and samples/${event}.json differ`);
      deliveries[trigger.key] = hit;
    }
  });

  it('hands a signed delivery to the zap as one item (perform)', async () => {
    const hit = deliveries.new_client;
    const trigger = App.triggers.new_client;
    const items = await appTester(trigger.operation.perform, {
      authData: context.authData,
      subscribeData: subscriptions.new_client,
      rawRequest: asZapierRawRequest(hit),
      cleanedRequest: JSON.parse(hit.body),
    });
    assert.deepStrictEqual(items, [JSON.parse(hit.body)]);
  });

  it('halts on a request to the hook URL that Passerelle did not sign', async () => {
    const hit = deliveries.new_client;
    const forged = { ...hit, body: hit.body.replace(/"type"/, '"forged":true,"type"') };
    await assert.rejects(
      appTester(App.triggers.new_client.operation.perform, {
        authData: context.authData,
        subscribeData: subscriptions.new_client,
        rawRequest: asZapierRawRequest(forged),
        cleanedRequest: JSON.parse(forged.body),
      }),
      (e) => e.name === 'HaltedError' && /did not sign/.test(e.message),
    );
  });

  it('lists recent real items for the zap editor (performList), newest first, shaped as the deliveries', async () => {
    for (const trigger of hookTriggers()) {
      const event = trigger.operation.sample.type;
      assert.ok(deliveries[trigger.key], `${event} was delivered (previous test)`);
      const items = await appTester(trigger.operation.performList, { authData: context.authData, inputData: {} });
      assert.ok(Array.isArray(items) && items.length >= 1 && items.length <= 3, `${event}: ${items.length} items`);
      items.forEach((item) => assert.strictEqual(item.type, event));
      const times = items.map((i) => Date.parse(i.occurredAt));
      assert.deepStrictEqual(times, [...times].sort((a, b) => b - a), `${event}: newest first`);
      // The newest item is the delivered event, its subject unchanged since: the same fields.
      assert.strictEqual(items[0].id, JSON.parse(deliveries[trigger.key].body).id, `${event}: the delivered event is the newest`);
      const diff = difference(fieldPaths(items[0]), fieldPaths(trigger.operation.sample));
      assert.deepStrictEqual(diff, { onlyLive: [], onlySample: [] }, `${event}: performList item and sample differ`);
    }
  });

  it('unsubscribes each trigger: the subscription is gone', async () => {
    for (const trigger of hookTriggers()) {
      const sub = subscriptions[trigger.key];
      await appTester(trigger.operation.performUnsubscribe, { authData: context.authData, subscribeData: sub, inputData: {} });
      const res = await api.get(`/api/v1/subscriptions/${sub.id}`);
      assert.strictEqual(res.status, 404, `${trigger.key}: ${res.status} ${res.text}`);
    }
  });
});
