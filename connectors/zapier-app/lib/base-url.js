'use strict';

// Passerelle is self-hosted: every connection names its own server. The address is what the
// user pastes, so it is read forgivingly (spaces, a trailing slash, a pasted "/api/v1") but
// checked strictly: only http(s), no credentials, query or fragment, which would otherwise end
// up in every request URL.

const API_SUFFIX = /\/api(\/v1)?\/?$/;

class BaseUrlError extends Error {}

const normaliseBaseUrl = (raw) => {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (!text) {
    throw new BaseUrlError(
      'Passerelle address: required. Paste the address of your Passerelle, e.g. https://passerelle.example.com',
    );
  }
  if (!/^https?:\/\//i.test(text)) {
    throw new BaseUrlError(
      `Passerelle address: expected an address starting with https:// (or http://), got "${text}"`,
    );
  }
  let url;
  try {
    url = new URL(text);
  } catch (e) {
    throw new BaseUrlError(`Passerelle address: "${text}" is not a valid web address`);
  }
  if (url.username || url.password) {
    throw new BaseUrlError(
      'Passerelle address: must not contain a user name or password; the API key goes in its own field',
    );
  }
  if (url.search || url.hash) {
    throw new BaseUrlError(
      `Passerelle address: expected no "?" or "#" part, got "${text}"`,
    );
  }
  const path = url.pathname.replace(/\/+$/, '').replace(API_SUFFIX, '');
  return `${url.protocol}//${url.host}${path}`;
};

// The address as a step uses it: a wrong one fails the step with the reason, as a Zapier error.
const baseUrlFor = (z, raw) => {
  try {
    return normaliseBaseUrl(raw);
  } catch (e) {
    if (e instanceof BaseUrlError) {
      throw new z.errors.Error(e.message, 'InvalidBaseUrl', 400);
    }
    throw e;
  }
};

// The connection form's address field; `then` says what comes next (paste a key, or sign in).
const baseUrlField = (then) => ({
  key: 'baseUrl',
  label: 'Passerelle address',
  type: 'string',
  required: true,
  helpText:
    'The address of your Passerelle server as your browser reaches it, e.g. `https://passerelle.example.com` ' +
    `(Zapier must be able to reach it over the internet). ${then}`,
});

module.exports = { normaliseBaseUrl, BaseUrlError, baseUrlFor, baseUrlField };
