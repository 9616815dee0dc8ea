'use strict';

// The client's details as a zap fills them, shared by "Create Client", "Update Client" and
// the search-or-create pairing (whose create receives the search's inputs by key).
const LANGUAGES = { en: 'English', fr: 'French', de: 'German', it: 'Italian', es: 'Spanish', nl: 'Dutch' };

const clientDetailFields = [
  { key: 'company', label: 'Company', type: 'string', required: false },
  { key: 'phone', label: 'Phone', type: 'string', required: false },
  { key: 'vatNumber', label: 'VAT Number', type: 'string', required: false, placeholder: 'BE0123456789' },
  {
    key: 'language',
    label: 'Language',
    type: 'string',
    required: false,
    choices: LANGUAGES,
    helpText: 'The language of the documents and emails this client receives.',
  },
  {
    key: 'externalId',
    label: 'External ID',
    type: 'string',
    required: false,
    helpText: "The client's id in the other app (e.g. the CRM contact id); Passerelle finds the client by it first.",
  },
  { key: 'addressLine1', label: 'Address Line 1', type: 'string', required: false },
  { key: 'addressLine2', label: 'Address Line 2', type: 'string', required: false },
  { key: 'postcode', label: 'Postcode', type: 'string', required: false },
  { key: 'city', label: 'City', type: 'string', required: false },
  {
    key: 'country',
    label: 'Country',
    type: 'string',
    required: false,
    placeholder: 'BE',
    helpText: 'Two-letter country code (ISO 3166-1), e.g. BE, FR, DE.',
  },
];

const CLIENT_KEYS = ['name', 'email'].concat(clientDetailFields.map((f) => f.key));

module.exports = { clientDetailFields, CLIENT_KEYS };
