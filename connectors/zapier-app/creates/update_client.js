'use strict';

const { create, pick } = require('../lib/actions');
const { dedupeKeyField } = require('../lib/idempotency');
const { clientDetailFields, CLIENT_KEYS } = require('../lib/client-fields');
const output = require('../lib/output-fields');
const sample = require('../samples/client.json');

// update-client: changes only the fields that are filled in; empty ones keep their value.
const perform = (z, bundle) =>
  create(z, bundle, 'update_client', 'update-client', pick(bundle.inputData, ['clientId'].concat(CLIENT_KEYS)));

module.exports = {
  key: 'update_client',
  noun: 'Client',
  display: {
    label: 'Update Client',
    description: "Changes an existing client's details; fields left empty keep their value.",
  },
  operation: {
    inputFields: [
      {
        key: 'clientId',
        label: 'Client',
        type: 'string',
        required: true,
        dynamic: 'client_list.id.name',
        search: 'find_client.id',
        helpText: 'Pick the client, or map its ID from a "Find Client" step.',
      },
      { key: 'name', label: 'Name', type: 'string', required: false },
      { key: 'email', label: 'E-mail', type: 'string', required: false },
      ...clientDetailFields,
      dedupeKeyField,
    ],
    perform,
    sample,
    outputFields: output.forSample(output.client, sample),
  },
};
