'use strict';

const assert = require('assert');
const zapier = require('zapier-platform-core');
const App = require('../index');
const context = require('./support/context');
const { client } = require('./support/api');

const appTester = zapier.createAppTester(App);

// Runs after the files that use the shared Zapier key (it revokes it); 06-oauth2 has a tenant of its own.
describe('"Unlink Zapier"', function () {
  this.timeout(60000);

  it('revokes the key and its subscriptions: the connection then asks to reconnect', async () => {
    const owner = client(context.passerelle.baseUrl, context.tenant.apiKey);
    const sub = await appTester(App.triggers.invoice_paid.operation.performSubscribe, {
      authData: context.authData,
      targetUrl: `${context.receiver.url}/hooks/after-unlink`,
      meta: { zap: { id: 9100 } },
      inputData: {},
    });
    const before = await owner.ok(owner.get('/api/v1/integrations/zapier'));
    assert.strictEqual(before.linked, true);
    assert.ok(before.subscriptions >= 1);

    await owner.ok(owner.del('/api/v1/integrations/zapier'), 204);

    await assert.rejects(appTester(App.authentication.test, { authData: context.authData }), (e) => {
      assert.strictEqual(e.name, 'ExpiredAuthError');
      assert.match(e.message, /revoked \(for example by "Unlink Zapier"\)/);
      return true;
    });
    assert.strictEqual((await owner.get(`/api/v1/subscriptions/${sub.id}`)).status, 404);
    const after = await owner.ok(owner.get('/api/v1/integrations/zapier'));
    assert.strictEqual(after.linked, false);
    assert.strictEqual(after.subscriptions, 0);
    // The tenant's own key is not Zapier's: it still works.
    assert.strictEqual((await owner.get('/api/v1/me')).status, 200);
  });
});
