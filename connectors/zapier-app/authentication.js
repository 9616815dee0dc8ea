'use strict';

const { normaliseBaseUrl, BaseUrlError } = require('./lib/base-url');

// Zapier calls this when the user connects (and whenever it rechecks the connection):
// GET /api/v1/me answers the tenant the key belongs to. Its name becomes the connection label.
const test = async (z, bundle) => {
  try {
    normaliseBaseUrl(bundle.authData.baseUrl);
  } catch (e) {
    if (e instanceof BaseUrlError) {
      throw new z.errors.Error(e.message, 'InvalidBaseUrl', 400);
    }
    throw e;
  }
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
    {
      key: 'baseUrl',
      label: 'Passerelle address',
      type: 'string',
      required: true,
      helpText:
        'The address of your Passerelle server as your browser reaches it, e.g. `https://passerelle.example.com` ' +
        '(Zapier must be able to reach it over the internet).',
    },
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
