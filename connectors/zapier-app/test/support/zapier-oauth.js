'use strict';

// Zapier's OAuth2 client as the test plays it: Passerelle is started with this client configured
// (what an operator sets with PASSERELLE_ZAPIER_CLIENT_ID / _SECRET / _REDIRECT_URI), and the app
// reads the same id and secret from its environment, as on Zapier (zapier env:set).

const CLIENT_ID = 'zapier-app-test';
const CLIENT_SECRET = 'zapier-app-test-secret';
// Zapier's own return address for a CLI app; the test never follows it, it reads the code off it.
const REDIRECT_URI = 'https://zapier.com/dashboard/auth/oauth/return/PasserelleCLIAPI/';

const serverArgs = () => [
  `--passerelle.oauth.zapier.client-id=${CLIENT_ID}`,
  `--passerelle.oauth.zapier.client-secret=${CLIENT_SECRET}`,
  `--passerelle.oauth.zapier.redirect-uris=${REDIRECT_URI}`,
];

const useClientEnv = () => {
  process.env.CLIENT_ID = CLIENT_ID;
  process.env.CLIENT_SECRET = CLIENT_SECRET;
};

module.exports = { CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, serverArgs, useClientEnv };
