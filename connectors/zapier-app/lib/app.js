'use strict';

const { addBaseUrlAndAuth, handleErrors } = require('./http');

const byKey = (...definitions) => Object.fromEntries(definitions.map((d) => [d.key, d]));

const triggers = byKey(
  require('../triggers/new_client'),
  require('../triggers/new_product'),
  require('../triggers/document_created'),
  require('../triggers/document_issued'),
  require('../triggers/document_sent'),
  require('../triggers/document_viewed'),
  require('../triggers/invoice_paid'),
  require('../triggers/invoice_overdue'),
  require('../triggers/invoice_credited'),
  require('../triggers/email_delivered'),
  require('../triggers/email_bounced'),
  require('../triggers/email_dropped'),
  require('../triggers/card_moved'),
  require('../triggers/task_due'),
  require('../triggers/task_done'),
  require('../triggers/account_needs_reconnect'),
  require('../triggers/new_shop_order'),
  require('../triggers/client_list'),
  require('../triggers/document_list'),
);

const creates = byKey(
  require('../creates/create_client'),
  require('../creates/update_client'),
  require('../creates/create_product'),
  require('../creates/create_document'),
  require('../creates/send_document'),
);

const searches = byKey(require('../searches/find_client'), require('../searches/find_product'));

// The same app with either way of connecting: an API key (authentication.js) or OAuth2 with
// Passerelle as the authorization server (authentication-oauth2.js). A Zapier app version has one;
// package.json's "passerelle.authentication" picks the one index.js exports (see README.md).
const buildApp = (authentication) => ({
  version: require('../package.json').version,
  platformVersion: require('zapier-platform-core').version,
  authentication,
  beforeRequest: [addBaseUrlAndAuth],
  afterResponse: [handleErrors],
  triggers,
  creates,
  searches,
  searchOrCreates: {
    find_client: {
      key: 'find_client',
      display: { label: 'Find or Create Client', description: 'Finds a client by e-mail or external ID; creates it when there is none.' },
      search: 'find_client',
      create: 'create_client',
    },
    find_product: {
      key: 'find_product',
      display: { label: 'Find or Create Product', description: 'Finds a product by SKU; creates it when there is none.' },
      search: 'find_product',
      create: 'create_product',
    },
  },
});

module.exports = { buildApp };
