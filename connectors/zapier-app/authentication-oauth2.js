'use strict';

const { baseUrlFor, baseUrlField } = require('./lib/base-url');
// The same connection test as with an API key: GET /api/v1/me names the tenant the token acts for.
const { test } = require('./authentication');

// Connecting with OAuth2, Passerelle being the authorization server: the user names their
// Passerelle, signs in to its console there and allows Zapier; Zapier exchanges the code (with its
// PKCE verifier) for an access token and a refresh token. The client id and secret are the ones the
// Passerelle operator configured (PASSERELLE_ZAPIER_CLIENT_ID / _SECRET) and this app version's
// environment holds (CLIENT_ID, CLIENT_SECRET). See docs/zapier.md, "Connecting with OAuth2".

// What the app does: clients, products and documents (write, which includes finding them), and
// events (the triggers' subscriptions and recent items).
const SCOPES = 'clients:write products:write documents:write events:read';

// Zapier adds code_challenge and code_challenge_method (enablePkce) to this URL.
const authorizeUrl = (z, bundle) => {
  const base = baseUrlFor(z, bundle.inputData.baseUrl);
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: process.env.CLIENT_ID,
    redirect_uri: bundle.inputData.redirect_uri,
    scope: SCOPES,
    state: bundle.inputData.state,
  });
  return `${base}/oauth2/authorize?${params}`;
};

const tokenRequest = async (z, base, form) => {
  const response = await z.request({
    url: `${base}/oauth2/token`,
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: { ...form, client_id: process.env.CLIENT_ID, client_secret: process.env.CLIENT_SECRET },
  });
  // A 4xx here (invalid_grant: revoked, unlinked, expired) throws; Zapier then marks the connection
  // stale and asks the user to reconnect, which is what it should do.
  return response.data;
};

const getAccessToken = async (z, bundle) => {
  const base = baseUrlFor(z, bundle.inputData.baseUrl);
  const token = await tokenRequest(z, base, {
    grant_type: 'authorization_code',
    code: bundle.inputData.code,
    redirect_uri: bundle.inputData.redirect_uri,
    code_verifier: bundle.inputData.code_verifier,
  });
  // Kept in authData: every later request goes to this address.
  return { access_token: token.access_token, refresh_token: token.refresh_token, baseUrl: base };
};

const refreshAccessToken = async (z, bundle) => {
  const base = baseUrlFor(z, bundle.authData.baseUrl);
  const token = await tokenRequest(z, base, { grant_type: 'refresh_token', refresh_token: bundle.authData.refresh_token });
  // Passerelle keeps the refresh token (it answers the same one); take a new one if it ever sends it.
  return { access_token: token.access_token, refresh_token: token.refresh_token || bundle.authData.refresh_token };
};

module.exports = {
  type: 'oauth2',
  // Asked before the authorization page: which Passerelle (it is self-hosted).
  fields: [
    baseUrlField('You will sign in to it and allow Zapier.'),
  ],
  oauth2Config: {
    authorizeUrl,
    getAccessToken,
    refreshAccessToken,
    scope: SCOPES,
    autoRefresh: true,
    enablePkce: true,
  },
  test,
  connectionLabel: (z, bundle) => bundle.inputData.name,
};
