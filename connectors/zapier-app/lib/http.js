'use strict';

const { baseUrlFor } = require('./base-url');

// Operations name Passerelle's endpoints by path ("/api/v1/me"); this middleware puts the
// connection's address in front and adds its credential: the API key, or the OAuth2 access token.
// The credential is only ever sent to that address (and never to the token endpoint, which takes the
// client's own credentials): a request to any other URL goes out without it.
const addBaseUrlAndAuth = (request, z, bundle) => {
  const authData = bundle.authData || {};
  request.headers = request.headers || {};
  if (!request.headers.Accept && !request.headers.accept) {
    request.headers.Accept = 'application/json, application/problem+json';
  }
  // Passerelle never redirects its API; following one could carry the credential elsewhere.
  request.redirect = 'manual';
  const relative = request.url && request.url.startsWith('/');
  if (!relative && !authData.baseUrl) {
    // Connecting with OAuth2: the code exchange names its full URL and there is no connection yet.
    return request;
  }
  const base = baseUrlFor(z, authData.baseUrl);
  if (relative) {
    request.url = base + request.url;
  }
  const credential = authData.access_token || authData.apiKey;
  const toApi = request.url && request.url.startsWith(`${base}/`) && !request.url.startsWith(`${base}/oauth2/`);
  if (credential && toApi) {
    request.headers.Authorization = `Bearer ${String(credential).trim()}`;
  }
  return request;
};

const RECONNECT =
  'Passerelle refused the API key (401): it was revoked (for example by "Unlink Zapier") or is ' +
  'wrong. Reconnect your Passerelle account in Zapier with a new key from ' +
  'POST /api/v1/integrations/zapier.';

const problemOf = (response) => {
  const type = String(response.getHeader('content-type') || '');
  if (!/json/i.test(type)) {
    return null;
  }
  try {
    const body = JSON.parse(response.content);
    return body && typeof body === 'object' && !Array.isArray(body) ? body : null;
  } catch (e) {
    return null;
  }
};

// "field: message" for each entry of a problem's `errors` the detail does not already say.
const fieldErrors = (problem, detail) =>
  (problem && Array.isArray(problem.errors) ? problem.errors : [])
    .filter((e) => e && typeof e === 'object' && e.message)
    .map((e) => (e.field ? `${e.field}: ${e.message}` : String(e.message)))
    .filter((text) => !detail.includes(text));

const describe = (response, problem) => {
  // The token endpoint answers OAuth2's way ({error, error_description}), not problem+json.
  if (problem && typeof problem.error === 'string') {
    const why = typeof problem.error_description === 'string' ? `: ${problem.error_description}` : '';
    return `Passerelle refused ${new URL(response.request.url).pathname} (${problem.error})${why}`;
  }
  const title = problem && typeof problem.title === 'string' ? problem.title : '';
  const detail = problem && typeof problem.detail === 'string' ? problem.detail : '';
  const said = [detail, ...fieldErrors(problem, detail)].filter(Boolean).join('; ');
  if (title && said && title !== said) {
    return `${title}: ${said}`;
  }
  if (title || said) {
    return title || said;
  }
  const method = (response.request && response.request.method) || 'GET';
  const path = response.request && response.request.url ? new URL(response.request.url).pathname : '';
  return `Passerelle answered ${response.status} to ${method} ${path}`;
};

// Turns Passerelle's problem+json answers into errors a zap's owner can act on: the problem's
// title and detail (which names the field, what was expected and what came) instead of
// Zapier's generic "Got 422 calling POST ...".
const handleErrors = (response, z) => {
  if (response.status < 300) {
    return response;
  }
  const problem = problemOf(response);
  if (response.status === 401) {
    // An API key has nothing to refresh: ExpiredAuthError marks the connection as needing a
    // reconnect (RefreshAuthError is only for session and OAuth2 auth).
    const said = problem && problem.detail ? ` Passerelle said: ${problem.detail}` : '';
    throw new z.errors.ExpiredAuthError(`${RECONNECT}${said}`);
  }
  // Too many requests, or Passerelle could not do it right now and says when to come back:
  // Zapier runs the step again after that delay instead of failing it.
  const retryAfter = parseInt(response.getHeader('retry-after'), 10);
  if (response.status === 429 || (response.status === 503 && Number.isFinite(retryAfter))) {
    throw new z.errors.ThrottledError(describe(response, problem), Number.isFinite(retryAfter) ? retryAfter : 60);
  }
  if (response.status >= 300 && response.status < 400) {
    throw new z.errors.Error(
      `Passerelle answered with a redirect (${response.status}) to ${response.getHeader('location') || '?'}: ` +
        'check the Passerelle address of this connection (https, and the exact address of the server).',
      'Redirected',
      response.status,
    );
  }
  const code = problem && typeof problem.title === 'string' && problem.title ? problem.title
    : problem && typeof problem.error === 'string' ? problem.error : `HTTP ${response.status}`;
  throw new z.errors.Error(describe(response, problem), code, response.status);
};

// z.errors.Error keeps {message, code, status} as JSON in its message; null for other errors.
const appErrorOf = (error) => {
  if (!error || error.name !== 'AppError') {
    return null;
  }
  try {
    return JSON.parse(error.message);
  } catch (e) {
    return null;
  }
};

module.exports = { addBaseUrlAndAuth, handleErrors, appErrorOf, RECONNECT };
