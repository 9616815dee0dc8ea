'use strict';

const { buildApp } = require('./lib/app');

// Which way users connect this app version: "api-key" (default) or "oauth2", from package.json, so
// that what `zapier push` uploads and what runs on Zapier are the same definition.
const AUTHENTICATIONS = {
  'api-key': () => require('./authentication'),
  oauth2: () => require('./authentication-oauth2'),
};
const choice = (require('./package.json').passerelle || {}).authentication || 'api-key';
if (!AUTHENTICATIONS[choice]) {
  throw new Error(`package.json passerelle.authentication: "api-key" or "oauth2", got "${choice}"`);
}

module.exports = buildApp(AUTHENTICATIONS[choice]());
