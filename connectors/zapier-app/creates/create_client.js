'use strict';

const { create, pick } = require('../lib/actions');
const { dedupeKeyField } = require('../lib/idempotency');
const { clientDetailFields, CLIENT_KEYS } = require('../lib/client-fields');
const output = require('../lib/output-fields');
const sample = require('../samples/client.json');

// upsert-client: finds the client by external id, then by e-mail, and updates it; creates it
// when there is none. A zap that runs twice for the same lead therefore keeps one client.
const perform = (z, bundle) => create(z, bundle, 'create_client', 'upsert-client', pick(bundle.inputData, CLIENT_KEYS));

module.exports = {
  key: 'create_client',
  noun: 'Client',
  display: {
    label: 'Create or Update Client',
    description:
      'Creates a client, or updates the one with the same external ID or e-mail address.',
  },
  operation: {
    inputFields: [
      { key: 'name', label: 'Name', type: 'string', required: true, helpText: "The client's name as it appears on documents." },
      { key: 'email', label: 'E-mail', type: 'string', required: false, helpText: 'Main e-mail address: documents are sent to it.' },
      ...clientDetailFields,
      dedupeKeyField,
    ],
    perform,
    sample,
    outputFields: output.forSample(output.client, sample),
  },
};
