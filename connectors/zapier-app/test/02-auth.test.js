'use strict';

const assert = require('assert');
const zapier = require('zapier-platform-core');
const App = require('../index');
const context = require('./support/context');

const appTester = zapier.createAppTester(App);

describe('authentication (API key + Passerelle address)', () => {
  it('tests the connection with GET /api/v1/me and labels it with the tenant name', async () => {
    const me = await appTester(App.authentication.test, { authData: context.authData });
    assert.strictEqual(me.tenantId, context.tenant.id);
    assert.strictEqual(me.name, context.tenant.name);
    const label = await appTester(App.authentication.connectionLabel, { authData: context.authData, inputData: me });
    assert.strictEqual(label, context.tenant.name);
  });

  it('accepts the address as pasted with a trailing /api/v1/', async () => {
    const authData = { ...context.authData, baseUrl: ` ${context.authData.baseUrl}/api/v1/ ` };
    const me = await appTester(App.authentication.test, { authData });
    assert.strictEqual(me.tenantId, context.tenant.id);
  });

  it('asks to reconnect when the key is refused (401)', async () => {
    const authData = { ...context.authData, apiKey: `${context.zapier.apiKey}x` };
    await assert.rejects(appTester(App.authentication.test, { authData }), (e) => {
      assert.strictEqual(e.name, 'ExpiredAuthError');
      assert.match(e.message, /Reconnect your Passerelle account/);
      return true;
    });
  });

  it('says what is wrong with an address that is not one', async () => {
    const authData = { ...context.authData, baseUrl: 'passerelle.example.com' };
    await assert.rejects(appTester(App.authentication.test, { authData }), /Passerelle address: expected an address starting with https:\/\//);
  });

  it('says so when the address answers but is not Passerelle', async () => {
    const authData = { ...context.authData, baseUrl: context.receiver.url };
    await assert.rejects(appTester(App.authentication.test, { authData }), /did not answer like Passerelle/);
  });

  it('sends the key to the Passerelle address only', async () => {
    const other = `${context.receiver.url}/elsewhere`;
    await appTester(async (z) => z.request({ url: other, skipThrowForStatus: true }), { authData: context.authData });
    const hit = context.receiver.received.find((r) => r.path === '/elsewhere');
    assert.ok(hit, 'the request reached the receiver');
    assert.strictEqual(hit.headers.authorization, undefined);
  });
});
