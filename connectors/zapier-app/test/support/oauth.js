'use strict';

// An OAuth2 provider for connected accounts, served by the receiver (support/receiver.js): it
// grants a code at once, and refuses every refresh with invalid_grant, as a provider does once
// the user revoked the access. Its tokens expire at once and Passerelle's refresh job runs every
// second here, so a connected account needs reconnecting within moments ("Account Needs
// Reconnect").

const crypto = require('crypto');

const PROVIDER = 'zaptest';
const CLIENT_ID = 'zapier-test';

// Passerelle's settings for this provider.
const providerArgs = (receiverUrl) => [
  `--passerelle.accounts.providers.${PROVIDER}.title=Zapier test provider`,
  `--passerelle.accounts.providers.${PROVIDER}.client-id=${CLIENT_ID}`,
  `--passerelle.accounts.providers.${PROVIDER}.client-secret=zapier-test-secret`,
  `--passerelle.accounts.providers.${PROVIDER}.authorization-uri=${receiverUrl}/oauth/authorize`,
  `--passerelle.accounts.providers.${PROVIDER}.token-uri=${receiverUrl}/oauth/token`,
  '--passerelle.accounts.refresh-cron=* * * * * ?',
];

const base64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

// An id token says who signed in; Passerelle trusts the token endpoint's TLS for it (OpenID
// Connect Core 3.1.3.7) and checks its audience.
const idToken = (email) =>
  `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: `user-${email}`, email, aud: CLIENT_ID })}.`;

const serveProvider = (receiver) =>
  receiver.respond('/oauth/token', (hit) => {
    const form = new URLSearchParams(hit.body);
    if (form.get('grant_type') === 'authorization_code') {
      const email = form.get('code');
      return {
        status: 200,
        body: {
          access_token: `at-${crypto.randomBytes(8).toString('hex')}`,
          token_type: 'Bearer',
          expires_in: 1,
          refresh_token: `rt-${crypto.randomBytes(8).toString('hex')}`,
          scope: 'openid email',
          id_token: idToken(email),
        },
      };
    }
    return { status: 400, body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } };
  });

// Connects an account as the tenant does in a browser: begins, and comes back to Passerelle's
// callback with the state and a code (the code is the e-mail the provider signs in).
const connectAccount = async (api, email) => {
  const begun = await api.ok(api.post('/api/v1/accounts', { provider: PROVIDER, purpose: 'api' }), 201);
  const state = new URL(begun.authorizationUrl).searchParams.get('state');
  const back = await api.ok(api.get(`/accounts/callback?state=${encodeURIComponent(state)}&code=${encodeURIComponent(email)}`));
  return back.account;
};

module.exports = { providerArgs, serveProvider, connectAccount };
