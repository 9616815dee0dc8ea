'use strict';

const { baseUrlFor, baseUrlField } = require('./lib/base-url');

// Zapier calls this when the user connects (and whenever it rechecks the connection):
// GET /api/v1/me answers the tenant the key belongs to. Its name becomes the connection label.
const test = async (z, bundle) => {
  baseUrlFor(z, bundle.authData.baseUrl);
  const response = await z.request({ url: '/api/v1/me' });
  const me = response.data;
  if (!me || typeof me !== 'object' || !me.tenantId) {
    throw new z.errors.Error(
      `${response.request.url} did not answer like Passerelle (no tenantId): check the Passerelle address.`,
      'NotPasserelle',
      response.status,
    );
  }
  return me;
};

module.exports = {
  type: 'custom',
  fields: [
    baseUrlField('Then paste an API key made for Zapier.'),
    {
      key: 'apiKey',
      label: 'API key',
      type: 'password',
      required: true,
      helpText:
        'A key made for Zapier: in Passerelle, `POST /api/v1/integrations/zapier` answers it once ' +
        '(see docs/zapier.md in Passerelle). Unlinking Zapier revokes it.',
    },
  ],
  test,
  // The test's answer ({tenantId, name}) is what Zapier hands the label as inputData.
  connectionLabel: (z, bundle) => bundle.inputData.name,
};
