'use strict';

const assert = require('assert');
const crypto = require('crypto');
const zapier = require('zapier-platform-core');
const { buildApp } = require('../lib/app');
const context = require('./support/context');
const { client } = require('./support/api');
const { browser, allowFields } = require('./support/browser');
const { CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, useClientEnv } = require('./support/zapier-oauth');

// The app built with OAuth2 authentication (package.json "passerelle.authentication": "oauth2").
const App = buildApp(require('../authentication-oauth2'));
const appTester = zapier.createAppTester(App);

// The real flow against the live Passerelle, no mock of it: a console user signs in, allows Zapier
// on the consent page, the app exchanges the code with its PKCE verifier, calls an action, refreshes,
// and a revocation (then an unlink) ends the connection.
describe('authentication (OAuth2, Passerelle as the authorization server)', function () {
  this.timeout(60000);

  let tenant;
  let owner;
  const password = 'correct horse battery staple';

  before(async () => {
    useClientEnv();
    const operator = client(context.passerelle.baseUrl, context.passerelle.adminToken);
    tenant = await operator.ok(operator.post('/api/v1/tenants', { name: 'Atelier OAuth (Zapier test)' }), 201);
    const email = `owner-${crypto.randomUUID()}@example.com`;
    const invited = await operator.ok(operator.post(`/api/v1/tenants/${tenant.id}/users`, { email, role: 'OWNER' }), 201);
    const accepted = await browser(context.passerelle.baseUrl).submit(invited.link, invited.link, [
      ['password', password],
      ['confirmation', password],
    ]);
    assert.strictEqual(accepted.status, 302, accepted.text);
    owner = { email };
  });

  // What Zapier does with enablePkce: a verifier of its own, its S256 challenge on the authorize URL.
  const pkce = () => {
    const verifier = crypto.randomBytes(32).toString('base64url');
    return { verifier, challenge: crypto.createHash('sha256').update(verifier).digest('base64url') };
  };

  // The user's part, in their browser: sign in to Passerelle's console, allow (when asked: a consent
  // is remembered until unlink). Returns the code sent back to Zapier, and whether consent was asked.
  const connect = async (authorizeUrl, state) => {
    const page = browser(context.passerelle.baseUrl);
    const toSignIn = await page.get(authorizeUrl);
    assert.strictEqual(toSignIn.status, 302);
    assert.match(toSignIn.location, /\/sign-in\?next=/);
    const next = new URL(toSignIn.location, context.passerelle.baseUrl).searchParams.get('next');
    const signedIn = await page.submit(toSignIn.location, '/sign-in', [
      ['email', owner.email],
      ['password', password],
      ['next', next],
    ]);
    assert.strictEqual(signedIn.status, 302, signedIn.text);
    let answer = await page.get(signedIn.location);
    assert.strictEqual(answer.status, 302);
    const asked = /\/oauth2\/consent\?/.test(answer.location);
    if (asked) {
      const consent = await page.get(answer.location);
      assert.strictEqual(consent.status, 200);
      ['Allow Zapier to use your Passerelle account?', 'Atelier OAuth (Zapier test)', 'create and update your clients',
        'create and update your products', 'create, issue and send your invoices', 'be told when something happens']
        .forEach((words) => assert.ok(consent.text.includes(words), `the consent page says "${words}"`));
      answer = await page.submit(answer.location, '/oauth2/authorize', allowFields(consent.text));
      assert.strictEqual(answer.status, 302, answer.text);
    }
    const back = new URL(answer.location);
    assert.strictEqual(`${back.origin}${back.pathname}`, REDIRECT_URI);
    assert.strictEqual(back.searchParams.get('state'), state);
    assert.ok(back.searchParams.get('code'), answer.location);
    return { code: back.searchParams.get('code'), asked };
  };

  const authorizeUrlWithPkce = async (state, challenge) => {
    const url = await appTester(App.authentication.oauth2Config.authorizeUrl, {
      inputData: { baseUrl: `${context.passerelle.baseUrl}/`, state, redirect_uri: REDIRECT_URI },
    });
    return `${url}&code_challenge=${challenge}&code_challenge_method=S256`;
  };

  const revoke = (token) =>
    fetch(`${context.passerelle.baseUrl}/oauth2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, client_id: CLIENT_ID, client_secret: CLIENT_SECRET }).toString(),
    });

  it('connects: sign in, consent, code + PKCE exchanged; the token calls actions for that tenant; refresh; revoke', async () => {
    const { verifier, challenge } = pkce();
    const state = crypto.randomUUID();
    const authorizeUrl = await authorizeUrlWithPkce(state, challenge);
    assert.ok(authorizeUrl.startsWith(`${context.passerelle.baseUrl}/oauth2/authorize?`), authorizeUrl);
    const first = await connect(authorizeUrl, state);
    assert.strictEqual(first.asked, true, 'the first connection asks for consent');
    const { code } = first;

    // A wrong verifier gets no token.
    await assert.rejects(
      appTester(App.authentication.oauth2Config.getAccessToken, {
        inputData: { baseUrl: context.passerelle.baseUrl, code, redirect_uri: REDIRECT_URI, code_verifier: pkce().verifier },
      }),
      /invalid_grant/,
    );
    const state2 = crypto.randomUUID();
    const { code: code2 } = await connect(await authorizeUrlWithPkce(state2, challenge), state2);
    const authData = await appTester(App.authentication.oauth2Config.getAccessToken, {
      inputData: { baseUrl: context.passerelle.baseUrl, code: code2, redirect_uri: REDIRECT_URI, code_verifier: verifier },
    });
    assert.ok(authData.access_token && authData.refresh_token);
    assert.strictEqual(authData.baseUrl, context.passerelle.baseUrl);

    const me = await appTester(App.authentication.test, { authData });
    assert.strictEqual(me.tenantId, tenant.id);
    assert.strictEqual(await appTester(App.authentication.connectionLabel, { authData, inputData: me }), tenant.name);

    const email = `lead-${crypto.randomUUID()}@example.com`;
    const created = await appTester(App.creates.create_client.operation.perform, {
      authData,
      inputData: { name: 'Zoë OAuth', email },
      meta: { zap: { id: 7001 } },
    });
    assert.strictEqual(created.name, 'Zoë OAuth');
    const owners = client(context.passerelle.baseUrl, tenant.apiKey);
    const seen = await owners.ok(owners.get(`/api/v1/clients/${created.id}`));
    assert.strictEqual(seen.name, 'Zoë OAuth');

    // Refresh: a new access token, the same refresh token; the old access token asks for a refresh.
    const refreshed = await appTester(App.authentication.oauth2Config.refreshAccessToken, { authData });
    assert.notStrictEqual(refreshed.access_token, authData.access_token);
    assert.strictEqual(refreshed.refresh_token, authData.refresh_token);
    await assert.rejects(appTester(App.authentication.test, { authData }), (e) => e.name === 'RefreshAuthError');
    const fresh = { ...authData, ...refreshed };
    assert.strictEqual((await appTester(App.authentication.test, { authData: fresh })).tenantId, tenant.id);

    // Revoked (as Zapier does when the user deletes the connection): the token stops at once, and
    // the refresh is refused, which makes Zapier ask the user to reconnect.
    assert.strictEqual((await revoke(fresh.refresh_token)).status, 200);
    await assert.rejects(appTester(App.authentication.test, { authData: fresh }), (e) => e.name === 'RefreshAuthError');
    await assert.rejects(appTester(App.authentication.oauth2Config.refreshAccessToken, { authData: fresh }), /invalid_grant/);
  });

  it('"Unlink Zapier" ends the OAuth2 connection and its subscriptions at once', async () => {
    const { verifier, challenge } = pkce();
    const state = crypto.randomUUID();
    const { code } = await connect(await authorizeUrlWithPkce(state, challenge), state);
    const authData = await appTester(App.authentication.oauth2Config.getAccessToken, {
      inputData: { baseUrl: context.passerelle.baseUrl, code, redirect_uri: REDIRECT_URI, code_verifier: verifier },
    });
    const sub = await appTester(App.triggers.new_client.operation.performSubscribe, {
      authData,
      targetUrl: `${context.receiver.url}/hooks/oauth-zap`,
      meta: { zap: { id: 7002 } },
      inputData: {},
    });
    const owners = client(context.passerelle.baseUrl, tenant.apiKey);
    const before = await owners.ok(owners.get('/api/v1/integrations/zapier'));
    assert.strictEqual(before.linked, true);
    assert.strictEqual(before.oauthGrants, 1);
    assert.strictEqual(before.subscriptions, 1);

    await owners.ok(owners.del('/api/v1/integrations/zapier'), 204);

    await assert.rejects(appTester(App.authentication.test, { authData }), (e) => e.name === 'RefreshAuthError');
    await assert.rejects(appTester(App.authentication.oauth2Config.refreshAccessToken, { authData }), /invalid_grant/);
    assert.strictEqual((await owners.get(`/api/v1/subscriptions/${sub.id}`)).status, 404);
    const after = await owners.ok(owners.get('/api/v1/integrations/zapier'));
    assert.deepStrictEqual([after.linked, after.oauthGrants, after.subscriptions], [false, 0, 0]);
    // Connecting again asks for consent again.
    const again = await connect(await authorizeUrlWithPkce(state, challenge), state);
    assert.strictEqual(again.asked, true);
  });
});
