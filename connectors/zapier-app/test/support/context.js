'use strict';

// What the root hooks set up once for every test file: one live Passerelle, one tenant with
// a Zapier key, one local hook receiver.
module.exports = {
  passerelle: null, // { baseUrl, adminToken, stop, logFile }
  receiver: null, // support/receiver.js
  mailhub: null, // support/mailhub.js: the SMTP server Passerelle sends through, and its bounce mailbox
  tenant: null, // { id, name, apiKey (the tenant's first key) }
  zapier: null, // the answer of POST /api/v1/integrations/zapier: { keyId, apiKey, name, createdAt }
  authData: null, // what Zapier would keep for the connection: { baseUrl, apiKey }
};
